package dev.mangrove.application.port.in;

import dev.mangrove.domain.error.MangroveException;
import dev.mangrove.domain.query.Filter;
import dev.mangrove.domain.resource.Namespace;

import java.util.List;
import java.util.Objects;

/**
 * Distinct values of some fields (docs/plugins.md#distinct).
 *
 * @param namespace the collection
 * @param fields    the dotted field paths, at least one, none starting with {@code $}
 * @param filter    which documents
 */
public record DistinctQuery(Namespace namespace, List<String> fields, Filter filter) {
    public DistinctQuery {
        Objects.requireNonNull(namespace, "namespace");
        Objects.requireNonNull(filter, "filter");
        fields = List.copyOf(fields);
        if (fields.isEmpty()) {
            throw MangroveException.badRequest("missing-parameter", "Parameter 'fields' is required, such as fields=a,b");
        }
        for (String field : fields) {
            if (field.isBlank() || field.startsWith("$") || field.contains("..") || field.startsWith(".")
                    || field.endsWith(".")) {
                throw MangroveException.badRequest("invalid-parameter",
                        "Parameter 'fields' has an invalid field name '" + field + "'; expected dotted field paths");
            }
        }
    }
}
