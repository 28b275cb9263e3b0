package dev.mangrove.application.service;

import dev.mangrove.application.port.in.DistinctQuery;
import dev.mangrove.application.port.in.DistinctUseCase;
import dev.mangrove.application.port.out.DistinctStore;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/** Distinct values, one backend query per field. */
public final class DistinctService implements DistinctUseCase {
    private final DistinctStore store;

    /** A service over the given store. */
    public DistinctService(DistinctStore store) {
        this.store = Objects.requireNonNull(store, "store");
    }

    @Override
    public Map<String, List<Object>> distinct(DistinctQuery query) {
        Map<String, List<Object>> out = new LinkedHashMap<>();
        for (String field : query.fields()) {
            out.put(field, store.distinct(query.namespace(), field, query.filter()));
        }
        return out;
    }
}
