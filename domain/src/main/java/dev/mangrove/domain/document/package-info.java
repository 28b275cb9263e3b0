/** Documents and their values, ids and id types, with no dependency on BSON or JSON libraries. */
package dev.mangrove.domain.document;
