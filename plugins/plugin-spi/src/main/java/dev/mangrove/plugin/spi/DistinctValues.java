package dev.mangrove.plugin.spi;

import dev.mangrove.domain.query.Filter;
import dev.mangrove.domain.resource.Namespace;

import java.util.List;
import java.util.Map;

/** The distinct values of fields in a collection. */
@FunctionalInterface
public interface DistinctValues {
    /**
     * Each field's distinct values among the documents the filter selects, in field order.
     *
     * @throws dev.mangrove.domain.error.MangroveException 400 when a field name is invalid or none is given
     */
    Map<String, List<Object>> distinct(Namespace namespace, List<String> fields, Filter filter);
}
