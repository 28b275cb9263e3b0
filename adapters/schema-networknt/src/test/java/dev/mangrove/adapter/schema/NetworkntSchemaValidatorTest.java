package dev.mangrove.adapter.schema;

import dev.mangrove.application.port.out.SchemaValidator;
import dev.mangrove.domain.document.Document;
import dev.mangrove.domain.document.ObjectIdValue;
import dev.mangrove.domain.error.ErrorDetail;
import dev.mangrove.domain.error.ErrorKind;
import dev.mangrove.domain.error.MangroveException;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class NetworkntSchemaValidatorTest {
    private final SchemaValidator validator = NetworkntSchemaValidator.create();

    private static Document doc(Object... pairs) {
        Map<String, Object> fields = new LinkedHashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            fields.put((String) pairs[i], pairs[i + 1]);
        }
        return new Document(fields);
    }

    private static final Map<String, Object> PERSON = Map.of(
            "type", "object",
            "required", List.of("name"),
            "properties", Map.of(
                    "name", Map.of("type", "string"),
                    "age", Map.of("type", "integer", "minimum", 0),
                    "tags", Map.of("type", "array", "items", Map.of("type", "string"))));

    @Test
    void acceptsAValidDocumentUnderDraft202012ByDefault() {
        assertEquals(List.of(), validator.validate(PERSON, doc("name", "Ada", "age", 36, "tags", List.of("x"))));
    }

    @Test
    void reportsEachViolationWithItsJsonPointer() {
        List<ErrorDetail> errors = validator.validate(PERSON, doc("age", -1, "tags", List.of("a", 2)));
        List<String> pointers = errors.stream().map(ErrorDetail::pointer).toList();
        assertEquals(List.of("/age", "/name", "/tags/1"), pointers, errors.toString());
        assertTrue(errors.stream().allMatch(e -> e.code().equals("schema-violation")));
    }

    @Test
    void honoursDraft07() {
        Map<String, Object> schema = new LinkedHashMap<>(PERSON);
        schema.put("$schema", "http://json-schema.org/draft-07/schema#");
        schema.put("additionalItems", false);
        assertEquals(List.of("/name"), validator.validate(schema, doc("age", 3)).stream()
                .map(ErrorDetail::pointer).toList());
        // "prefixItems" is a 2020-12 keyword: draft-07 ignores it
        Map<String, Object> tuple = Map.of("properties", Map.of("a", Map.of("prefixItems", List.of(Map.of("type", "string")))));
        Map<String, Object> tuple07 = new LinkedHashMap<>(tuple);
        tuple07.put("$schema", "http://json-schema.org/draft-07/schema#");
        assertEquals(List.of("/a/0"), validator.validate(tuple, doc("a", List.of(1))).stream()
                .map(ErrorDetail::pointer).toList());
        assertEquals(List.of(), validator.validate(tuple07, doc("a", List.of(1))));
    }

    @Test
    void seesObjectIdsAndDatesAsRelaxedExtendedJson() {
        Map<String, Object> schema = Map.of("type", "object", "properties", Map.of(
                "_id", Map.of("type", "object", "required", List.of("$oid")),
                "at", Map.of("type", "object", "properties", Map.of("$date", Map.of("type", "string",
                        "pattern", "^2024-")))));
        Document ok = doc("_id", new ObjectIdValue("65a1b2c3d4e5f60718293a4b"), "at", Instant.parse("2024-01-02T03:04:05Z"));
        assertEquals(List.of(), validator.validate(schema, ok));
        Document bad = doc("_id", "plain", "at", Instant.parse("2023-01-02T03:04:05Z"));
        assertEquals(List.of("/_id", "/at/$date"), validator.validate(schema, bad).stream()
                .map(ErrorDetail::pointer).toList());
    }

    @Test
    void rejectsAnInvalidSchema() {
        MangroveException e = assertThrows(MangroveException.class,
                () -> validator.check(Map.of("type", "strnig")));
        assertEquals("invalid-schema", e.code());
        assertEquals(ErrorKind.BAD_REQUEST, e.kind());
        assertThrows(MangroveException.class, () -> validator.check(Map.of("minimum", "zero")));
        assertThrows(MangroveException.class, () -> validator.check(Map.of("$schema", "http://example.com/mine")));
        validator.check(PERSON);
    }
}
