package dev.mangrove.application.port.out;

import dev.mangrove.domain.resource.Namespace;

import java.util.List;
import java.util.Map;

/** Runs aggregation pipelines in a backend. */
public interface AggregationStore {
    /** The results of {@code stages} after skipping {@code skip} and keeping at most {@code limit}, streamed. */
    DocumentCursor aggregate(Namespace namespace, List<Map<String, Object>> stages, long skip, long limit);
}
