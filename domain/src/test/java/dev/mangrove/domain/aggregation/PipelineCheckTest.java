package dev.mangrove.domain.aggregation;

import dev.mangrove.domain.document.Document;
import dev.mangrove.domain.error.ErrorKind;
import dev.mangrove.domain.error.MangroveException;
import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class PipelineCheckTest {
    private static final PipelineCheck CHECK = PipelineCheck.create();

    private static void assertRefused(PipelineCheck check, Object pipeline, ErrorKind kind, String code) {
        MangroveException e = assertThrows(MangroveException.class, () -> check.check(pipeline, "shop"));
        assertEquals(kind, e.kind(), e.getMessage());
        assertEquals(code, e.code());
    }

    @Test
    void acceptsReadOnlyStagesAndReturnsThemAsMaps() {
        List<Map<String, Object>> stages = CHECK.check(List.of(
                new Document(Map.of("$match", Map.of("a", 1))),
                Map.of("$group", Map.of("_id", "$a", "n", Map.of("$sum", 1))),
                Map.of("$lookup", Map.of("from", "other", "localField", "a", "foreignField", "b", "as", "o")),
                Map.of("$lookup", Map.of("from", Map.of("db", "shop", "coll", "x"), "as", "o")),
                Map.of("$unionWith", Map.of("coll", "other"))), "shop");
        assertEquals(5, stages.size());
        assertEquals(Map.of("a", 1), stages.get(0).get("$match"));
    }

    @Test
    void refusesWritingStages() {
        assertRefused(CHECK, List.of(Map.of("$match", Map.of()), Map.of("$out", "copy")), ErrorKind.FORBIDDEN, "stage-not-allowed");
        assertRefused(CHECK, List.of(Map.of("$merge", Map.of("into", "copy"))), ErrorKind.FORBIDDEN, "stage-not-allowed");
    }

    @Test
    void refusesJavaScriptOperatorsAtAnyDepth() {
        assertRefused(CHECK, List.of(Map.of("$match", Map.of("$where", "true"))), ErrorKind.FORBIDDEN, "stage-not-allowed");
        assertRefused(CHECK, List.of(Map.of("$group", Map.of("_id", "$a", "x", Map.of("$accumulator", Map.of())))),
                ErrorKind.FORBIDDEN, "stage-not-allowed");
        assertRefused(CHECK, List.of(Map.of("$project", Map.of("x", Map.of("$cond", List.of(true,
                Map.of("$function", Map.of("body", "f")), 1))))), ErrorKind.FORBIDDEN, "stage-not-allowed");
        assertRefused(CHECK, List.of(Map.of("$facet", Map.of("f", List.of(Map.of("$lookup", Map.of("from", "o",
                "pipeline", List.of(Map.of("$match", Map.of("$where", "1"))))))))), ErrorKind.FORBIDDEN, "stage-not-allowed");
    }

    @Test
    void refusesDeeplyNestedDenialsWithoutOverflowingTheStack() {
        Map<String, Object> deep = new HashMap<>(Map.of("$where", "1"));
        for (int i = 0; i < 100_000; i++) {
            deep = new HashMap<>(Map.of("a", List.of(deep)));
        }
        assertRefused(CHECK, List.of(Map.of("$match", deep)), ErrorKind.FORBIDDEN, "stage-not-allowed");
    }

    @Test
    void refusesCrossDatabaseLookupsAndUnions() {
        assertRefused(CHECK, List.of(Map.of("$lookup", Map.of("from", Map.of("db", "admin", "coll", "users"),
                "as", "u"))), ErrorKind.FORBIDDEN, "stage-not-allowed");
        assertRefused(CHECK, List.of(Map.of("$unionWith", Map.of("coll", Map.of("db", "other", "coll", "x")))),
                ErrorKind.FORBIDDEN, "stage-not-allowed");
    }

    @Test
    void configuredStagesAreAllowed() {
        PipelineCheck check = PipelineCheck.allowing(Set.of("$merge", "$where", "$lookup"));
        assertDoesNotThrow(() -> check.check(List.of(Map.of("$match", Map.of("$where", "1")),
                Map.of("$lookup", Map.of("from", Map.of("db", "admin", "coll", "u"), "as", "u")),
                Map.of("$merge", Map.of("into", "x"))), "shop"));
        assertRefused(check, List.of(Map.of("$out", "x")), ErrorKind.FORBIDDEN, "stage-not-allowed");
        assertRefused(check, List.of(Map.of("$unionWith", Map.of("coll", Map.of("db", "o", "coll", "x")))),
                ErrorKind.FORBIDDEN, "stage-not-allowed");
    }

    @Test
    void malformedPipelinesAreA400() {
        assertRefused(CHECK, Map.of("$match", Map.of()), ErrorKind.BAD_REQUEST, "invalid-pipeline");
        assertRefused(CHECK, List.of("$match"), ErrorKind.BAD_REQUEST, "invalid-pipeline");
        assertRefused(CHECK, List.of(Map.of()), ErrorKind.BAD_REQUEST, "invalid-pipeline");
        assertRefused(CHECK, List.of(Map.of("$match", Map.of(), "$sort", Map.of())), ErrorKind.BAD_REQUEST, "invalid-pipeline");
        assertRefused(CHECK, List.of(Map.of("match", Map.of())), ErrorKind.BAD_REQUEST, "invalid-pipeline");
        assertRefused(CHECK, null, ErrorKind.BAD_REQUEST, "invalid-pipeline");
    }
}
