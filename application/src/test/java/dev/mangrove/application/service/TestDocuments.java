package dev.mangrove.application.service;

import dev.mangrove.domain.document.Document;
import dev.mangrove.domain.error.ErrorKind;
import dev.mangrove.domain.error.MangroveException;
import dev.mangrove.domain.write.Update;
import org.junit.jupiter.api.function.Executable;

import java.util.LinkedHashMap;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** Small builders and assertions shared by the service tests. */
final class TestDocuments {
    private TestDocuments() {
    }

    /** A document of alternating names and values, in that order. */
    static Document doc(Object... namesAndValues) {
        Map<String, Object> fields = new LinkedHashMap<>();
        for (int i = 0; i < namesAndValues.length; i += 2) {
            fields.put((String) namesAndValues[i], namesAndValues[i + 1]);
        }
        return new Document(fields);
    }

    /** A {@code $set} of alternating names and values. */
    static Update set(Object... namesAndValues) {
        return new Update(Map.of("$set", doc(namesAndValues).fields()));
    }

    /** Asserts that {@code action} fails with this kind and problem code; the exception. */
    static MangroveException fails(ErrorKind kind, String code, Executable action) {
        MangroveException e = assertThrows(MangroveException.class, action);
        assertEquals(kind, e.kind(), e.detail());
        assertEquals(code, e.code());
        return e;
    }
}
