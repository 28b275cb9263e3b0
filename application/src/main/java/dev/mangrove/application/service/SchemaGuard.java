package dev.mangrove.application.service;

import dev.mangrove.application.port.out.AdminStore;
import dev.mangrove.application.port.out.SchemaReferences;
import dev.mangrove.application.port.out.SchemaValidator;
import dev.mangrove.domain.document.Document;
import dev.mangrove.domain.error.ErrorDetail;
import dev.mangrove.domain.error.ErrorKind;
import dev.mangrove.domain.error.MangroveException;
import dev.mangrove.domain.resource.DatabaseName;
import dev.mangrove.domain.resource.Namespace;
import dev.mangrove.domain.write.Update;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * Enforces a collection's {@code "jsonSchema": {"schemaId": …}} metadata on writes, in Mangrove
 * itself, before anything is written (docs/management.md).
 */
public final class SchemaGuard {
    /** The update operators whose result can be computed in memory and so validated. */
    static final Set<String> VALIDATED_OPERATORS = Set.of("$set", "$unset", "$setOnInsert", "$inc", "$mul", "$min",
            "$max", "$rename", "$currentDate", "$push", "$addToSet", "$pop", "$pullAll");
    private static final SchemaGuard NONE = new SchemaGuard(null, null, null);
    /** Where {@link #schemaOf} notes the schema's own stored URI, removed again before validating. */
    private static final String LOCATION = "\u0000location";

    private final AdminStore admin;
    private final SchemaService schemas;
    private final SchemaValidator validator;

    private SchemaGuard(AdminStore admin, SchemaService schemas, SchemaValidator validator) {
        this.admin = admin;
        this.schemas = schemas;
        this.validator = validator;
    }

    /** A guard reading collection metadata from {@code admin} and schemas from {@code schemas}. */
    public static SchemaGuard create(AdminStore admin, SchemaService schemas, SchemaValidator validator) {
        return new SchemaGuard(Objects.requireNonNull(admin, "admin"), Objects.requireNonNull(schemas, "schemas"),
                Objects.requireNonNull(validator, "validator"));
    }

    /** A guard that enforces nothing. */
    public static SchemaGuard none() {
        return NONE;
    }

    /** The schema the collection's metadata names, if any; 409 {@code schema-not-found} when it names a missing one. */
    Optional<Map<String, Object>> schemaOf(Namespace ns) {
        if (admin == null) {
            return Optional.empty();
        }
        Optional<Document> metadata = admin.metadata(ns.database(), ns.collection().value());
        if (metadata.isEmpty() || metadata.get().get("jsonSchema") == null) {
            return Optional.empty();
        }
        if (!(metadata.get().get("jsonSchema") instanceof Map<?, ?> reference)
                || !(reference.get("schemaId") instanceof String id)) {
            throw MangroveException.conflict("invalid-schema-reference", "The collection's metadata has \"jsonSchema\""
                    + " but not {\"schemaId\": \"<id>\"}; fix it with PUT /{db}/{coll}");
        }
        Map<String, Object> schema = schemas.schemaBody(ns.database(), id).orElseThrow(() -> MangroveException.conflict(
                "schema-not-found", "The collection's metadata names the schema '" + id
                        + "', which does not exist in /{db}/_schemas; nothing was written"));
        // its own URI, which its $refs to other stored schemas are read against (and which names its database)
        Map<String, Object> located = new LinkedHashMap<>();
        located.put(LOCATION, SchemaReferences.uri(ns.database().value(), id));
        located.putAll(schema);
        return Optional.of(located);
    }

    /** Refuses (400 {@code schema-violation}) a document the collection's schema rejects. */
    void check(Namespace ns, Document document) {
        schemaOf(ns).ifPresent(schema -> check(schema, document));
    }

    /** Refuses the whole batch when any document is rejected, listing the violations by index. */
    void checkAll(Namespace ns, List<Document> documents) {
        Optional<Map<String, Object>> schema = schemaOf(ns);
        if (schema.isEmpty()) {
            return;
        }
        List<ErrorDetail> errors = new ArrayList<>();
        for (int i = 0; i < documents.size(); i++) {
            for (ErrorDetail error : validate(schema.get(), documents.get(i))) {
                errors.add(new ErrorDetail(i, ErrorKind.BAD_REQUEST, error.code(), error.detail(), error.pointer()));
            }
        }
        if (!errors.isEmpty()) {
            throw violation(errors);
        }
    }

    /** The violations of {@code document} against {@code schema}, each with its JSON pointer. */
    List<ErrorDetail> violations(Map<String, Object> schema, Document document) {
        return validate(schema, document);
    }

    void check(Map<String, Object> schema, Document document) {
        List<ErrorDetail> errors = validate(schema, document);
        if (!errors.isEmpty()) {
            throw violation(errors);
        }
    }

    /** Validates, reading the stored schemas the schema references in the database its location names. */
    private List<ErrorDetail> validate(Map<String, Object> schema, Document document) {
        Object location = schema.get(LOCATION);
        if (location instanceof String uri && uri.startsWith(SchemaReferences.STORE)) {
            String rest = uri.substring(SchemaReferences.STORE.length());
            int slash = rest.indexOf('/');
            if (slash > 0) {
                Map<String, Object> body = new LinkedHashMap<>(schema);
                body.remove(LOCATION);
                return validator.validate(body, document, schemas.references(new DatabaseName(rest.substring(0, slash)),
                        rest.substring(slash + 1)));
            }
        }
        return validator.validate(schema, document);
    }

    private static MangroveException violation(List<ErrorDetail> errors) {
        return MangroveException.badRequest("schema-violation", "The document does not match the collection's"
                + " JSON Schema (" + errors.size() + " violation" + (errors.size() == 1 ? "" : "s")
                + "); nothing was written").withErrors(errors);
    }

    /** Refuses (400 {@code schema-unsupported-update}) an update whose result cannot be computed in memory. */
    static void requireComputable(Update update) {
        for (String op : update.operators().keySet()) {
            if (!VALIDATED_OPERATORS.contains(op)) {
                throw MangroveException.badRequest("schema-unsupported-update", "This collection is validated by a"
                        + " JSON Schema: a PATCH may use only plain fields and " + String.join(", ",
                        new TreeSet<>(VALIDATED_OPERATORS)) + ", not " + op);
            }
        }
    }

    /** The document after the update (dotted paths allowed), computed without writing; not an upsert. */
    static Document apply(Document current, Update update) {
        return apply(current, update, false);
    }

    /**
     * The document after the update, computed without writing, as MongoDB would compute it; {@code inserting}
     * tells whether it is the upsert of a new document (so {@code $setOnInsert} applies).
     */
    static Document apply(Document current, Update update, boolean inserting) {
        requireComputable(update);
        Map<String, Object> result = deepCopy(current.fields());
        update.operators().forEach((op, fields) -> fields.forEach((path, value) -> {
            switch (op) {
                case "$set" -> set(result, path, deepCopyValue(value));
                case "$setOnInsert" -> {
                    if (inserting) {
                        set(result, path, deepCopyValue(value));
                    }
                }
                case "$unset" -> unset(result, path);
                case "$inc" -> set(result, path, arithmetic(path, get(result, path), number(op, path, value), true));
                case "$mul" -> set(result, path, arithmetic(path, get(result, path), number(op, path, value), false));
                case "$min", "$max" -> {
                    Object old = get(result, path);
                    if (old == null || compare(path, value, old) * (op.equals("$min") ? 1 : -1) < 0) {
                        set(result, path, deepCopyValue(value));
                    }
                }
                case "$rename" -> rename(result, path, value);
                case "$currentDate" -> set(result, path, currentDate(path, value));
                case "$push", "$addToSet" -> push(result, path, value, op.equals("$addToSet"));
                case "$pop" -> pop(result, path, value);
                case "$pullAll" -> pullAll(result, path, value);
                default -> throw unappliable(path);
            }
        }));
        return new Document(result);
    }

    private static Number number(String op, String path, Object value) {
        if (value instanceof Number n) {
            return n;
        }
        throw MangroveException.badRequest("invalid-update-operator", op + " needs a number for '" + path + "'");
    }

    /** {@code old + by} (or {@code old * by}) with MongoDB's type widening; a missing field counts as 0. */
    private static Number arithmetic(String path, Object old, Number by, boolean add) {
        if (old != null && !(old instanceof Number)) {
            throw MangroveException.badRequest("invalid-update-operator", "Cannot apply arithmetic to the non-numeric"
                    + " field '" + path + "'");
        }
        if (old == null && !add) {
            return zeroLike(by);
        }
        Number base = old == null ? Integer.valueOf(0) : (Number) old;
        if (base instanceof BigDecimal || by instanceof BigDecimal) {
            BigDecimal a = new BigDecimal(base.toString());
            BigDecimal b = new BigDecimal(by.toString());
            return add ? a.add(b) : a.multiply(b);
        }
        if (base instanceof Double || base instanceof Float || by instanceof Double || by instanceof Float) {
            return add ? base.doubleValue() + by.doubleValue() : base.doubleValue() * by.doubleValue();
        }
        long a = base.longValue();
        long b = by.longValue();
        try {
            long r = add ? Math.addExact(a, b) : Math.multiplyExact(a, b);
            boolean bothInt = base instanceof Integer && by instanceof Integer;
            return bothInt && r == (int) r ? (Number) Integer.valueOf((int) r) : Long.valueOf(r);
        } catch (ArithmeticException e) {
            throw MangroveException.badRequest("invalid-update-operator", "The update of '" + path + "' overflows");
        }
    }

    private static Number zeroLike(Number by) {
        if (by instanceof BigDecimal) {
            return BigDecimal.ZERO;
        }
        if (by instanceof Double || by instanceof Float) {
            return 0.0d;
        }
        return by instanceof Long ? (Number) 0L : Integer.valueOf(0);
    }

    /** Orders two values of the same kind (numbers, strings, dates); anything else cannot be computed here. */
    @SuppressWarnings({"unchecked", "rawtypes"})
    private static int compare(String path, Object a, Object b) {
        if (a instanceof Number x && b instanceof Number y) {
            return new BigDecimal(x.toString()).compareTo(new BigDecimal(y.toString()));
        }
        if (a != null && b != null && a.getClass() == b.getClass() && a instanceof Comparable c) {
            return c.compareTo(b);
        }
        throw unappliable(path);
    }

    private static boolean same(Object a, Object b) {
        if (a instanceof Number x && b instanceof Number y) {
            return new BigDecimal(x.toString()).compareTo(new BigDecimal(y.toString())) == 0;
        }
        return Objects.equals(a, b);
    }

    private static Object currentDate(String path, Object spec) {
        if (Boolean.TRUE.equals(spec) || spec instanceof Map<?, ?> m && "date".equals(m.get("$type"))) {
            return Instant.ofEpochMilli(System.currentTimeMillis());
        }
        throw unappliable(path);
    }

    private static void rename(Map<String, Object> root, String from, Object to) {
        if (!(to instanceof String target) || target.isEmpty() || target.equals(from)) {
            throw MangroveException.badRequest("invalid-update-operator", "$rename needs a different field name for '"
                    + from + "'");
        }
        if (!has(root, from)) {
            return;
        }
        Object value = get(root, from);
        unset(root, from);
        set(root, target, value);
    }

    private static void push(Map<String, Object> root, String path, Object spec, boolean asSet) {
        List<Object> items;
        if (spec instanceof Map<?, ?> m && m.containsKey("$each")) {
            if (m.size() != 1 || !(m.get("$each") instanceof List<?> each)) {
                throw unappliable(path);
            }
            items = new ArrayList<>(each);
        } else {
            items = List.of(spec);
        }
        List<Object> array = array(root, path, true);
        for (Object item : items) {
            if (!asSet || array.stream().noneMatch(existing -> same(existing, item))) {
                array.add(deepCopyValue(item));
            }
        }
    }

    private static void pop(Map<String, Object> root, String path, Object spec) {
        if (!(spec instanceof Number n) || (n.intValue() != 1 && n.intValue() != -1)) {
            throw MangroveException.badRequest("invalid-update-operator", "$pop needs 1 or -1 for '" + path + "'");
        }
        List<Object> array = array(root, path, false);
        if (array != null && !array.isEmpty()) {
            array.remove(n.intValue() == 1 ? array.size() - 1 : 0);
        }
    }

    private static void pullAll(Map<String, Object> root, String path, Object spec) {
        if (!(spec instanceof List<?> values)) {
            throw MangroveException.badRequest("invalid-update-operator", "$pullAll needs an array for '" + path + "'");
        }
        List<Object> array = array(root, path, false);
        if (array != null) {
            array.removeIf(item -> values.stream().anyMatch(value -> same(item, value)));
        }
    }

    /** The array at {@code path}, created empty when missing and {@code create}; a non-array is an error. */
    @SuppressWarnings("unchecked")
    private static List<Object> array(Map<String, Object> root, String path, boolean create) {
        Object found = get(root, path);
        if (found == null && !has(root, path)) {
            if (!create) {
                return null;
            }
            List<Object> fresh = new ArrayList<>();
            set(root, path, fresh);
            return fresh;
        }
        if (found instanceof List<?> list) {
            return (List<Object>) list;
        }
        throw MangroveException.badRequest("invalid-update-operator", "The field '" + path + "' is not an array");
    }

    private static Object get(Map<String, Object> root, String path) {
        Object container = root;
        for (String part : path.split("\\.")) {
            if (container == null) {
                return null;
            }
            container = child(container, part);
        }
        return container;
    }

    private static boolean has(Map<String, Object> root, String path) {
        String[] parts = path.split("\\.");
        Object container = root;
        for (int i = 0; i < parts.length - 1 && container != null; i++) {
            container = child(container, parts[i]);
        }
        String last = parts[parts.length - 1];
        if (container instanceof Map<?, ?> map) {
            return map.containsKey(last);
        }
        return container instanceof List<?> list && index(last, list.size()) >= 0;
    }

    private static void set(Map<String, Object> root, String path, Object value) {
        String[] parts = path.split("\\.");
        Object container = root;
        for (int i = 0; i < parts.length - 1; i++) {
            Object next = child(container, parts[i]);
            if (next == null) {
                if (!(container instanceof Map<?, ?>)) {
                    throw unappliable(path);
                }
                next = new LinkedHashMap<String, Object>();
                put(container, parts[i], next);
            }
            container = next;
        }
        put(container, parts[parts.length - 1], value);
    }

    private static void unset(Map<String, Object> root, String path) {
        String[] parts = path.split("\\.");
        Object container = root;
        for (int i = 0; i < parts.length - 1 && container != null; i++) {
            container = child(container, parts[i]);
        }
        if (container instanceof Map<?, ?> map) {
            map.remove(parts[parts.length - 1]);
        } else if (container instanceof List<?> list && index(parts[parts.length - 1], list.size()) >= 0) {
            @SuppressWarnings("unchecked")
            List<Object> items = (List<Object>) list;
            items.set(index(parts[parts.length - 1], list.size()), null);
        }
    }

    private static Object child(Object container, String key) {
        if (container instanceof Map<?, ?> map) {
            return map.get(key);
        }
        if (container instanceof List<?> list) {
            int index = index(key, list.size());
            return index >= 0 ? list.get(index) : null;
        }
        return null;
    }

    @SuppressWarnings("unchecked")
    private static void put(Object container, String key, Object value) {
        if (container instanceof Map<?, ?> map) {
            ((Map<String, Object>) map).put(key, value);
            return;
        }
        if (container instanceof List<?> list) {
            int index = index(key, list.size());
            if (index >= 0) {
                ((List<Object>) list).set(index, value);
                return;
            }
        }
        throw unappliable(key);
    }

    private static int index(String key, int size) {
        try {
            int index = Integer.parseInt(key);
            return index >= 0 && index < size ? index : -1;
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    private static MangroveException unappliable(String path) {
        return MangroveException.badRequest("schema-unsupported-update", "This collection is validated by a JSON"
                + " Schema and the update of '" + path + "' cannot be computed before writing");
    }

    private static Map<String, Object> deepCopy(Map<?, ?> map) {
        Map<String, Object> copy = new LinkedHashMap<>();
        map.forEach((key, value) -> copy.put(String.valueOf(key), deepCopyValue(value)));
        return copy;
    }

    private static Object deepCopyValue(Object value) {
        if (value instanceof Document document) {
            return deepCopy(document.fields());
        }
        if (value instanceof Map<?, ?> map) {
            return deepCopy(map);
        }
        if (value instanceof List<?> list) {
            List<Object> copy = new ArrayList<>();
            list.forEach(item -> copy.add(deepCopyValue(item)));
            return copy;
        }
        return value;
    }
}
