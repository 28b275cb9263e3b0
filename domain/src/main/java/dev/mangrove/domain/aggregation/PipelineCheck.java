package dev.mangrove.domain.aggregation;

import dev.mangrove.domain.document.Document;
import dev.mangrove.domain.error.MangroveException;
import dev.mangrove.domain.query.QueryWalker;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Checks an aggregation pipeline before it reaches the backend (docs/plugins.md#aggregate): it must be an array of
 * single-key {@code $stage} documents; {@code $out}, {@code $merge}, {@code $function},
 * {@code $accumulator}, {@code $where} and cross-database {@code $lookup}/{@code $graphLookup}/
 * {@code $unionWith} (at any depth) are refused unless configured as allowed.
 */
public final class PipelineCheck {
    /** Stages that write or leave the database. */
    static final Set<String> DENIED_STAGES = Set.of("$out", "$merge");
    /** Operators that run server-side JavaScript, refused at any depth. */
    static final Set<String> DENIED_OPERATORS = Set.of("$function", "$accumulator", "$where");

    private final Set<String> allowed;

    private PipelineCheck(Set<String> allowed) {
        this.allowed = Set.copyOf(Objects.requireNonNull(allowed, "allowed"));
    }

    /** A check that refuses every denied stage and operator. */
    public static PipelineCheck create() {
        return new PipelineCheck(Set.of());
    }

    /**
     * A check that lets these otherwise denied names through, e.g. {@code $merge}, {@code $where}, or
     * {@code $lookup} for cross-database lookups and {@code $unionWith} for cross-database unions.
     */
    public static PipelineCheck allowing(Set<String> allowed) {
        return new PipelineCheck(allowed);
    }

    /**
     * The stages of a valid, permitted pipeline, each a single-key map.
     *
     * @param pipeline a parsed JSON value that should be an array of stage documents
     * @param database the database the pipeline runs in
     * @throws MangroveException 400 {@code invalid-pipeline} when malformed, 403 {@code stage-not-allowed} when refused
     */
    public List<Map<String, Object>> check(Object pipeline, String database) {
        Objects.requireNonNull(database, "database");
        if (!(pipeline instanceof List<?> list)) {
            throw invalid("The pipeline must be a JSON array of stages, such as [{\"$match\": {}}]");
        }
        List<Map<String, Object>> stages = new ArrayList<>(list.size());
        for (int i = 0; i < list.size(); i++) {
            Map<String, Object> stage = asMap(list.get(i));
            if (stage == null || stage.size() != 1) {
                throw invalid("Stage " + i + " must be a document with exactly one key, such as {\"$match\": {}}");
            }
            String name = stage.keySet().iterator().next();
            if (name == null || !name.startsWith("$") || name.length() < 2) {
                throw invalid("Stage " + i + " must be named by a $ operator, such as $match; got '" + name + "'");
            }
            if (DENIED_STAGES.contains(name) && !allowed.contains(name)) {
                throw denied("The stage " + name + " is not allowed: it writes to the database");
            }
            stages.add(stage);
        }
        checkSameDatabase(stages, database);
        checkOperators(stages);
        return List.copyOf(stages);
    }

    /** Joins ({@code $lookup}, {@code $graphLookup}, {@code $unionWith}) at any depth stay in the database. */
    private void checkSameDatabase(List<Map<String, Object>> stages, String database) {
        for (QueryWalker.Join join : QueryWalker.joins(stages)) {
            if (join.database() != null && !database.equals(join.database()) && !allowed.contains(join.stage())) {
                throw denied("The stage " + join.stage() + " may only read collections of the database '"
                        + database + "'");
            }
        }
    }

    private void checkOperators(List<Map<String, Object>> stages) {
        for (Map<String, Object> stage : stages) {
            for (String operator : QueryWalker.operators(stage)) {
                if (DENIED_OPERATORS.contains(operator) && !allowed.contains(operator)) {
                    throw denied("The operator " + operator + " is not allowed: it runs server-side JavaScript");
                }
            }
        }
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> asMap(Object value) {
        return switch (value) {
            case Document document -> document.fields();
            case Map<?, ?> map -> (Map<String, Object>) map;
            case null, default -> null;
        };
    }

    private static MangroveException invalid(String detail) {
        return MangroveException.badRequest("invalid-pipeline", detail);
    }

    private static MangroveException denied(String detail) {
        return MangroveException.forbidden("stage-not-allowed", detail);
    }
}
