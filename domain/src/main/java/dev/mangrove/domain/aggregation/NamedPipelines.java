package dev.mangrove.domain.aggregation;

import dev.mangrove.domain.document.Document;
import dev.mangrove.domain.error.MangroveException;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Named pipelines from collection metadata, e.g. {@code aggrs} or {@code streams}: {@code [{"uri": …, "stages": [...]}]}, with
 * {@code {"$var": "name"}} or {@code {"$var": ["name", default]}} placeholders filled from {@code avars}
 * (RESTHeart's format, docs/plugins.md#aggregate). A dotted name ({@code "options.limit"}) reads nested {@code avars}; a stage
 * {@code {"$ifvar": [names, stage, elseStage?]}} is kept only when every named variable is given
 * (docs/plugins.md#named-aggregations, docs/streams.md).
 */
public final class NamedPipelines {
    private static final String VAR = "$var";
    private static final String IFVAR = "$ifvar";

    private NamedPipelines() {
    }

    /**
     * The stages of the pipeline named {@code uri} in the metadata list {@code property} with its variables filled in.
     *
     * @param metadata the collection's metadata
     * @param property the metadata property listing the pipelines ({@code aggrs}, {@code streams})
     * @param noun     what the pipeline is called in messages ({@code aggregation}, {@code stream})
     * @param uri      the pipeline's name
     * @param avars    the parsed {@code avars} parameter, or {@code null} when absent
     * @throws MangroveException 404 {@code <noun>-not-found}; 400 for bad {@code avars} or a missing variable
     */
    public static Object pipeline(Document metadata, String property, String noun, String uri, Object avars) {
        Map<String, Object> variables = variables(avars);
        Object definitions = metadata.get(property);
        if (definitions instanceof List<?> list) {
            for (Object element : list) {
                Map<?, ?> definition = map(element);
                if (definition != null && uri.equals(definition.get("uri"))) {
                    if (!definition.containsKey("stages")) {
                        throw MangroveException.badRequest("invalid-pipeline",
                                "The " + noun + " '" + uri + "' in the collection metadata has no 'stages'");
                    }
                    String label = "The " + noun + " '" + uri + "'";
                    return fill(conditional(definition.get("stages"), variables, avars != null, label), variables, label);
                }
            }
        }
        throw MangroveException.notFound(noun + "-not-found",
                "No " + noun + " named '" + uri + "' is defined in this collection's metadata (" + property + ")");
    }

    /** The parsed {@code avars} as variables; 400 when it is not an object or holds operators. */
    public static Map<String, Object> variables(Object avars) {
        return parse(avars);
    }

    private static Map<String, Object> parse(Object avars) {
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
            list.forEach(NamedPipelines::refuseOperators);
        }
    }

    private static MangroveException operator(String key) {
        return MangroveException.badRequest("operator-not-allowed", "Parameter 'avars' must not contain operators ("
                + key + "): variable values are data, not query or aggregation expressions");
    }

    /**
     * The stages with each {@code {"$ifvar": [names, stage, elseStage?]}} replaced by its stage when every named
     * variable is given, else by its else-stage or by nothing (never kept without {@code avars}, as RESTHeart).
     */
    private static Object conditional(Object stages, Map<String, Object> variables, boolean given, String label) {
        if (!(stages instanceof List<?> list)) {
            return stages;
        }
        List<Object> out = new ArrayList<>(list.size());
        for (Object stage : list) {
            Map<?, ?> map = map(stage);
            if (map == null || !map.containsKey(IFVAR)) {
                out.add(stage);
                continue;
            }
            List<String> names = new ArrayList<>();
            Object spec = map.get(IFVAR);
            boolean valid = map.size() == 1 && spec instanceof List<?> args && (args.size() == 2 || args.size() == 3)
                    && names(args.get(0), names) && map(args.get(1)) != null
                    && (args.size() == 2 || map(args.get(2)) != null);
            if (!valid) {
                throw MangroveException.badRequest("invalid-pipeline", label + " has a malformed "
                        + "$ifvar: expected {\"$ifvar\": [\"name\" or [\"name\", …], {stage}, {else stage}?]}");
            }
            List<?> args = (List<?>) spec;
            if (given && names.stream().allMatch(name -> lookup(variables, name).isPresent())) {
                out.add(args.get(1));
            } else if (args.size() == 3) {
                out.add(args.get(2));
            }
        }
        return out;
    }

    private static boolean names(Object spec, List<String> names) {
        if (spec instanceof String name) {
            names.add(name);
            return true;
        }
        if (spec instanceof List<?> list && !list.isEmpty() && list.stream().allMatch(String.class::isInstance)) {
            list.forEach(name -> names.add((String) name));
            return true;
        }
        return false;
    }

    /** The variable's value: the exact name first, else the dotted path into nested {@code avars}. */
    private static Optional<Object> lookup(Map<String, Object> variables, String name) {
        if (variables.containsKey(name)) {
            return Optional.ofNullable(variables.get(name)).or(() -> Optional.of(NULL));
        }
        Object current = variables;
        for (String part : name.split("\\.", -1)) {
            Map<?, ?> map = map(current);
            if (map == null || !map.containsKey(part)) {
                return Optional.empty();
            }
            current = map.get(part);
        }
        return Optional.of(current == null ? NULL : current);
    }

    /** Stands for a variable given as JSON {@code null} (an {@link Optional} cannot hold it). */
    private static final Object NULL = new Object();

    private static Object fill(Object value, Map<String, Object> variables, String label) {
        Map<?, ?> map = map(value);
        if (map != null) {
            if (map.size() == 1 && map.containsKey(VAR)) {
                return variable(map.get(VAR), variables, label);
            }
            Map<String, Object> out = new LinkedHashMap<>();
            map.forEach((k, v) -> out.put(String.valueOf(k), fill(v, variables, label)));
            return out;
        }
        if (value instanceof List<?> list) {
            List<Object> out = new ArrayList<>(list.size());
            list.forEach(element -> out.add(fill(element, variables, label)));
            return out;
        }
        return value;
    }

    private static Object variable(Object spec, Map<String, Object> variables, String label) {
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
            throw MangroveException.badRequest("invalid-pipeline", label
                    + " has a malformed $var: expected {\"$var\": \"name\"} or {\"$var\": [\"name\", default]}");
        }
        Optional<Object> found = lookup(variables, name);
        if (found.isPresent()) {
            return found.get() == NULL ? null : unwrap(found.get());
        }
        if (hasDefault) {
            return unwrap(fallback);
        }
        throw MangroveException.badRequest("missing-variable", label + " needs the variable '"
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
