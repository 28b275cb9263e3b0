package dev.mangrove.domain.query;

import dev.mangrove.domain.document.Document;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Deque;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * The one reader of MongoDB query syntax on raw values (filters, query documents, aggregation
 * expressions and pipelines): the operators they use, the fields they read, their sub-pipelines and
 * the collections they join. Everything that must understand a query asks here, so an operator
 * taught to the walker is known to every check (the operator policy, the pipeline check, the data
 * scopes and the aggregate plugin's joined-collection check).
 */
public final class QueryWalker {
    /** The pseudo-path of operators that read the whole document ({@code $text}, {@code $where}, {@code $$ROOT}, ...). */
    public static final String WHOLE_DOCUMENT = "";
    /** The stages that read another collection. */
    public static final Set<String> JOIN_STAGES = Set.of("$lookup", "$graphLookup", "$unionWith");
    /** Query-level operators that combine whole sub-queries. */
    static final Set<String> LOGICAL = Set.of("$and", "$or", "$nor");
    /** Query-level operators that reference no field. */
    static final Set<String> FIELDLESS = Set.of("$comment");

    private QueryWalker() {
    }

    /**
     * Every {@code $}-key at any depth of a filter, query document, expression or pipeline, in order of
     * discovery (a subtree is finished before its later siblings' subtrees; siblings last to first).
     * Walks without recursion, so a hostile nesting depth is safe.
     */
    public static Set<String> operators(Object value) {
        Set<String> out = new LinkedHashSet<>();
        Deque<Object> pending = new ArrayDeque<>();
        push(pending, value);
        while (!pending.isEmpty()) {
            switch (pending.pop()) {
                case Filter.And and -> and.filters().forEach(f -> push(pending, f));
                case Filter.Or or -> or.filters().forEach(f -> push(pending, f));
                case Filter.Nor nor -> nor.filters().forEach(f -> push(pending, f));
                case Filter.Condition condition -> {
                    operator(out, condition.field());
                    push(pending, condition.value());
                }
                case Filter.Expression expression -> push(pending, expression.query());
                case Document document -> push(pending, document.fields());
                case Map<?, ?> map -> {
                    for (Map.Entry<?, ?> entry : map.entrySet()) {
                        if (entry.getKey() instanceof String key) {
                            operator(out, key);
                        }
                        push(pending, entry.getValue());
                    }
                }
                case Collection<?> collection -> collection.forEach(element -> push(pending, element));
                case Object[] array -> {
                    for (Object element : array) {
                        push(pending, element);
                    }
                }
                default -> {
                    // a scalar value
                }
            }
        }
        return out;
    }

    /**
     * Every field path a filter reads, as {@link #fieldPath} paths, in order of discovery;
     * {@link #WHOLE_DOCUMENT} when it uses an operator that reads fields it cannot name.
     */
    public static Set<String> fieldsReferenced(Filter filter) {
        Set<String> fields = new LinkedHashSet<>();
        walk(filter, fields);
        return fields;
    }

    /**
     * Every field path a MongoDB query document reads when applied at {@code prefix} ({@code ""} for
     * the document itself, a field for the conditions of an {@code $elemMatch}).
     */
    public static Set<String> fieldsReferenced(Map<?, ?> query, String prefix) {
        Set<String> fields = new LinkedHashSet<>();
        walkQuery(query, Objects.requireNonNull(prefix, "prefix"), fields);
        return fields;
    }

    /**
     * The field a path names, dotted, with array positions dropped ({@code a.0.b}, {@code a.$.b},
     * {@code a.$[].b} and {@code a.$[x].b} are all {@code a.b}).
     */
    public static String fieldPath(String path) {
        if (path.isEmpty()) {
            return path;
        }
        List<String> parts = new ArrayList<>();
        for (String part : path.split("\\.")) {
            if (!(part.chars().allMatch(Character::isDigit) || part.startsWith("$"))) {
                parts.add(part);
            }
        }
        return String.join(".", parts);
    }

    /**
     * The pipelines nested in a pipeline's stages at any depth ({@code $facet}'s, and the
     * {@code pipeline} of {@code $lookup} and {@code $unionWith}), outer ones first.
     */
    public static List<List<?>> subPipelines(Object pipeline) {
        List<List<?>> out = new ArrayList<>();
        Deque<List<?>> pending = new ArrayDeque<>();
        if (pipeline instanceof List<?> list) {
            pending.add(list);
        }
        while (!pending.isEmpty()) {
            for (Object element : pending.poll()) {
                Map<?, ?> stage = asMap(element);
                if (stage == null) {
                    continue;
                }
                for (Map.Entry<?, ?> entry : stage.entrySet()) {
                    Map<?, ?> spec = asMap(entry.getValue());
                    if (spec == null) {
                        continue;
                    }
                    if ("$facet".equals(entry.getKey())) {
                        for (Object facet : spec.values()) {
                            if (facet instanceof List<?> sub) {
                                out.add(sub);
                                pending.add(sub);
                            }
                        }
                    } else if (("$lookup".equals(entry.getKey()) || "$unionWith".equals(entry.getKey()))
                            && spec.get("pipeline") instanceof List<?> sub) {
                        out.add(sub);
                        pending.add(sub);
                    }
                }
            }
        }
        return out;
    }

    /**
     * Every collection a pipeline reads besides its own ({@code $lookup.from}, {@code $graphLookup.from},
     * {@code $unionWith}), found under a join stage's key at any depth, in order of discovery.
     */
    public static Set<Join> joins(Object pipeline) {
        Set<Join> out = new LinkedHashSet<>();
        Deque<Object> pending = new ArrayDeque<>();
        push(pending, pipeline);
        while (!pending.isEmpty()) {
            Object value = pending.pop();
            Map<?, ?> map = asMap(value);
            if (map != null) {
                for (Map.Entry<?, ?> entry : map.entrySet()) {
                    Object key = entry.getKey();
                    Object spec = entry.getValue();
                    if ("$lookup".equals(key) || "$graphLookup".equals(key)) {
                        Map<?, ?> fields = asMap(spec);
                        if (fields != null && fields.get("from") != null) {
                            join((String) key, fields.get("from"), out);
                        }
                    } else if ("$unionWith".equals(key)) {
                        Map<?, ?> fields = asMap(spec);
                        // {coll: name | {db, coll}, pipeline}; a {db, coll} at the top is read as a qualified name too
                        Object from = fields == null ? spec : fields.containsKey("db") ? fields : fields.get("coll");
                        join("$unionWith", from, out);
                    }
                    push(pending, spec);
                }
            } else if (value instanceof List<?> list) {
                list.forEach(element -> push(pending, element));
            }
        }
        return out;
    }

    private static void join(String stage, Object from, Set<Join> out) {
        if (from == null) {
            return;
        }
        Map<?, ?> qualified = asMap(from);
        if (qualified == null) {
            out.add(new Join(stage, null, String.valueOf(from)));
            return;
        }
        Object coll = qualified.get("coll");
        out.add(new Join(stage, qualified.containsKey("db") ? String.valueOf(qualified.get("db")) : null,
                coll == null ? "" : String.valueOf(coll)));
    }

    private static void walk(Filter filter, Set<String> fields) {
        switch (filter) {
            case Filter.All all -> {
            }
            case Filter.And and -> and.filters().forEach(f -> walk(f, fields));
            case Filter.Or or -> or.filters().forEach(f -> walk(f, fields));
            case Filter.Nor nor -> nor.filters().forEach(f -> walk(f, fields));
            case Filter.Condition condition -> fields.add(fieldPath(condition.field()));
            case Filter.Expression expression -> walkQuery(expression.query(), "", fields);
        }
    }

    private static void walkQuery(Map<?, ?> query, String prefix, Set<String> fields) {
        for (Map.Entry<?, ?> entry : query.entrySet()) {
            String key = String.valueOf(entry.getKey());
            Object value = unwrap(entry.getValue());
            if (LOGICAL.contains(key)) {
                if (value instanceof List<?> list) {
                    for (Object element : list) {
                        if (unwrap(element) instanceof Map<?, ?> sub) {
                            walkQuery(sub, prefix, fields);
                        }
                    }
                }
            } else if (key.equals("$expr")) {
                walkExpression(value, fields);
            } else if (key.startsWith("$")) {
                if (!FIELDLESS.contains(key)) {
                    fields.add(WHOLE_DOCUMENT); // $text, $jsonSchema, $where ... read fields we cannot name
                }
            } else {
                String path = prefix.isEmpty() ? key : prefix + "." + key;
                fields.add(fieldPath(path));
                walkValue(value, path, fields);
            }
        }
    }

    /** The operators applied to one field: {@code $elemMatch}, {@code $not} and {@code $all} carry conditions on sub-fields. */
    private static void walkValue(Object value, String path, Set<String> fields) {
        if (!(unwrap(value) instanceof Map<?, ?> map)) {
            return;
        }
        for (Map.Entry<?, ?> entry : map.entrySet()) {
            String op = String.valueOf(entry.getKey());
            Object argument = unwrap(entry.getValue());
            switch (op) {
                case "$elemMatch" -> {
                    if (argument instanceof Map<?, ?> sub) {
                        boolean operators = sub.keySet().stream().allMatch(k -> String.valueOf(k).startsWith("$"));
                        if (operators) {
                            walkValue(sub, path, fields);
                        } else {
                            walkQuery(sub, path, fields);
                        }
                    }
                }
                case "$not" -> walkValue(argument, path, fields);
                case "$all" -> {
                    if (argument instanceof List<?> list) {
                        list.forEach(element -> walkValue(element, path, fields));
                    }
                }
                default -> {
                }
            }
        }
    }

    /** Field paths of an aggregation expression: strings {@code "$a.b"}; {@code $$ROOT}/{@code $$CURRENT} read all. */
    private static void walkExpression(Object expression, Set<String> fields) {
        if (expression instanceof String s) {
            if (s.startsWith("$$")) {
                String variable = s.substring(2);
                if (variable.equals("ROOT") || variable.equals("CURRENT")) {
                    fields.add(WHOLE_DOCUMENT);
                } else if (variable.startsWith("ROOT.") || variable.startsWith("CURRENT.")) {
                    fields.add(fieldPath(variable.substring(variable.indexOf('.') + 1)));
                } else {
                    fields.add(WHOLE_DOCUMENT); // user variables ($$this of $map/$filter) may hold anything
                }
            } else if (s.startsWith("$")) {
                fields.add(fieldPath(s.substring(1)));
            }
        } else if (unwrap(expression) instanceof Map<?, ?> map) {
            map.values().forEach(v -> walkExpression(v, fields));
        } else if (expression instanceof List<?> list) {
            list.forEach(v -> walkExpression(v, fields));
        }
    }

    private static void operator(Set<String> out, String key) {
        if (key.startsWith("$")) {
            out.add(key);
        }
    }

    private static void push(Deque<Object> pending, Object value) {
        if (value != null) {
            pending.push(value);
        }
    }

    private static Map<?, ?> asMap(Object value) {
        return switch (value) {
            case Document document -> document.fields();
            case Map<?, ?> map -> map;
            case null, default -> null;
        };
    }

    /** An embedded document as its map of fields; any other value as is. */
    private static Object unwrap(Object value) {
        return value instanceof Document d ? d.fields() : value;
    }

    /**
     * A collection a stage reads.
     *
     * @param stage      the join stage ({@code $lookup}, {@code $graphLookup}, {@code $unionWith})
     * @param database   the database it names, or {@code null} for the pipeline's own
     * @param collection the collection it names ({@code ""} when a qualified name has none)
     */
    public record Join(String stage, String database, String collection) {
        public Join {
            Objects.requireNonNull(stage, "stage");
            Objects.requireNonNull(collection, "collection");
        }
    }
}
