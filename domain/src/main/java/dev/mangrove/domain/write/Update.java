package dev.mangrove.domain.write;

import dev.mangrove.domain.document.Document;
import dev.mangrove.domain.error.MangroveException;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * A change to documents: a MongoDB update document made only of the allowed update operators.
 * Built from a PATCH body, where plain fields mean {@code $set} (docs/api.md#documents).
 *
 * @param operators operator name → its field/value document
 */
public record Update(Map<String, Map<String, Object>> operators) {
    /** The update operators a PATCH body may use. */
    public static final Set<String> ALLOWED_OPERATORS = Set.of("$set", "$unset", "$inc", "$mul", "$min", "$max",
            "$rename", "$currentDate", "$push", "$pull", "$pullAll", "$addToSet", "$pop", "$setOnInsert");

    public Update {
        Objects.requireNonNull(operators, "operators");
    }

    /**
     * Reads a PATCH body: plain fields (dotted paths allowed) become {@code $set}; a body of
     * update operators is taken as is. Mixing the two, unknown operators, or changing
     * {@code _id} is a 400. An {@code _id} equal to {@code id} is dropped.
     *
     * @param body the body
     * @param id   the id of the addressed document, or {@code null} for bulk updates
     * @param hasId whether a document id applies (single-document PATCH)
     */
    public static Update fromPatchBody(Document body, Object id, boolean hasId) {
        Map<String, Object> fields = body.fields();
        if (fields.isEmpty()) {
            throw MangroveException.badRequest("empty-update", "A PATCH body must change at least one field");
        }
        long operatorCount = fields.keySet().stream().filter(k -> k.startsWith("$")).count();
        if (operatorCount > 0 && operatorCount < fields.size()) {
            throw MangroveException.badRequest("mixed-update",
                    "A PATCH body is either plain fields (applied with $set) or update operators, not both");
        }
        Map<String, Map<String, Object>> ops = new LinkedHashMap<>();
        if (operatorCount == 0) {
            Map<String, Object> set = new LinkedHashMap<>(fields);
            checkIdUnchanged(set, id, hasId, "$set");
            if (set.isEmpty()) {
                throw MangroveException.badRequest("empty-update", "A PATCH body must change at least one field");
            }
            ops.put("$set", set);
            return new Update(ops);
        }
        for (Map.Entry<String, Object> entry : fields.entrySet()) {
            String op = entry.getKey();
            if (!ALLOWED_OPERATORS.contains(op)) {
                throw MangroveException.badRequest("invalid-update-operator",
                        "Update operator '" + op + "' is not allowed; allowed: " + String.join(", ",
                                new java.util.TreeSet<>(ALLOWED_OPERATORS)));
            }
            if (!(entry.getValue() instanceof Map<?, ?> map)) {
                throw MangroveException.badRequest("invalid-update-operator",
                        "The value of " + op + " must be a document of fields");
            }
            @SuppressWarnings("unchecked")
            Map<String, Object> args = new LinkedHashMap<>((Map<String, Object>) map);
            if (op.equals("$set") || op.equals("$setOnInsert")) {
                checkIdUnchanged(args, id, hasId, op);
            } else if (touchesId(args.keySet()) || (op.equals("$rename") && args.values().stream()
                    .anyMatch(v -> v instanceof String s && (s.equals("_id") || s.startsWith("_id."))))) {
                throw MangroveException.badRequest("immutable-id", op + " cannot change _id");
            }
            ops.put(op, args);
        }
        ops.values().removeIf(Map::isEmpty);
        if (ops.isEmpty()) {
            throw MangroveException.badRequest("empty-update", "A PATCH body must change at least one field");
        }
        return new Update(ops);
    }

    private static void checkIdUnchanged(Map<String, Object> set, Object id, boolean hasId, String op) {
        for (String key : Set.copyOf(set.keySet())) {
            if (key.equals("_id")) {
                if (hasId && Objects.equals(set.get(key), id)) {
                    set.remove(key);
                } else {
                    throw MangroveException.badRequest("immutable-id", op + " cannot change _id");
                }
            } else if (key.startsWith("_id.")) {
                throw MangroveException.badRequest("immutable-id", op + " cannot change _id");
            }
        }
    }

    private static boolean touchesId(Set<String> keys) {
        return keys.stream().anyMatch(k -> k.equals("_id") || k.startsWith("_id."));
    }
}
