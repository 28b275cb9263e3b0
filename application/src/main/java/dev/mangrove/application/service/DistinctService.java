package dev.mangrove.application.service;

import dev.mangrove.application.port.in.DistinctQuery;
import dev.mangrove.application.port.in.DistinctUseCase;
import dev.mangrove.application.port.out.CatalogStore;
import dev.mangrove.application.port.out.DistinctStore;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/** Distinct values, one backend query per field. */
public final class DistinctService implements DistinctUseCase {
    private final DistinctStore store;
    private final CatalogStore catalog;

    /** A service over the given store; a missing collection (asked of {@code catalog}) is a 404. */
    public DistinctService(DistinctStore store, CatalogStore catalog) {
        this.store = Objects.requireNonNull(store, "store");
        this.catalog = Objects.requireNonNull(catalog, "catalog");
    }

    @Override
    public Map<String, List<Object>> distinct(DistinctQuery query) {
        Existence.requireCollection(catalog, query.namespace());
        Map<String, List<Object>> out = new LinkedHashMap<>();
        for (String field : query.fields()) {
            out.put(field, store.distinct(query.namespace(), field, query.filter()));
        }
        return out;
    }
}
