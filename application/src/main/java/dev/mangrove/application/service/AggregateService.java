package dev.mangrove.application.service;

import dev.mangrove.application.port.in.AggregateQuery;
import dev.mangrove.application.port.in.AggregateUseCase;
import dev.mangrove.application.port.in.ResultCursor;
import dev.mangrove.application.port.out.AggregationStore;
import dev.mangrove.application.port.out.CatalogStore;
import dev.mangrove.domain.aggregation.PipelineCheck;
import dev.mangrove.domain.error.MangroveException;
import dev.mangrove.domain.query.Filter;
import dev.mangrove.domain.query.QueryDocument;
import dev.mangrove.domain.security.DataScope;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

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
    public ResultCursor aggregate(AggregateQuery query) {
        List<Map<String, Object>> stages = PipelineCheck.allowing(query.allowedStages())
                .check(query.pipeline(), query.namespace().database().value());
        Existence.requireCollection(catalog, query.namespace());
        if (query.limit() == 0) {
            return ResultCursor.of(List.of());
        }
        if (restricts(query.scope())) {
            checkScopable(stages);
        }
        return Cursors.results(store.aggregate(query.namespace(), scoped(stages, query.scope()), query.skip(),
                query.limit()));
    }

    /**
     * The stages that only transform the documents flowing from the data scope's own {@code $match} and
     * {@code $project}; any other stage ({@code $indexStats}, {@code $collStats}, {@code $currentOp},
     * {@code $documents}, {@code $listSessions}, ...) reads something else than the scoped documents, so a user
     * whose permission restricts the data may not run it (docs/security.md#how-data-scopes-apply-to-each-route).
     */
    static final Set<String> SCOPABLE_STAGES = Set.of("$match", "$project", "$addFields", "$set", "$unset",
            "$group", "$sort", "$limit", "$skip", "$count", "$unwind", "$bucket", "$bucketAuto", "$facet", "$lookup",
            "$graphLookup", "$unionWith", "$replaceRoot", "$replaceWith", "$sample", "$sortByCount", "$redact",
            "$densify", "$fill", "$setWindowFields");

    private static boolean restricts(DataScope scope) {
        return !(scope.readFilter() instanceof Filter.All) || !scope.projectResponse().isNone();
    }

    /** Refuses (403 {@code stage-not-allowed}) a stage outside {@link #SCOPABLE_STAGES}, also in sub-pipelines. */
    private static void checkScopable(List<?> stages) {
        for (Object element : stages) {
            if (!(element instanceof Map<?, ?> stage)) {
                continue;
            }
            for (Map.Entry<?, ?> entry : stage.entrySet()) {
                String name = String.valueOf(entry.getKey());
                if (!SCOPABLE_STAGES.contains(name)) {
                    throw MangroveException.forbidden("stage-not-allowed", "The stage " + name + " is not available "
                            + "to a user whose permission restricts the data it may read (readFilter or projectResponse)");
                }
                if (name.equals("$facet") && entry.getValue() instanceof Map<?, ?> facets) {
                    facets.values().forEach(sub -> checkSub(sub));
                } else if ((name.equals("$lookup") || name.equals("$unionWith"))
                        && entry.getValue() instanceof Map<?, ?> spec) {
                    checkSub(spec.get("pipeline"));
                }
            }
        }
    }

    private static void checkSub(Object pipeline) {
        if (pipeline instanceof List<?> sub) {
            checkScopable(sub);
        }
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
