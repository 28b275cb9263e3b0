package dev.mangrove.application.port.out;

import dev.mangrove.domain.query.Filter;
import dev.mangrove.domain.resource.Namespace;

import java.util.List;

/** Distinct values of a field in a backend. */
public interface DistinctStore {
    /** The distinct values of {@code field} among the documents matching {@code filter}. */
    List<Object> distinct(Namespace namespace, String field, Filter filter);
}
