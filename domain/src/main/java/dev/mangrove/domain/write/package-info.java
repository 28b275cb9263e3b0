/** Write modes, updates and the validation of new documents (SPEC §4, §5). */
package dev.mangrove.domain.write;
