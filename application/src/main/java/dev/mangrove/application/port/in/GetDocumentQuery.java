package dev.mangrove.application.port.in;

import dev.mangrove.domain.query.Projection;
import dev.mangrove.domain.resource.Namespace;

import java.util.Objects;

/**
 * Read one document by id.
 *
 * @param namespace  the collection
 * @param id         the document id (a domain value)
 * @param projection the fields to return
 */
public record GetDocumentQuery(Namespace namespace, Object id, Projection projection) {
    public GetDocumentQuery {
        Objects.requireNonNull(namespace, "namespace");
        Objects.requireNonNull(projection, "projection");
    }
}
