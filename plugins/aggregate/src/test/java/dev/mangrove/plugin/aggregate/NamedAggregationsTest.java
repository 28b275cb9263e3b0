package dev.mangrove.plugin.aggregate;

import dev.mangrove.domain.document.Document;
import dev.mangrove.domain.error.MangroveException;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** Filling a named aggregation's variables as RESTHeart does: defaults, dotted names, {@code $ifvar}. */
class NamedAggregationsTest {
    private static Document metadata(Object stages) {
        return new Document(Map.of("aggrs", List.of(Map.of("uri", "a", "stages", stages))));
    }

    @Test
    void aDottedNameReadsNestedVariables() {
        Object stages = List.of(Map.of("$limit", Map.of("$var", List.of("options.limit", 100))));
        assertEquals(List.of(Map.of("$limit", 2)),
                NamedAggregations.pipeline(metadata(stages), "a", Map.of("options", Map.of("limit", 2))));
        assertEquals(List.of(Map.of("$limit", 100)), NamedAggregations.pipeline(metadata(stages), "a", Map.of()));
        assertEquals(List.of(Map.of("$limit", 3)),
                NamedAggregations.pipeline(metadata(stages), "a", Map.of("options.limit", 3)), "an exact name first");
    }

    @Test
    void aMissingDottedVariableWithoutDefaultIsNamed() {
        Object stages = List.of(Map.of("$match", Map.of("k", Map.of("$var", "filter.k"))));
        MangroveException e = assertThrows(MangroveException.class,
                () -> NamedAggregations.pipeline(metadata(stages), "a", Map.of("filter", Map.of())));
        assertEquals("missing-variable", e.code());
    }

    @Test
    void ifvarKeepsTheStageOnlyWhenEveryVariableIsGiven() {
        Map<String, Object> match = Map.of("$match", Map.of("k", Map.of("$var", "k")));
        Object stages = List.of(Map.of("$ifvar", List.of("k", match)),
                Map.of("$ifvar", List.of(List.of("s", "t.u"), Map.of("$sort", Map.of("a", 1)),
                        Map.of("$sort", Map.of("b", 1)))));
        assertEquals(List.of(Map.of("$sort", Map.of("b", 1))), NamedAggregations.pipeline(metadata(stages), "a", null));
        assertEquals(List.of(Map.of("$match", Map.of("k", 1)), Map.of("$sort", Map.of("b", 1))),
                NamedAggregations.pipeline(metadata(stages), "a", Map.of("k", 1, "s", 1)));
        assertEquals(List.of(Map.of("$sort", Map.of("a", 1))),
                NamedAggregations.pipeline(metadata(stages), "a", Map.of("s", 1, "t", Map.of("u", 2))));
    }

    @Test
    void aMalformedIfvarIsAnInvalidPipeline() {
        for (Object spec : List.of("k", List.of("k"), List.of(1, Map.of("$limit", 1)), List.of("k", "stage"),
                List.of("k", Map.of("$limit", 1), 5))) {
            MangroveException e = assertThrows(MangroveException.class,
                    () -> NamedAggregations.pipeline(metadata(List.of(Map.of("$ifvar", spec))), "a", Map.of()));
            assertEquals("invalid-pipeline", e.code(), String.valueOf(spec));
        }
    }
}
