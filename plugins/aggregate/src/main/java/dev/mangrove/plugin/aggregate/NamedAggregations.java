package dev.mangrove.plugin.aggregate;

import dev.mangrove.domain.aggregation.NamedPipelines;
import dev.mangrove.domain.document.Document;
import dev.mangrove.domain.error.MangroveException;

/**
 * Named aggregations from collection metadata, {@code aggrs: [{"uri": …, "stages": [...]}]}, with
 * {@code {"$var": …}} placeholders filled from {@code avars} (RESTHeart's format, docs/plugins.md#aggregate);
 * the filling is {@link NamedPipelines}', shared with change streams.
 */
final class NamedAggregations {
    private NamedAggregations() {
    }

    /**
     * The stages of the aggregation named {@code uri} with its variables filled in.
     *
     * @param metadata the collection's metadata
     * @param uri      the aggregation's name
     * @param avars    the parsed {@code avars} parameter, or {@code null} when absent
     * @throws MangroveException 404 {@code aggregation-not-found}; 400 for bad {@code avars} or a missing variable
     */
    static Object pipeline(Document metadata, String uri, Object avars) {
        return NamedPipelines.pipeline(metadata, "aggrs", "aggregation", uri, avars);
    }
}
