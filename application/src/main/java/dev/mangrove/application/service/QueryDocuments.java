package dev.mangrove.application.service;

import dev.mangrove.domain.document.RegexValue;
import dev.mangrove.domain.query.Filter;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The MongoDB query document of a domain filter, as domain values (for a {@code $match} stage); the same
 * translation the persistence adapter's {@code QueryBson} makes into BSON.
 */
final class QueryDocuments {
    private QueryDocuments() {
    }

    static Map<String, Object> of(Filter filter) {
        return switch (filter) {
            case Filter.All all -> new LinkedHashMap<>();
            case Filter.And and -> and.filters().isEmpty() ? new LinkedHashMap<>() : combine("$and", and.filters());
            case Filter.Or or -> or.filters().isEmpty() ? single("$nor", List.of(Map.of())) : combine("$or", or.filters());
            case Filter.Nor nor -> nor.filters().isEmpty() ? new LinkedHashMap<>() : combine("$nor", nor.filters());
            case Filter.Condition condition -> condition(condition);
            case Filter.Expression expression -> new LinkedHashMap<>(expression.query());
        };
    }

    private static Map<String, Object> combine(String operator, List<Filter> filters) {
        List<Object> parts = new ArrayList<>(filters.size());
        for (Filter part : filters) {
            parts.add(of(part));
        }
        return single(operator, parts);
    }

    private static Map<String, Object> condition(Filter.Condition condition) {
        Object value = condition.value();
        return switch (condition.op()) {
            case EQ -> value instanceof Map<?, ?> || value instanceof RegexValue
                    ? single(condition.field(), single("$eq", value))
                    : single(condition.field(), value);
            case IN, NIN -> single(condition.field(), single("$" + condition.op().name().toLowerCase(Locale.ROOT),
                    value instanceof List<?> list ? list : value instanceof Collection<?> c ? new ArrayList<>(c)
                            : Collections.singletonList(value)));
            default -> single(condition.field(), single("$" + condition.op().name().toLowerCase(Locale.ROOT), value));
        };
    }

    private static Map<String, Object> single(String key, Object value) {
        Map<String, Object> map = new LinkedHashMap<>();
        map.put(key, value);
        return map;
    }
}
