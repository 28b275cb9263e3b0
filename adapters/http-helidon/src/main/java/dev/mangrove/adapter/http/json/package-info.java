/**
 * MongoDB Extended JSON v2 for the HTTP adapter: a streaming reader for request bodies and query
 * parameters and a streaming writer for responses, both on jackson-core alone.
 */
package dev.mangrove.adapter.http.json;
