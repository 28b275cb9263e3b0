/**
 * Parses a collection read's query parameters in every supported dialect (RESTHeart, MangoREST,
 * express-monger, Eve) into the domain query model (docs/querying.md#filters, docs/querying.md#projection-sort-paging-count-hint).
 */
package dev.mangrove.adapter.http.query;
