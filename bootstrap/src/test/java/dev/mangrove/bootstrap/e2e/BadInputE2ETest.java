package dev.mangrove.bootstrap.e2e;

import dev.mangrove.bootstrap.Mangrove;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static dev.mangrove.bootstrap.e2e.DocumentCrudE2ETest.assertProblem;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Every bad input gets a clear 4xx problem and changes nothing (docs/api.md#resources, docs/api.md#errors). */
class BadInputE2ETest {
    private static Mangrove small;
    private static Http http;
    private static String coll;

    @BeforeAll
    static void start() {
        small = TestServer.start(Map.of("mangrove.http.max-body", "1KiB"));
        http = new Http(small.url());
        coll = "/" + TestServer.freshDatabase("bad") + "/things";
        assertEquals(201, http.post(coll, "{\"_id\": \"keep\", \"v\": 1}").status());
    }

    @AfterAll
    static void stop() {
        small.close();
    }

    @Test
    void malformedJsonIsA400WithItsPosition() {
        Http.Response r = http.post(coll, "{\"a\": 1,\n \"b\": }");
        assertProblem(r, 400, "invalid-json");
        String detail = r.json().get("detail").asText();
        assertTrue(detail.contains("line 2"), detail);
        assertTrue(detail.contains("column"), detail);
        assertFalse(detail.contains("com.fasterxml"), detail);
        assertUnchanged();
    }

    @Test
    void malformedExtendedJsonIsA400() {
        assertProblem(http.post(coll, "{\"_id\": {\"$oid\": \"nothex\"}}"), 400, "invalid-extended-json");
        assertProblem(http.post(coll, "{\"d\": {\"$date\": \"yesterday\"}}"), 400, "invalid-extended-json");
        assertUnchanged();
    }

    @Test
    void emptyAndNonObjectBodiesAre400() {
        assertProblem(http.post(coll, ""), 400, "empty-body");
        assertProblem(http.post(coll, "42"), 400, "invalid-body");
        assertProblem(http.put(coll + "/keep", "[1]"), 400, "invalid-body");
        assertProblem(http.post(coll, "[]"), 400, "empty-array");
        assertUnchanged();
    }

    @Test
    void aBodyOverTheLimitIs413() {
        String big = "{\"s\": \"" + "x".repeat(2048) + "\"}";
        assertProblem(http.post(coll, big), 413, "body-too-large");
        assertProblem(http.put(coll + "/keep", big), 413, "body-too-large");
        assertUnchanged();
    }

    @Test
    void wrongContentTypeIs415() {
        Http.Response form = http.send("POST", coll, "a=1", "application/x-www-form-urlencoded");
        assertProblem(form, 415, "unsupported-media-type");
        assertProblem(http.send("PUT", coll + "/keep", "{\"v\": 2}", null), 415, "unsupported-media-type");
        assertProblem(http.send("PATCH", coll + "/keep", "{\"v\": 2}", "text/plain"), 415, "unsupported-media-type");
        assertUnchanged();
    }

    @Test
    void nestingDeeperThan100Is400() {
        String deep = "{\"a\": " + "[".repeat(150) + "]".repeat(150) + "}";
        assertProblem(http.post(coll, deep), 400, "nesting-too-deep");
        String veryDeep = "[".repeat(200_000);
        try (Mangrove large = TestServer.start(Map.of())) {
            assertProblem(new Http(large.url()).post(coll, veryDeep), 400, "nesting-too-deep");
        }
        assertUnchanged();
    }

    @Test
    void reservedAndInvalidNamesAreRefused() {
        assertProblem(http.get("/admin/users"), 403, "reserved-database");
        assertProblem(http.get("/local"), 403, "reserved-database");
        assertProblem(http.get("/db/system.users"), 403, "reserved-collection");
        assertProblem(http.get("/bad.name/c"), 400, "invalid-database-name");
        assertProblem(http.get("/bad$name"), 400, "invalid-database-name");
        assertProblem(http.get("/db/bad$coll"), 400, "invalid-collection-name");
        assertProblem(http.get("/" + "d".repeat(70)), 400, "invalid-database-name");
        assertProblem(http.get("/db/%C3%28"), 400, "invalid-path");
    }

    @Test
    void unknownVerbsAre405WithAllow() {
        Http.Response r = http.send("PATCH", "/", "{}", "application/json");
        assertProblem(r, 405, "method-not-allowed");
        assertEquals("GET, HEAD, OPTIONS", r.header("Allow").orElseThrow());
        Http.Response options = http.send("OPTIONS", coll + "/keep", null, null);
        assertEquals(204, options.status());
        assertTrue(options.header("Allow").orElseThrow().contains("PATCH"));
    }

    @Test
    void reservedResourcesThatAreNotBuiltAnswerClearly() {
        Http.Response r = http.get(coll + "/_nothing/here/at/all");
        assertTrue(r.status() == 404 || r.status() == 501, r.toString());
        assertProblem(http.get(coll + "/a/b"), 404, "resource-not-found");
    }

    private static void assertUnchanged() {
        Http.Response list = http.get(coll);
        assertEquals(200, list.status(), list.body());
        assertEquals(1, list.json().size(), "a failed request wrote nothing: " + list.body());
        assertEquals(1, http.get(coll + "/keep").json().get("v").asInt());
    }
}
