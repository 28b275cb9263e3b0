package dev.mangrove.domain.document;

import dev.mangrove.domain.error.MangroveException;
import dev.mangrove.domain.write.Precondition;
import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ETagTest {
    private static Document doc(Object... keyValues) {
        Map<String, Object> fields = new LinkedHashMap<>();
        for (int i = 0; i < keyValues.length; i += 2) {
            fields.put((String) keyValues[i], keyValues[i + 1]);
        }
        return new Document(fields);
    }

    @Test
    void isStableAndUrlSafe() {
        ETag tag = ETag.of(doc("_id", "a", "n", 1, "list", List.of("x", Map.of("k", true))));
        assertEquals(tag, ETag.of(doc("_id", "a", "n", 1, "list", List.of("x", Map.of("k", true)))));
        assertTrue(tag.value().matches("[A-Za-z0-9_-]{43}"), tag.value());
        assertEquals('"' + tag.value() + '"', tag.quoted());
    }

    @Test
    void distinguishesTypesOrderAndStructure() {
        ETag intOne = ETag.of(doc("_id", "a", "n", 1));
        assertNotEquals(intOne, ETag.of(doc("_id", "a", "n", 1L)));
        assertNotEquals(intOne, ETag.of(doc("_id", "a", "n", 1.0)));
        assertNotEquals(intOne, ETag.of(doc("_id", "a", "n", "1")));
        assertNotEquals(ETag.of(doc("_id", "a", "x", 1, "y", 2)), ETag.of(doc("_id", "a", "y", 2, "x", 1)));
        assertNotEquals(ETag.of(doc("_id", "a", "s", "1:b")), ETag.of(doc("_id", "a", "s", "1", "b", null)));
        assertEquals(ETag.of(doc("n", 1, "_id", "a")), intOne, "_id counts first, as MongoDB stores it");
    }

    @Test
    void matchesHeaderListsWildcardsAndWeakTags() {
        ETag tag = new ETag("abc");
        assertTrue(tag.matchesHeader("\"abc\""));
        assertTrue(tag.matchesHeader("\"x\", \"abc\""));
        assertTrue(tag.matchesHeader("*"));
        assertTrue(tag.matchesHeader("W/\"abc\""));
        assertFalse(tag.matchesHeader("\"abcd\""));
        assertTrue(Precondition.NONE.admits(tag));
        assertFalse(Precondition.ifMatch("\"other\"").admits(tag));
        assertThrows(MangroveException.class, () -> Precondition.ifMatch(" "));
    }
}
