/**
 * The MongoDB persistence adapter: the outbound ports over one MongoDB Reactive Streams client, domain
 * values and queries encoded to BSON without intermediate documents, capability detection, and the one
 * place where driver failures become domain errors.
 */
package dev.mangrove.adapter.mongo;
