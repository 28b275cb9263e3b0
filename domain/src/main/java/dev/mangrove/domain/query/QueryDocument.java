package dev.mangrove.domain.query;

import dev.mangrove.domain.document.RegexValue;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The MongoDB query document of a {@link Filter}, as an ordered map of domain values: the one translation
 * that the persistence adapter writes as BSON and the application puts in a {@code $match} stage.
 */
public final class QueryDocument {
    private QueryDocument() {
    }

    /** The query document of {@code filter}: a new, mutable map in the order the filter gives its parts. */
    public static Map<String, Object> of(Filter filter) {
        return switch (filter) {
            case Filter.All all -> new LinkedHashMap<>();
            case Filter.And and -> and.filters().isEmpty() ? new LinkedHashMap<>() : combine("$and", and.filters());
            // an empty disjunction matches nothing: the negation of "match everything"
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
            // a document value would read as operators and a regex as a pattern match: compare exactly
            case EQ -> value instanceof Map<?, ?> || value instanceof RegexValue
                    ? single(condition.field(), single("$eq", value))
                    : single(condition.field(), value);
            case IN, NIN -> single(condition.field(), single(operator(condition.op()), asList(value)));
            default -> single(condition.field(), single(operator(condition.op()), value));
        };
    }

    private static String operator(Filter.Operator op) {
        return "$" + op.name().toLowerCase(Locale.ROOT);
    }

    private static List<?> asList(Object value) {
        if (value instanceof List<?> list) {
            return list;
        }
        if (value instanceof Collection<?> collection) {
            return new ArrayList<>(collection);
        }
        return Collections.singletonList(value);
    }

    private static Map<String, Object> single(String key, Object value) {
        Map<String, Object> map = new LinkedHashMap<>();
        map.put(key, value);
        return map;
    }
}
