package dev.mangrove.application.port.in;

import dev.mangrove.domain.query.Projection;
import dev.mangrove.domain.resource.Namespace;
import dev.mangrove.domain.security.DataScope;

import java.util.Objects;

/**
 * Read one document by id.
 *
 * @param namespace  the collection
 * @param id         the document id (a domain value)
 * @param projection the fields to return
 * @param scope      what the caller may see and change (docs/security.md); {@link DataScope#UNRESTRICTED} for all
 */
public record GetDocumentQuery(Namespace namespace, Object id, Projection projection, DataScope scope) {
    public GetDocumentQuery {
        Objects.requireNonNull(namespace, "namespace");
        Objects.requireNonNull(projection, "projection");
        Objects.requireNonNull(scope, "scope");
    }

    /** An unrestricted read. */
    public GetDocumentQuery(Namespace namespace, Object id, Projection projection) {
        this(namespace, id, projection, DataScope.UNRESTRICTED);
    }
}
