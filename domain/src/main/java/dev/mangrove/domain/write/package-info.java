/** Write modes, updates and the validation of new documents (docs/api.md#documents, docs/api.md#inserts). */
package dev.mangrove.domain.write;
