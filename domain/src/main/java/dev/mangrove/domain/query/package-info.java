/** The query model every dialect is parsed into: filters, projection, sort and paging (SPEC §3). */
package dev.mangrove.domain.query;
