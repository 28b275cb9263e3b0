package dev.mangrove.application.service;

import dev.mangrove.domain.document.Document;
import dev.mangrove.domain.error.MangroveException;
import dev.mangrove.domain.write.Update;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The in-memory computation of update results that schema validation relies on. */
class SchemaGuardTest {
    private static Document doc(Object... keyValues) {
        Map<String, Object> fields = new LinkedHashMap<>();
        for (int i = 0; i < keyValues.length; i += 2) {
            fields.put((String) keyValues[i], keyValues[i + 1]);
        }
        return new Document(fields);
    }

    private static Update op(String operator, String path, Object value) {
        Map<String, Object> args = new LinkedHashMap<>();
        args.put(path, value);
        return new Update(Map.of(operator, args));
    }

    private static Document apply(Document current, String operator, String path, Object value) {
        return SchemaGuard.apply(current, op(operator, path, value));
    }

    @Test
    void setAndUnsetFollowDottedPathsWithoutTouchingTheInput() {
        Map<String, Object> inner = new LinkedHashMap<>(Map.of("b", 1));
        Document current = doc("_id", 1, "a", inner);
        Document after = apply(current, "$set", "a.c", "x");
        assertEquals(Map.of("b", 1, "c", "x"), after.get("a"));
        assertEquals(Map.of("b", 1), current.get("a"), "the current document is not changed");
        assertEquals(Map.of("c", "x"), ((Map<?, ?>) apply(after, "$unset", "a.b", "").get("a")));
        assertEquals(Map.of("y", 2), apply(doc("_id", 1), "$set", "n.y", 2).get("n"), "missing parents are created");
    }

    @Test
    void incAddsWithTypeWideningAndCreatesMissingFields() {
        assertEquals(5, apply(doc("n", 2), "$inc", "n", 3).get("n"));
        assertEquals(2.5, apply(doc("n", 2), "$inc", "n", 0.5).get("n"));
        assertEquals((long) Integer.MAX_VALUE + 1, apply(doc("n", Integer.MAX_VALUE), "$inc", "n", 1).get("n"));
        assertEquals(new BigDecimal("3.5"), apply(doc("n", 3), "$inc", "n", new BigDecimal("0.5")).get("n"));
        assertEquals(-4, apply(doc(), "$inc", "n", -4).get("n"));
        MangroveException e = assertThrows(MangroveException.class, () -> apply(doc("n", "x"), "$inc", "n", 1));
        assertEquals("invalid-update-operator", e.code());
        assertThrows(MangroveException.class, () -> apply(doc("n", Long.MAX_VALUE), "$inc", "n", 1));
    }

    @Test
    void mulMultipliesAndSetsZeroWhenMissing() {
        assertEquals(12, apply(doc("n", 4), "$mul", "n", 3).get("n"));
        assertEquals(1.0, apply(doc("n", 4), "$mul", "n", 0.25).get("n"));
        assertEquals(0, apply(doc(), "$mul", "n", 7).get("n"));
    }

    @Test
    void minAndMaxKeepTheSmallerOrLarger() {
        assertEquals(3, apply(doc("n", 5), "$min", "n", 3).get("n"));
        assertEquals(5, apply(doc("n", 5), "$min", "n", 9).get("n"));
        assertEquals(9, apply(doc("n", 5), "$max", "n", 9).get("n"));
        assertEquals(5, apply(doc("n", 5), "$max", "n", 2.5).get("n"));
        assertEquals("b", apply(doc("s", "a"), "$max", "s", "b").get("s"));
        assertEquals(1, apply(doc(), "$min", "n", 1).get("n"));
        MangroveException e = assertThrows(MangroveException.class, () -> apply(doc("n", 5), "$min", "n", "x"));
        assertEquals("schema-unsupported-update", e.code(), "mixed-type comparison is not computed");
    }

    @Test
    void renameMovesTheValueAndIgnoresMissingFields() {
        Document after = apply(doc("_id", 1, "a", 7), "$rename", "a", "b.c");
        assertFalse(after.fields().containsKey("a"));
        assertEquals(Map.of("c", 7), after.get("b"));
        assertEquals(doc("_id", 1), apply(doc("_id", 1), "$rename", "a", "b"));
    }

    @Test
    void pushAndAddToSetAppendWithEach() {
        Document current = doc("tags", new ArrayList<>(List.of("a")));
        assertEquals(List.of("a", "b"), apply(current, "$push", "tags", "b").get("tags"));
        assertEquals(List.of("a", "a"), apply(current, "$push", "tags", "a").get("tags"));
        assertEquals(List.of("a", "b", "c"), apply(current, "$push", "tags", Map.of("$each", List.of("b", "c")))
                .get("tags"));
        assertEquals(List.of("a"), apply(current, "$addToSet", "tags", "a").get("tags"));
        assertEquals(List.of("a", "b"), apply(current, "$addToSet", "tags", Map.of("$each", List.of("a", "b", "b")))
                .get("tags"));
        assertEquals(List.of(1), apply(doc(), "$push", "n", 1).get("n"), "a missing array is created");
        assertEquals(List.of("a"), current.get("tags"), "the current document is not changed");
        assertThrows(MangroveException.class, () -> apply(doc("n", 1), "$push", "n", 2));
        MangroveException e = assertThrows(MangroveException.class, () -> apply(current, "$push", "tags",
                Map.of("$each", List.of("z"), "$slice", 1)));
        assertEquals("schema-unsupported-update", e.code());
    }

    @Test
    void popRemovesTheFirstOrLastItem() {
        Document current = doc("a", new ArrayList<>(List.of(1, 2, 3)));
        assertEquals(List.of(1, 2), apply(current, "$pop", "a", 1).get("a"));
        assertEquals(List.of(2, 3), apply(current, "$pop", "a", -1).get("a"));
        assertEquals(doc(), apply(doc(), "$pop", "a", 1));
        assertThrows(MangroveException.class, () -> apply(current, "$pop", "a", 2));
    }

    @Test
    void pullAllRemovesEveryListedValue() {
        assertEquals(List.of(2), apply(doc("a", new ArrayList<>(List.of(1, 2, 1, 3))), "$pullAll", "a", List.of(1, 3))
                .get("a"));
    }

    @Test
    void currentDateSetsADate() {
        Instant before = Instant.now().minusSeconds(1);
        Object date = apply(doc(), "$currentDate", "at", true).get("at");
        assertInstanceOf(Instant.class, date);
        assertTrue(((Instant) date).isAfter(before));
        assertInstanceOf(Instant.class, apply(doc(), "$currentDate", "at", Map.of("$type", "date")).get("at"));
        assertThrows(MangroveException.class, () -> apply(doc(), "$currentDate", "at", Map.of("$type", "timestamp")));
    }

    @Test
    void setOnInsertAppliesOnlyWhenInserting() {
        Update update = op("$setOnInsert", "created", 1);
        assertEquals(doc("_id", 1), SchemaGuard.apply(doc("_id", 1), update));
        assertEquals(doc("_id", 1, "created", 1), SchemaGuard.apply(doc("_id", 1), update, true));
    }

    @Test
    void otherOperatorsAreRefusedByName() {
        MangroveException e = assertThrows(MangroveException.class, () -> apply(doc("a", List.of(1)), "$pull", "a", 1));
        assertEquals("schema-unsupported-update", e.code());
        assertTrue(e.getMessage().contains("$pull"), e.getMessage());
    }
}
