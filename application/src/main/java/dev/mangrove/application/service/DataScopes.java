package dev.mangrove.application.service;

import dev.mangrove.domain.document.Document;
import dev.mangrove.domain.error.ErrorKind;
import dev.mangrove.domain.error.MangroveException;
import dev.mangrove.domain.query.Filter;
import dev.mangrove.domain.query.Hint;
import dev.mangrove.domain.query.Projection;
import dev.mangrove.domain.query.Query;
import dev.mangrove.domain.query.QueryWalker;
import dev.mangrove.domain.query.Sort;
import dev.mangrove.domain.security.DataScope;
import dev.mangrove.domain.write.Update;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * How a {@link DataScope} applies to queries, documents and updates (docs/security.md): the read filter is
 * ANDed into reads, the hidden fields of {@code projectResponse} can neither be shown nor named by
 * a filter, sort, projection, hint or update (a filter on a hidden field would reveal its value),
 * and {@code mergeRequest} overrides the client's values.
 */
public final class DataScopes {
    private DataScopes() {
    }

    /**
     * The client's query within the scope: fields checked ({@code 403 forbidden-field}), the read
     * filter ANDed in, the projection combined so no hidden field is returned.
     */
    public static Query scoped(Query query, DataScope scope) {
        if (scope.isUnrestricted()) {
            return query;
        }
        checkQuery(scope, query);
        return new Query(Filter.and(List.of(scope.readFilter(), query.filter())),
                combine(scope.projectResponse(), query.projection()), query.sort(), query.skip(), query.limit(),
                query.hint());
    }

    /** A 403 {@code forbidden-field} when the query's filter, sort, projection or hint names a hidden field. */
    public static void checkQuery(DataScope scope, Query query) {
        Projection hidden = scope.projectResponse();
        if (hidden.isNone()) {
            return;
        }
        checkFilter(scope, query.filter());
        for (Sort.Key key : query.sort().keys()) {
            check(hidden, key.field(), "sort");
        }
        checkProjection(scope, query.projection());
        switch (query.hint()) {
            case Hint.IndexKeys keys -> keys.keys().keySet().forEach(field -> check(hidden, field, "hint"));
            case Hint.IndexName name -> throw forbiddenField(
                    "An index hint by name is not allowed where fields are hidden from you; hint by the index's keys");
            case Hint.None none -> {
            }
        }
    }

    /** A 403 {@code forbidden-field} when the filter names a hidden field. */
    public static void checkFilter(DataScope scope, Filter filter) {
        Projection hidden = scope.projectResponse();
        if (hidden.isNone()) {
            return;
        }
        for (String field : referencedFields(filter)) {
            check(hidden, field, "filter");
        }
    }

    /** A 403 {@code forbidden-field} when the client's projection names a hidden field. */
    public static void checkProjection(DataScope scope, Projection projection) {
        Projection hidden = scope.projectResponse();
        if (hidden.isNone()) {
            return;
        }
        for (Map.Entry<String, Object> entry : projection.spec().entrySet()) {
            String field = entry.getKey();
            if (!isTruthy(entry.getValue())) {
                continue; // hiding a field hides more, never less
            }
            check(hidden, field.endsWith(".$") ? field.substring(0, field.length() - 2) : field, "projection");
            if (unwrap(entry.getValue()) instanceof Map<?, ?> operator
                    && unwrap(operator.get("$elemMatch")) instanceof Map<?, ?> m) {
                QueryWalker.fieldsReferenced(m, field).forEach(f -> check(hidden, f, "projection"));
            }
        }
    }

    /**
     * A 403 {@code forbidden-field} when an update touches a hidden field: even a plain {@code $set}
     * would reveal, through the modified count, whether the hidden value was already equal.
     */
    public static void checkUpdate(DataScope scope, Update update) {
        Projection hidden = scope.projectResponse();
        if (hidden.isNone()) {
            return;
        }
        if (update.isPipeline()) {
            checkPipeline(hidden, update.pipeline());
            return;
        }
        update.operators().forEach((op, args) -> args.forEach((field, value) -> {
            check(hidden, field, "update");
            if (op.equals("$rename") && value instanceof String target) {
                check(hidden, target, "update");
            }
        }));
    }

    /**
     * An update pipeline under hidden fields: the fields its {@code $set}/{@code $addFields} write and
     * {@code $unset} removes, and every field its expressions read ({@code "$a.b"}), are checked; a stage that
     * rewrites the whole document ({@code $project}, {@code $replaceWith}, {@code $replaceRoot}) or an
     * expression reading it ({@code $$ROOT}, {@code $$CURRENT}) would touch the hidden fields too.
     */
    private static void checkPipeline(Projection hidden, List<Map<String, Object>> pipeline) {
        for (Map<String, Object> stage : pipeline) {
            stage.forEach((name, argument) -> {
                switch (name) {
                    case "$set", "$addFields" -> {
                        if (unwrap(argument) instanceof Map<?, ?> fields) {
                            fields.keySet().forEach(f -> check(hidden, String.valueOf(f), "update"));
                        }
                    }
                    case "$unset" -> {
                        List<?> fields = argument instanceof List<?> list ? list : List.of(argument);
                        fields.forEach(f -> check(hidden, String.valueOf(f), "update"));
                    }
                    default -> throw forbiddenField("An update pipeline with " + name
                            + " rewrites the whole document, including fields you may not see");
                }
                checkExpressionFields(hidden, argument);
            });
        }
    }

    /** Every field an aggregation expression reads ({@code "$a.b"}, {@code "$$CURRENT.a"}) must be visible. */
    private static void checkExpressionFields(Projection hidden, Object expression) {
        Deque<Object> pending = new ArrayDeque<>();
        pending.push(expression);
        while (!pending.isEmpty()) {
            switch (unwrap(pending.pop())) {
                case Map<?, ?> map -> map.values().forEach(v -> pending.push(v == null ? "" : v));
                case List<?> list -> list.forEach(v -> pending.push(v == null ? "" : v));
                case String text when text.startsWith("$$") -> {
                    String path = text.substring(2);
                    String variable = path.contains(".") ? path.substring(0, path.indexOf('.')) : path;
                    if (variable.equals("ROOT") || variable.equals("CURRENT")) {
                        if (path.equals(variable)) {
                            throw forbiddenField("The update reads the whole document, including fields you may"
                                    + " not see");
                        }
                        check(hidden, QueryWalker.fieldPath(path.substring(variable.length() + 1)), "update");
                    }
                }
                case String text when text.startsWith("$") ->
                        check(hidden, QueryWalker.fieldPath(text.substring(1)), "update");
                default -> {
                    // a literal
                }
            }
        }
    }

    /** Every field path a filter reads, dotted, with array positions dropped; {@code ""} for the whole document. */
    public static Set<String> referencedFields(Filter filter) {
        return QueryWalker.fieldsReferenced(filter);
    }

    /**
     * The projection that shows what the client asked for and nothing {@code hidden} hides. Call
     * {@link #checkProjection} first: the combination relies on the client naming no hidden field.
     */
    public static Projection combine(Projection hidden, Projection client) {
        if (hidden.isNone()) {
            return client;
        }
        if (client.isNone()) {
            return hidden;
        }
        boolean hiddenIncludes = isInclusion(hidden);
        boolean clientIncludes = isInclusion(client);
        Map<String, Object> spec = new LinkedHashMap<>();
        if (!hiddenIncludes && !clientIncludes) {
            spec.putAll(client.spec());
            spec.putAll(hidden.spec());
        } else if (clientIncludes) {
            // every included field lies within what the scope shows (checked), so the client's list is enough
            spec.putAll(client.spec());
            if (idExcluded(hidden)) {
                spec.put(Document.ID, 0);
            }
        } else {
            // the scope shows only some fields and the client hides some of those
            spec.putAll(hidden.spec());
            for (Map.Entry<String, Object> entry : client.spec().entrySet()) {
                String field = entry.getKey();
                if (field.equals(Document.ID)) {
                    if (!isTruthy(entry.getValue())) {
                        spec.put(Document.ID, 0);
                    }
                } else if (spec.containsKey(field)) {
                    spec.remove(field);
                } else if (!isHidden(hidden, normalize(field))) {
                    throw MangroveException.badRequest("invalid-projection", "Cannot hide '" + field
                            + "' inside the fields you may see; hide whole fields or list the fields you want");
                }
            }
            if (spec.keySet().stream().allMatch(Document.ID::equals)) {
                throw MangroveException.badRequest("invalid-projection", "The projection hides every field you may see");
            }
        }
        return new Projection(spec);
    }

    /** The document as the scope lets the caller see it (the projection applied in memory). */
    public static Document visible(Document document, DataScope scope) {
        return project(document, scope.projectResponse());
    }

    /** A simple projection (fields with 0/1, dotted paths) applied to a document in memory, like MongoDB does. */
    public static Document project(Document document, Projection projection) {
        if (projection.isNone()) {
            return document;
        }
        Map<String, Object> fields;
        if (isInclusion(projection)) {
            Set<String> paths = new LinkedHashSet<>();
            projection.spec().forEach((k, v) -> {
                if (!k.equals(Document.ID) && isTruthy(v)) {
                    paths.add(k);
                }
            });
            fields = new LinkedHashMap<>();
            if (!idExcluded(projection) && document.fields().containsKey(Document.ID)) {
                fields.put(Document.ID, document.get(Document.ID));
            }
            include(document.fields(), paths).forEach(fields::putIfAbsent);
        } else {
            Set<String> paths = new LinkedHashSet<>(projection.spec().keySet());
            fields = exclude(document.fields(), paths);
        }
        return new Document(fields);
    }

    /** The document with the scope's {@code mergeRequest} fields set (dotted paths create sub-documents). */
    public static Document merged(Document document, DataScope scope) {
        if (scope.mergeRequest().isEmpty()) {
            return document;
        }
        Map<String, Object> fields = deepCopy(document.fields());
        scope.mergeRequest().forEach((path, value) -> {
            if (!path.equals(Document.ID)) {
                put(fields, path, value);
            }
        });
        return new Document(fields);
    }

    /**
     * The update with the scope's {@code mergeRequest} fields {@code $set}, overriding the client: any
     * of the client's operations on those fields (or inside or above them) is dropped.
     */
    public static Update merged(Update update, DataScope scope) {
        Map<String, Object> merge = new LinkedHashMap<>(scope.mergeRequest());
        merge.remove(Document.ID);
        if (merge.isEmpty()) {
            return update;
        }
        if (update.isPipeline()) {
            // a final $set stage of the merged values, taken literally, overrides whatever the stages did
            Map<String, Object> set = new LinkedHashMap<>();
            merge.forEach((path, value) -> {
                Map<String, Object> literal = new LinkedHashMap<>();
                literal.put("$literal", value);
                set.put(path, literal);
            });
            List<Map<String, Object>> stages = new ArrayList<>(update.pipeline());
            stages.add(Map.of("$set", set));
            return new Update(Map.of(), stages);
        }
        Map<String, Map<String, Object>> ops = new LinkedHashMap<>();
        update.operators().forEach((op, args) -> {
            Map<String, Object> kept = new LinkedHashMap<>();
            args.forEach((field, value) -> {
                boolean clashes = merge.keySet().stream().anyMatch(m -> overlaps(m, field))
                        || (op.equals("$rename") && value instanceof String target
                        && merge.keySet().stream().anyMatch(m -> overlaps(m, target)));
                if (!clashes) {
                    kept.put(field, value);
                }
            });
            if (!kept.isEmpty()) {
                ops.put(op, kept);
            }
        });
        ops.computeIfAbsent("$set", k -> new LinkedHashMap<>()).putAll(merge);
        return new Update(ops);
    }

    private static void check(Projection hidden, String field, String where) {
        if (isHidden(hidden, normalize(field))) {
            throw forbiddenField("The " + where + " names a field you may not see"
                    + (field.isEmpty() ? " (it reads whole documents)" : ": '" + field + "'"));
        }
    }

    /** Whether a (normalized) path reaches a field the projection hides, or a document containing one. */
    static boolean isHidden(Projection hidden, String path) {
        if (hidden.isNone()) {
            return false;
        }
        if (path.isEmpty()) {
            return true;
        }
        if (isInclusion(hidden)) {
            if (path.equals(Document.ID) || path.startsWith(Document.ID + ".")) {
                return idExcluded(hidden);
            }
            for (Map.Entry<String, Object> entry : hidden.spec().entrySet()) {
                String shown = normalize(entry.getKey());
                if (isTruthy(entry.getValue()) && (path.equals(shown) || path.startsWith(shown + "."))) {
                    return false;
                }
            }
            return true;
        }
        for (String h : hidden.spec().keySet()) {
            if (overlaps(normalize(h), path)) {
                return true;
            }
        }
        return false;
    }

    /** Whether one path is the other, inside it, or contains it. */
    private static boolean overlaps(String a, String b) {
        return a.equals(b) || a.startsWith(b + ".") || b.startsWith(a + ".");
    }

    /** The path without array positions ({@code a.0.b}, {@code a.$.b}, {@code a.$[].b}, {@code a.$[x].b} → {@code a.b}). */
    private static String normalize(String path) {
        return QueryWalker.fieldPath(path);
    }

    static boolean isInclusion(Projection projection) {
        return projection.spec().entrySet().stream()
                .anyMatch(e -> !e.getKey().equals(Document.ID) && isTruthy(e.getValue()));
    }

    private static boolean idExcluded(Projection projection) {
        return projection.spec().containsKey(Document.ID) && !isTruthy(projection.spec().get(Document.ID));
    }

    private static boolean isTruthy(Object value) {
        if (value instanceof Number n) {
            return n.doubleValue() != 0;
        }
        if (value instanceof Boolean b) {
            return b;
        }
        return true; // $slice, $elemMatch, $meta ... show the field
    }

    private static Map<String, Object> include(Map<String, Object> source, Set<String> paths) {
        Map<String, Object> result = new LinkedHashMap<>();
        for (Map.Entry<String, Object> entry : source.entrySet()) {
            String key = entry.getKey();
            if (paths.contains(key)) {
                result.put(key, entry.getValue());
                continue;
            }
            Set<String> inner = suffixes(paths, key);
            if (inner.isEmpty()) {
                continue;
            }
            Object value = unwrap(entry.getValue());
            if (value instanceof Map<?, ?> map) {
                result.put(key, include(asFields(map), inner));
            } else if (value instanceof List<?> list) {
                List<Object> kept = new ArrayList<>();
                for (Object element : list) {
                    if (unwrap(element) instanceof Map<?, ?> map) {
                        kept.add(include(asFields(map), inner));
                    }
                }
                result.put(key, kept);
            }
        }
        return result;
    }

    private static Map<String, Object> exclude(Map<String, Object> source, Set<String> paths) {
        Map<String, Object> result = new LinkedHashMap<>();
        for (Map.Entry<String, Object> entry : source.entrySet()) {
            String key = entry.getKey();
            if (paths.contains(key)) {
                continue;
            }
            Set<String> inner = suffixes(paths, key);
            Object value = unwrap(entry.getValue());
            if (inner.isEmpty()) {
                result.put(key, value);
            } else if (value instanceof Map<?, ?> map) {
                result.put(key, exclude(asFields(map), inner));
            } else if (value instanceof List<?> list) {
                List<Object> kept = new ArrayList<>();
                for (Object element : list) {
                    kept.add(unwrap(element) instanceof Map<?, ?> map ? exclude(asFields(map), inner) : element);
                }
                result.put(key, kept);
            } else {
                result.put(key, value);
            }
        }
        return result;
    }

    private static Set<String> suffixes(Set<String> paths, String key) {
        Set<String> inner = new LinkedHashSet<>();
        for (String path : paths) {
            if (path.startsWith(key + ".")) {
                inner.add(path.substring(key.length() + 1));
            }
        }
        return inner;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> asFields(Map<?, ?> map) {
        return (Map<String, Object>) map;
    }

    /** An embedded document as its map of fields; any other value as is. */
    private static Object unwrap(Object value) {
        return value instanceof Document d ? d.fields() : value;
    }

    private static Map<String, Object> deepCopy(Map<String, Object> fields) {
        Map<String, Object> copy = new LinkedHashMap<>();
        fields.forEach((k, v) -> copy.put(k, unwrap(v) instanceof Map<?, ?> m ? deepCopy(asFields(m)) : v));
        return copy;
    }

    private static void put(Map<String, Object> fields, String path, Object value) {
        int dot = path.indexOf('.');
        if (dot < 0) {
            fields.put(path, value);
            return;
        }
        String head = path.substring(0, dot);
        Object current = unwrap(fields.get(head));
        Map<String, Object> sub = current instanceof Map<?, ?> m ? asFields(m) : new LinkedHashMap<>();
        fields.put(head, sub);
        put(sub, path.substring(dot + 1), value);
    }

    private static MangroveException forbiddenField(String detail) {
        return MangroveException.of(ErrorKind.FORBIDDEN, "forbidden-field", detail);
    }
}
