package dev.mangrove.application.service;

import dev.mangrove.application.port.in.AggregateQuery;
import dev.mangrove.application.port.in.AggregateUseCase;
import dev.mangrove.application.port.out.AggregationStore;
import dev.mangrove.application.port.out.CatalogStore;
import dev.mangrove.application.port.out.DocumentCursor;
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
    private final CatalogStore catalog;

    /** A service over the given store; a missing collection (asked of {@code catalog}) is a 404. */
    public AggregateService(AggregationStore store, CatalogStore catalog) {
        this.store = Objects.requireNonNull(store, "store");
        this.catalog = Objects.requireNonNull(catalog, "catalog");
    }

    @Override
    public DocumentCursor aggregate(AggregateQuery query) {
        List<Map<String, Object>> stages = PipelineCheck.allowing(query.allowedStages())
                .check(query.pipeline(), query.namespace().database().value());
        Existence.requireCollection(catalog, query.namespace());
        if (query.limit() == 0) {
            return DocumentCursor.of(List.of());
        }
        return store.aggregate(query.namespace(), scoped(stages, query.scope()), query.skip(), query.limit());
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
