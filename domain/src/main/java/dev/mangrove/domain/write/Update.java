package dev.mangrove.domain.write;

import dev.mangrove.domain.document.Document;
import dev.mangrove.domain.error.MangroveException;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * A change to documents: a MongoDB update document made only of the allowed update operators, or an
 * update pipeline of the allowed stages. Built from a PATCH body, where plain fields mean {@code $set}
 * and an array of stages is a pipeline (docs/api.md#documents).
 *
 * @param operators operator name → its field/value document (empty for a pipeline)
 * @param pipeline  the stages of an update pipeline, each {@code {stage: argument}} (empty for operators)
 */
public record Update(Map<String, Map<String, Object>> operators, List<Map<String, Object>> pipeline) {
    /** The update operators a PATCH body may use. */
    public static final Set<String> ALLOWED_OPERATORS = Set.of("$set", "$unset", "$inc", "$mul", "$min", "$max",
            "$rename", "$currentDate", "$push", "$pull", "$pullAll", "$addToSet", "$pop", "$setOnInsert");
    /** The stages an update pipeline may use (those MongoDB accepts in an update). */
    public static final Set<String> PIPELINE_STAGES = Set.of("$set", "$addFields", "$unset", "$project",
            "$replaceWith", "$replaceRoot");

    public Update {
        Objects.requireNonNull(operators, "operators");
        pipeline = List.copyOf(Objects.requireNonNull(pipeline, "pipeline"));
        if (!operators.isEmpty() && !pipeline.isEmpty()) {
            throw new IllegalArgumentException("an update is either operators or a pipeline");
        }
    }

    /** An update of operators. */
    public Update(Map<String, Map<String, Object>> operators) {
        this(operators, List.of());
    }

    /** Whether this update is a pipeline of stages rather than update operators. */
    public boolean isPipeline() {
        return !pipeline.isEmpty();
    }

    /**
     * Whether a PATCH body that is an array reads as an update pipeline: a non-empty array of objects whose
     * keys all start with {@code $}. Any other array is not an update.
     */
    public static boolean isPipelineBody(List<?> body) {
        return !body.isEmpty() && body.stream().allMatch(e -> {
            Map<?, ?> fields = e instanceof Document d ? d.fields() : e instanceof Map<?, ?> m ? m : null;
            return fields != null && !fields.isEmpty()
                    && fields.keySet().stream().allMatch(k -> k instanceof String s && s.startsWith("$"));
        });
    }

    /**
     * Reads a PATCH body that is an update pipeline ({@link #isPipelineBody}): each element one stage of
     * {@link #PIPELINE_STAGES}; any other stage, or an element of several stages, is a 400 naming it.
     */
    public static Update fromPipelineBody(List<?> body) {
        if (!isPipelineBody(body)) {
            throw MangroveException.badRequest("invalid-body", "An update pipeline is a non-empty array of stages");
        }
        List<Map<String, Object>> stages = new ArrayList<>();
        for (Object element : body) {
            Map<?, ?> fields = element instanceof Document d ? d.fields() : (Map<?, ?>) element;
            for (Object key : fields.keySet()) {
                if (!PIPELINE_STAGES.contains(key)) {
                    throw MangroveException.badRequest("invalid-pipeline-stage", "Stage '" + key
                            + "' is not allowed in an update pipeline; allowed: "
                            + String.join(", ", new java.util.TreeSet<>(PIPELINE_STAGES)));
                }
            }
            if (fields.size() != 1) {
                throw MangroveException.badRequest("invalid-pipeline-stage",
                        "Each element of an update pipeline is one stage, got " + fields.keySet());
            }
            Map<String, Object> stage = new LinkedHashMap<>();
            fields.forEach((k, v) -> stage.put((String) k, v));
            stages.add(stage);
        }
        return new Update(Map.of(), stages);
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
