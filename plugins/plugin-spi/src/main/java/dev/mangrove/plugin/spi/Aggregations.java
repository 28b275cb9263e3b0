package dev.mangrove.plugin.spi;

import dev.mangrove.domain.resource.Namespace;
import dev.mangrove.domain.security.DataScope;

import java.util.Set;

/** Runs aggregation pipelines, checked for stages that write or run code. */
@FunctionalInterface
public interface Aggregations {
    /**
     * The pipeline's results, one page of them.
     *
     * @param pipeline      the stages (a list of documents)
     * @param allowedStages stages otherwise refused that this call allows (e.g. {@code $lookup} across databases)
     * @param skip          results to skip
     * @param limit         results at most
     * @param scope         the caller's data scope, put in front of the pipeline
     * @throws dev.mangrove.domain.error.MangroveException 400 for a malformed pipeline, 403 for a refused stage
     */
    DocumentStream aggregate(Namespace namespace, Object pipeline, Set<String> allowedStages, long skip, long limit,
                             DataScope scope);
}
