package dev.mangrove.adapter.http.json;

import dev.mangrove.domain.document.ObjectIdValue;
import dev.mangrove.domain.document.RegexValue;
import dev.mangrove.domain.error.MangroveException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ExtendedJsonQueryTest {
    private final ExtendedJson json = ExtendedJson.create(100);

    @Test
    void readsAFilterWithExtendedJsonValuesAndOperators() {
        Map<String, Object> filter = json.parseQuery(
                "{\"_id\": {\"$oid\": \"57e193d7a9cc81b4027498b5\"}, \"at\": {\"$gte\": {\"$date\": \"2024-01-02T00:00:00Z\"}}}",
                "filter", false);
        assertInstanceOf(LinkedHashMap.class, filter);
        assertEquals(new ObjectIdValue("57e193d7a9cc81b4027498b5"), filter.get("_id"));
        assertEquals(Map.of("$gte", Instant.parse("2024-01-02T00:00:00Z")), filter.get("at"));
    }

    @Test
    void keepsKeyOrderForSorts() {
        Map<String, Object> sort = json.parseQuery("{\"name\": 1, \"age\": -1, \"_id\": 1}", "sort", false);
        assertEquals(List.of("name", "age", "_id"), List.copyOf(sort.keySet()));
    }

    @Test
    void lenientWhereAcceptsSingleQuotesAndRegexStrings() {
        Map<String, Object> where = json.parseQuery("{'firstname':'/^J/i'}", "where", true);
        assertEquals(Map.of("firstname", new RegexValue("^J", "i")), where);
    }

    @Test
    void lenientWhereAcceptsUnquotedNamesAndRegexesAnywhere() {
        Map<String, Object> where = json.parseQuery(
                "{name: {$in: ['/^a/', \"/b$/mi\"]}, path: '/usr/local/', plain: 'a/b/', odd: '/x/q', slash: '/', "
                        + "empty: '//', dup: '/x/ii'}",
                "where", true);
        assertEquals(Map.of("$in", List.of(new RegexValue("^a", ""), new RegexValue("b$", "im"))), where.get("name"));
        assertEquals(new RegexValue("usr/local", ""), where.get("path"));
        assertEquals("a/b/", where.get("plain"));
        assertEquals("/x/q", where.get("odd"));
        assertEquals("/", where.get("slash"));
        assertEquals("//", where.get("empty"));
        assertEquals(new RegexValue("x", "i"), where.get("dup"));
    }

    @Test
    void strictFiltersLeaveSlashStringsAlone() {
        assertEquals(Map.of("name", "/^J/i"), json.parseQuery("{\"name\": \"/^J/i\"}", "filter", false));
    }

    @Test
    void filtersAcceptSingleQuotesAndUnquotedNamesAsRestheartWithoutTurningStringsIntoRegexes() {
        assertEquals(Map.of("name", Map.of("$regex", "^A")), json.parseQuery("{'name':{'$regex':'^A'}}", "filter", false));
        assertEquals(Map.of("name", Map.of("$regex", "^A")), json.parseQuery("{name:{$regex:'^A'}}", "filter", false));
        assertEquals(Map.of("name", "/^J/i"), json.parseQuery("{'name': '/^J/i'}", "filter", false));
        Object id = json.parseQuery("{'_id': {'$oid': '5d0b3d58a3ba3e2f1c3e1b5a'}}", "filter", false).get("_id");
        assertEquals(dev.mangrove.domain.document.ObjectIdValue.class, id.getClass(), "exact Extended JSON types");
    }

    @Test
    void malformedRelaxedFiltersNameTheParameterAndColumn() {
        MangroveException e = assertThrows(MangroveException.class,
                () -> json.parseQuery("{'firstname': }", "filter", false));
        assertEquals("invalid-json", e.code());
        assertTrue(e.detail().startsWith("Parameter 'filter' is not valid JSON at column 15: "), e.detail());
    }

    @Test
    void syntaxErrorsNameTheParameter() {
        MangroveException e = assertThrows(MangroveException.class,
                () -> json.parseQuery("{\"a\": 1,, }", "keys", false));
        assertEquals("invalid-json", e.code());
        assertTrue(e.detail().startsWith("Parameter 'keys' is not valid JSON at column 9: Unexpected character"),
                e.detail());
    }

    @Test
    void multiLineParametersGiveTheLineToo() {
        MangroveException e = assertThrows(MangroveException.class,
                () -> json.parseQuery("{\"a\": 1,\n \"b\" }", "filter", false));
        assertTrue(e.detail().startsWith("Parameter 'filter' is not valid JSON at line 2, column "), e.detail());
    }

    @Test
    void extendedJsonErrorsNameTheParameterAndPointer() {
        MangroveException e = assertThrows(MangroveException.class,
                () -> json.parseQuery("{\"_id\": {\"$oid\": \"nope\"}}", "filter", false));
        assertEquals("invalid-extended-json", e.code());
        assertTrue(e.detail().startsWith("Parameter 'filter' has invalid Extended JSON at /_id (column "), e.detail());
        assertTrue(e.detail().contains("$oid must be a string of 24 hexadecimal digits, not 'nope'"), e.detail());
    }

    @ParameterizedTest
    @ValueSource(strings = {"[1]", "1", "\"name\"", "null"})
    void aParameterMustBeAnObject(String text) {
        MangroveException e = assertThrows(MangroveException.class, () -> json.parseQuery(text, "sort", false));
        assertEquals("invalid-parameter", e.code());
        assertEquals("Parameter 'sort' must be a JSON object", e.detail());
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "  "})
    void anEmptyParameterIsInvalidJson(String text) {
        MangroveException e = assertThrows(MangroveException.class, () -> json.parseQuery(text, "filter", true));
        assertEquals("invalid-json", e.code());
        assertEquals("Parameter 'filter' is empty; expected a JSON object", e.detail());
    }

    @Test
    void duplicateKeysAndTrailingContentAreRejected() {
        assertEquals("invalid-json", assertThrows(MangroveException.class,
                () -> json.parseQuery("{\"a\": 1, \"a\": 2}", "filter", false)).code());
        assertEquals("invalid-json", assertThrows(MangroveException.class,
                () -> json.parseQuery("{} {}", "filter", true)).code());
    }

    @Test
    void deepParametersAreRejected() {
        MangroveException e = assertThrows(MangroveException.class,
                () -> json.parseQuery("{\"a\":".repeat(50_000), "filter", true));
        assertEquals("nesting-too-deep", e.code());
        assertTrue(e.detail().startsWith("Parameter 'filter' nests objects and arrays deeper than 100 levels"),
                e.detail());
    }
}
