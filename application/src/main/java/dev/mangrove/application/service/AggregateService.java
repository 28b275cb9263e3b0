package dev.mangrove.application.service;

import dev.mangrove.application.port.in.AggregateQuery;
import dev.mangrove.application.port.in.AggregateUseCase;
import dev.mangrove.application.port.out.AggregationStore;
import dev.mangrove.application.port.out.DocumentCursor;
import dev.mangrove.domain.aggregation.PipelineCheck;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/** Checks every pipeline before the store runs it. */
public final class AggregateService implements AggregateUseCase {
    private final AggregationStore store;

    /** A service over the given store. */
    public AggregateService(AggregationStore store) {
        this.store = Objects.requireNonNull(store, "store");
    }

    @Override
    public DocumentCursor aggregate(AggregateQuery query) {
        List<Map<String, Object>> stages = PipelineCheck.allowing(query.allowedStages())
                .check(query.pipeline(), query.namespace().database().value());
        if (query.limit() == 0) {
            return DocumentCursor.of(List.of());
        }
        return store.aggregate(query.namespace(), stages, query.skip(), query.limit());
    }
}
