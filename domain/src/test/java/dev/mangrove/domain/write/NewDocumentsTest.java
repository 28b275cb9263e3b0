package dev.mangrove.domain.write;

import dev.mangrove.domain.document.Document;
import dev.mangrove.domain.error.ErrorDetail;
import dev.mangrove.domain.error.ErrorKind;
import dev.mangrove.domain.error.MangroveException;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class NewDocumentsTest {

    private static Document doc(Object... namesAndValues) {
        Map<String, Object> fields = new LinkedHashMap<>();
        for (int i = 0; i < namesAndValues.length; i += 2) {
            fields.put((String) namesAndValues[i], namesAndValues[i + 1]);
        }
        return new Document(fields);
    }

    @Test
    void validArraysPass() {
        List<Document> documents = List.of(doc("a", 1), doc("_id", 2, "b", Map.of("$nested", "fine")), doc("c", null));
        assertEquals(documents, NewDocuments.checkAll(documents));
    }

    @Test
    void emptyArrayIsBadRequest() {
        MangroveException e = assertThrows(MangroveException.class, () -> NewDocuments.checkAll(List.of()));
        assertEquals(ErrorKind.BAD_REQUEST, e.kind());
        assertEquals("empty-array", e.code());
    }

    @Test
    void nonObjectElementIsNamedByIndex() {
        MangroveException e = assertThrows(MangroveException.class,
                () -> NewDocuments.checkAll(List.of(doc("a", 1), "text", doc("b", 2))));
        assertEquals(ErrorKind.BAD_REQUEST, e.kind());
        assertEquals("invalid-document", e.code());
        assertEquals(List.of(1), indexes(e));
        assertTrue(e.detail().contains("index 1"), e.detail());
    }

    @Test
    void everyBadElementIsNamedByIndex() {
        List<Object> elements = new ArrayList<>(Arrays.asList(
                doc("ok", 1),           // 0
                42,                     // 1: not an object
                doc(),                  // 2: empty
                doc("a", 1, "$set", 2), // 3: $ key
                doc("fine", true),      // 4
                null,                   // 5: null
                List.of(doc("x", 1)),   // 6: array
                Map.of("a", 1),         // 7: a map that is not a parsed document
                doc("$x", 1, "$y", 2)));// 8: two $ keys, one error
        MangroveException e = assertThrows(MangroveException.class, () -> NewDocuments.checkAll(elements));
        assertEquals(ErrorKind.BAD_REQUEST, e.kind());
        assertEquals(List.of(1, 2, 3, 5, 6, 7, 8), indexes(e));
        for (ErrorDetail detail : e.errors()) {
            assertEquals(ErrorKind.BAD_REQUEST, detail.kind());
            assertEquals("invalid-document", detail.code());
            assertTrue(detail.detail().contains(Integer.toString(detail.index())), detail.detail());
        }
        assertTrue(e.errors().get(1).detail().contains("empty"), e.errors().get(1).detail());
        assertTrue(e.errors().get(2).detail().contains("$set"), e.errors().get(2).detail());
        assertTrue(e.detail().contains("Nothing was written"), e.detail());
        assertTrue(e.detail().contains("7 element"), e.detail());
    }

    @Test
    void checkOneRejectsTopLevelDollarKeys() {
        MangroveException e = assertThrows(MangroveException.class, () -> NewDocuments.checkOne(doc("a", 1, "$inc", 2)));
        assertEquals(ErrorKind.BAD_REQUEST, e.kind());
        assertEquals("invalid-document", e.code());
        assertTrue(e.detail().contains("$inc"));
    }

    @Test
    void checkOneAcceptsEmptyAndNestedDollarKeys() {
        assertDoesNotThrow(() -> NewDocuments.checkOne(doc()));
        assertDoesNotThrow(() -> NewDocuments.checkOne(doc("a", Map.of("$date", 0), "b$", 1)));
    }

    private static List<Integer> indexes(MangroveException e) {
        return e.errors().stream().map(ErrorDetail::index).toList();
    }
}
