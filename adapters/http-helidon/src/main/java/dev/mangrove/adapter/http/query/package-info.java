/**
 * Parses a collection read's query parameters in every supported dialect (RESTHeart, MangoREST,
 * express-monger, Eve) into the domain query model (SPEC §3.1–§3.2).
 */
package dev.mangrove.adapter.http.query;
