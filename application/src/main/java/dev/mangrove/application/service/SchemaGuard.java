package dev.mangrove.application.service;

import dev.mangrove.application.port.out.AdminStore;
import dev.mangrove.application.port.out.SchemaValidator;
import dev.mangrove.domain.document.Document;
import dev.mangrove.domain.error.ErrorDetail;
import dev.mangrove.domain.error.MangroveException;
import dev.mangrove.domain.resource.Namespace;
import dev.mangrove.domain.write.Update;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Enforces a collection's {@code "jsonSchema": {"schemaId": …}} metadata on writes, in Mangrove
 * itself, before anything is written (SPEC §5.5).
 */
public final class SchemaGuard {
    /** The update operators whose result can be computed in memory and so validated. */
    static final Set<String> VALIDATED_OPERATORS = Set.of("$set", "$unset");
    private static final SchemaGuard NONE = new SchemaGuard(null, null, null);

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
        return Optional.of(schemas.schemaBody(ns.database(), id).orElseThrow(() -> MangroveException.conflict(
                "schema-not-found", "The collection's metadata names the schema '" + id
                        + "', which does not exist in /{db}/_schemas; nothing was written")));
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
            for (ErrorDetail error : validator.validate(schema.get(), documents.get(i))) {
                errors.add(new ErrorDetail(i, 400, error.code(), error.detail(), error.pointer()));
            }
        }
        if (!errors.isEmpty()) {
            throw violation(errors);
        }
    }

    void check(Map<String, Object> schema, Document document) {
        List<ErrorDetail> errors = validator.validate(schema, document);
        if (!errors.isEmpty()) {
            throw violation(errors);
        }
    }

    private static MangroveException violation(List<ErrorDetail> errors) {
        return MangroveException.badRequest("schema-violation", "The document does not match the collection's"
                + " JSON Schema (" + errors.size() + " violation" + (errors.size() == 1 ? "" : "s")
                + "); nothing was written").withErrors(errors);
    }

    /** Refuses an update whose result cannot be computed in memory. */
    static void requireComputable(Update update) {
        for (String op : update.operators().keySet()) {
            if (!VALIDATED_OPERATORS.contains(op)) {
                throw MangroveException.badRequest("schema-unsupported-update", "This collection is validated by a"
                        + " JSON Schema: a PATCH may use only plain fields, $set and $unset, not " + op);
            }
        }
    }

    /** The document after {@code $set}/{@code $unset} (dotted paths allowed), computed without writing. */
    static Document apply(Document current, Update update) {
        Map<String, Object> result = deepCopy(current.fields());
        update.operators().forEach((op, fields) -> fields.forEach((path, value) -> {
            if (op.equals("$set")) {
                set(result, path, value);
            } else {
                unset(result, path);
            }
        }));
        return new Document(result);
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
