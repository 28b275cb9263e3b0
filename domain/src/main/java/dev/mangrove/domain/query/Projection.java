package dev.mangrove.domain.query;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * Which fields to return: a MongoDB projection document ({@code {"a": 1}} or {@code {"b": 0}}).
 *
 * @param spec the projection, empty for whole documents
 */
public record Projection(Map<String, Object> spec) {
    private static final Projection NONE = new Projection(Map.of());

    public Projection {
        spec = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(Objects.requireNonNull(spec, "spec")));
    }

    /** Whole documents. */
    public static Projection none() {
        return NONE;
    }

    /** Whether whole documents are returned. */
    public boolean isNone() {
        return spec.isEmpty();
    }
}
