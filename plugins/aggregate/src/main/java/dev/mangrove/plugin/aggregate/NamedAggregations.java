package dev.mangrove.plugin.aggregate;

import dev.mangrove.domain.document.Document;
import dev.mangrove.domain.error.MangroveException;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Named aggregations from collection metadata, {@code aggrs: [{"uri": …, "stages": [...]}]}, with
 * {@code {"$var": "name"}} or {@code {"$var": ["name", default]}} placeholders filled from {@code avars}
 * (RESTHeart's format, SPEC §7.2).
 */
final class NamedAggregations {
    private static final String VAR = "$var";

    private NamedAggregations() {
    }

    /**
     * The stages of the aggregation named {@code uri} with its variables filled in.
     *
     * @param metadata the collection's metadata
     * @param uri      the aggregation's name
     * @param avars    the parsed {@code avars} parameter, or {@code null} when absent
     * @throws MangroveException 404 {@code aggregation-not-found}; 400 for bad {@code avars} or a missing variable
     */
    static Object pipeline(Document metadata, String uri, Object avars) {
        Map<String, Object> variables = variables(avars);
        Object aggrs = metadata.get("aggrs");
        if (aggrs instanceof List<?> list) {
            for (Object element : list) {
                Map<?, ?> definition = map(element);
                if (definition != null && uri.equals(definition.get("uri"))) {
                    if (!definition.containsKey("stages")) {
                        throw MangroveException.badRequest("invalid-pipeline",
                                "The aggregation '" + uri + "' in the collection metadata has no 'stages'");
                    }
                    return fill(definition.get("stages"), variables, uri);
                }
            }
        }
        throw MangroveException.notFound("aggregation-not-found",
                "No aggregation named '" + uri + "' is defined in this collection's metadata (aggrs)");
    }

    private static Map<String, Object> variables(Object avars) {
        if (avars == null) {
            return Map.of();
        }
        Map<?, ?> map = map(avars);
        if (map == null) {
            throw MangroveException.badRequest("invalid-parameter",
                    "Parameter 'avars' must be a JSON object of variables, such as avars={\"city\": \"Oslo\"}");
        }
        Map<String, Object> out = new LinkedHashMap<>();
        for (Map.Entry<?, ?> entry : map.entrySet()) {
            String name = String.valueOf(entry.getKey());
            if (name.startsWith("$")) {
                throw operator(name);
            }
            refuseOperators(entry.getValue());
            out.put(name, entry.getValue());
        }
        return out;
    }

    /** Variable values are data: no key anywhere in them may start with {@code $} (no query operators). */
    private static void refuseOperators(Object value) {
        Map<?, ?> map = map(value);
        if (map != null) {
            for (Map.Entry<?, ?> entry : map.entrySet()) {
                String key = String.valueOf(entry.getKey());
                if (key.startsWith("$")) {
                    throw operator(key);
                }
                refuseOperators(entry.getValue());
            }
        } else if (value instanceof List<?> list) {
            list.forEach(NamedAggregations::refuseOperators);
        }
    }

    private static MangroveException operator(String key) {
        return MangroveException.badRequest("operator-not-allowed", "Parameter 'avars' must not contain operators ("
                + key + "): variable values are data, not query or aggregation expressions");
    }

    private static Object fill(Object value, Map<String, Object> variables, String uri) {
        Map<?, ?> map = map(value);
        if (map != null) {
            if (map.size() == 1 && map.containsKey(VAR)) {
                return variable(map.get(VAR), variables, uri);
            }
            Map<String, Object> out = new LinkedHashMap<>();
            map.forEach((k, v) -> out.put(String.valueOf(k), fill(v, variables, uri)));
            return out;
        }
        if (value instanceof List<?> list) {
            List<Object> out = new ArrayList<>(list.size());
            list.forEach(element -> out.add(fill(element, variables, uri)));
            return out;
        }
        return value;
    }

    private static Object variable(Object spec, Map<String, Object> variables, String uri) {
        String name;
        boolean hasDefault = false;
        Object fallback = null;
        if (spec instanceof String s) {
            name = s;
        } else if (spec instanceof List<?> list && list.size() == 2 && list.get(0) instanceof String s) {
            name = s;
            hasDefault = true;
            fallback = list.get(1);
        } else {
            throw MangroveException.badRequest("invalid-pipeline", "The aggregation '" + uri
                    + "' has a malformed $var: expected {\"$var\": \"name\"} or {\"$var\": [\"name\", default]}");
        }
        if (variables.containsKey(name)) {
            return unwrap(variables.get(name));
        }
        if (hasDefault) {
            return unwrap(fallback);
        }
        throw MangroveException.badRequest("missing-variable", "The aggregation '" + uri + "' needs the variable '"
                + name + "': pass it as avars={\"" + name + "\": …}");
    }

    private static Object unwrap(Object value) {
        Map<?, ?> map = map(value);
        if (map != null) {
            Map<String, Object> out = new LinkedHashMap<>();
            map.forEach((k, v) -> out.put(String.valueOf(k), unwrap(v)));
            return out;
        }
        if (value instanceof List<?> list) {
            List<Object> out = new ArrayList<>(list.size());
            list.forEach(element -> out.add(unwrap(element)));
            return out;
        }
        return value;
    }

    private static Map<?, ?> map(Object value) {
        if (value instanceof Document document) {
            return document.fields();
        }
        return value instanceof Map<?, ?> map ? map : null;
    }
}
