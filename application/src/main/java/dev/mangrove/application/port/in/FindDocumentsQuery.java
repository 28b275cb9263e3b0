package dev.mangrove.application.port.in;

import dev.mangrove.domain.query.Query;
import dev.mangrove.domain.resource.Namespace;
import dev.mangrove.domain.security.DataScope;

import java.util.Objects;

/**
 * Read documents of a collection.
 *
 * @param namespace the collection
 * @param query     what to read, as the client asked (the scope's filter and projection are added by the use case)
 * @param scope     what the caller may see (docs/security.md); {@link DataScope#UNRESTRICTED} for all
 */
public record FindDocumentsQuery(Namespace namespace, Query query, DataScope scope) {
    public FindDocumentsQuery {
        Objects.requireNonNull(namespace, "namespace");
        Objects.requireNonNull(query, "query");
        Objects.requireNonNull(scope, "scope");
    }

    /** An unrestricted read. */
    public FindDocumentsQuery(Namespace namespace, Query query) {
        this(namespace, query, DataScope.UNRESTRICTED);
    }
}
