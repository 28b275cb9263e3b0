package dev.mangrove.application.port.in;

import dev.mangrove.domain.error.MangroveException;
import dev.mangrove.domain.resource.Namespace;
import dev.mangrove.domain.security.DataScope;

import java.util.Objects;
import java.util.Set;

/**
 * An aggregation pipeline to run on a collection, one page of its results (docs/plugins.md#aggregate).
 *
 * @param namespace     the collection
 * @param pipeline      the parsed JSON pipeline, checked by the use case (an array of stage documents)
 * @param allowedStages otherwise refused stages and operators the server is configured to allow
 * @param skip          how many results to skip, at least 0
 * @param limit         how many results at most, at least 0
 * @param scope         the caller's data scope: its readFilter becomes a leading {@code $match} and its
 *                      projectResponse a {@code $project} right after, so no stage sees hidden documents or fields
 */
public record AggregateQuery(Namespace namespace, Object pipeline, Set<String> allowedStages, long skip, long limit,
                             DataScope scope) {
    /** A query without a data scope (security off). */
    public AggregateQuery(Namespace namespace, Object pipeline, Set<String> allowedStages, long skip, long limit) {
        this(namespace, pipeline, allowedStages, skip, limit, DataScope.UNRESTRICTED);
    }

    public AggregateQuery {
        Objects.requireNonNull(namespace, "namespace");
        Objects.requireNonNull(scope, "scope");
        allowedStages = Set.copyOf(allowedStages);
        if (skip < 0 || limit < 0) {
            throw MangroveException.badRequest("invalid-parameter", "Paging must not be negative");
        }
    }
}
