package dev.mangrove.application.port.in;

import dev.mangrove.domain.query.Query;
import dev.mangrove.domain.resource.Namespace;

import java.util.Objects;

/**
 * Read documents of a collection.
 *
 * @param namespace the collection
 * @param query     what to read
 */
public record FindDocumentsQuery(Namespace namespace, Query query) {
    public FindDocumentsQuery {
        Objects.requireNonNull(namespace, "namespace");
        Objects.requireNonNull(query, "query");
    }
}
