/** The query model every dialect is parsed into: filters, projection, sort and paging (docs/querying.md). */
package dev.mangrove.domain.query;
