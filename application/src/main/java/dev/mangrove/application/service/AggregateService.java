package dev.mangrove.application.service;

import dev.mangrove.application.port.in.AggregateQuery;
import dev.mangrove.application.port.in.AggregateUseCase;
import dev.mangrove.application.port.in.ResultCursor;
import dev.mangrove.application.port.out.AggregationStore;
import dev.mangrove.domain.aggregation.PipelineCheck;
import dev.mangrove.domain.query.Filter;
import dev.mangrove.domain.query.QueryDocument;
import dev.mangrove.domain.security.DataScope;

import java.util.ArrayList;
import java.util.LinkedHashMap;
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
    public ResultCursor aggregate(AggregateQuery query) {
        List<Map<String, Object>> stages = PipelineCheck.allowing(query.allowedStages())
                .check(query.pipeline(), query.namespace().database().value());
        if (query.limit() == 0) {
            return ResultCursor.of(List.of());
        }
        return Cursors.results(store.aggregate(query.namespace(), scoped(stages, query.scope()), query.skip(),
                query.limit()));
    }

    /**
     * The checked stages behind the data scope's own: {@code {"$match": readFilter}} and, when fields are hidden,
     * {@code {"$project": projectResponse}} — added after the check, as the server's, not the client's, stages.
     */
    static List<Map<String, Object>> scoped(List<Map<String, Object>> stages, DataScope scope) {
        boolean filtered = !(scope.readFilter() instanceof Filter.All);
        boolean projected = !scope.projectResponse().isNone();
        if (!filtered && !projected) {
            return stages;
        }
        List<Map<String, Object>> out = new ArrayList<>(stages.size() + 2);
        if (filtered) {
            out.add(Map.of("$match", QueryDocument.of(scope.readFilter())));
        }
        if (projected) {
            out.add(Map.of("$project", new LinkedHashMap<>(scope.projectResponse().spec())));
        }
        out.addAll(stages);
        return List.copyOf(out);
    }
}
