package dev.mangrove.bootstrap.e2e;

import dev.mangrove.bootstrap.Mangrove;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The 5xx answers ApiFuzzTest found (docs/security.md#fuzzing), each now a 4xx problem (or a 501 naming what the
 * backend lacks) without internals, that changes nothing.
 */
class FuzzFindingsE2ETest {
    private static Mangrove server;
    private static Http http;
    private static String coll;

    @BeforeAll
    static void start() {
        server = TestServer.start(Map.of("mangrove.plugins.aggregate.allow-adhoc", "true"));
        http = new Http(server.url());
        coll = "/" + TestServer.freshDatabase("fuzzfound") + "/things";
        assertEquals(201, http.post(coll, "{\"_id\": 1, \"n\": 1, \"title\": \"kept\"}").status());
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private static String q(String json) {
        return URLEncoder.encode(json, StandardCharsets.UTF_8);
    }

    private static void expect(List<String> wrong, String what, Http.Response r, int low, int high) {
        String body = r.body();
        boolean internals = body.contains("java.") || body.contains("de.bwaldvogel") || body.contains("com.mongodb")
                || body.contains("Exception") || body.contains("backend-error") || body.contains("cast");
        if (r.status() < low || r.status() > high || internals
                || !r.header("Content-Type").orElse("").startsWith("application/problem+json")) {
            wrong.add(what + " → " + r.status() + " " + body);
        }
    }

    @Test
    void malformedStageArgumentsAndUnknownStagesAre400() {
        List<String> wrong = new ArrayList<>();
        for (String pipeline : List.of("[{\"$limit\":true}]", "[{\"$skip\":{\"$maxKey\":1}}]", "[{\"$bogus\":{}}]",
                "[{\"$replaceRoot\":{}}]", "[{\"$sample\":{\"size\":\"alice\"}}]", "[{\"$unwind\":1}]",
                "[{\"$match\":{\"$expr\":{\"$getField\":\"title\"}}}]", "[{\"$redact\":\"x\"}]")) {
            expect(wrong, "POST _aggregate " + pipeline, http.post(coll + "/_aggregate", pipeline), 400, 499);
            expect(wrong, "GET _aggregate " + pipeline, http.get(coll + "/_aggregate?pipeline=" + q(pipeline)), 400, 499);
        }
        assertEquals(List.of(), wrong);
    }

    @Test
    void stagesTheBackendLacksAre400Or501NamingThem() {
        List<String> wrong = new ArrayList<>();
        for (String stage : List.of("$fill", "$densify", "$setWindowFields", "$currentOp", "$planCacheStats")) {
            Http.Response r = http.post(coll + "/_aggregate", "[{\"" + stage + "\":{}}]");
            expect(wrong, stage, r, 400, 501);
            if (r.status() == 501 && !r.body().contains(stage)) {
                wrong.add(stage + " → 501 without the stage's name: " + r.body());
            }
        }
        assertEquals(List.of(), wrong);
    }

    @Test
    void aGetFieldFilterIs400() {
        List<String> wrong = new ArrayList<>();
        expect(wrong, "filter $expr $getField", http.get(coll + "?filter=" + q("{\"$expr\":{\"$eq\":[{\"$getField\":"
                + "\"title\"},\"kept\"]}}")), 400, 499);
        expect(wrong, "bulk delete $expr $getField", http.delete(coll + "/*?filter=" + q("{\"$expr\":{\"$eq\":"
                + "[{\"$getField\":\"title\"},\"kept\"]}}")), 400, 499);
        assertEquals(List.of(), wrong);
        assertEquals(1, http.get(coll).json().size());
    }

    @Test
    void aWriteThatCannotCreateCreatesNoDatabase() {
        String db = TestServer.freshDatabase("neverthere");
        List<String> wrong = new ArrayList<>();
        expect(wrong, "PATCH", http.patch("/" + db + "/c/x", "{\"a\": 1}"), 404, 404);
        expect(wrong, "PUT wm=update", http.put("/" + db + "/c/x", "{\"a\": 1}"), 404, 404);
        expect(wrong, "DELETE", http.delete("/" + db + "/c/x"), 404, 404);
        assertEquals(List.of(), wrong);
        Http.Response databases = http.get("/");
        assertEquals(200, databases.status(), databases.toString());
        assertFalse(databases.body().contains(db), databases.body());
    }

    @Test
    void everyWriteUnderAMissingDatabaseThatIsRefusedLeavesNoDatabase() {
        // every write route under /{db} (docs/api.md#resources) but the ones that create a database on purpose
        // (PUT /{db}, PUT /{db}/{coll}, POST /{db}, PUT /{db}/{bucket}.files, PUT /{db}/_schemas)
        String[][] writes = {
                {"POST", "/c", "{\"a\": 1}"},
                {"POST", "/c", "[{\"a\": 1}, {\"a\": 2}]"},
                {"POST", "/c?wm=update", "[{\"_id\": 1, \"a\": 1}]"},
                {"PUT", "/c/x?wm=upsert", "{\"a\": 1}"},
                {"PUT", "/c/x?wm=insert", "{\"a\": 1}"},
                {"PATCH", "/c/x?wm=upsert", "{\"$set\": {\"a\": 1}}"},
                {"PATCH", "/c/*?filter=" + q("{\"a\": 1}"), "{\"$set\": {\"b\": 1}}"},
                {"DELETE", "/c/*?filter=" + q("{\"a\": 1}"), null},
                {"PATCH", "", "{\"m\": 1}"},
                {"PATCH", "/c/_meta", "{\"m\": 1}"},
                {"PUT", "/c/_indexes/byA", "{\"keys\": {\"a\": 1}}"},
                {"DELETE", "/c/_indexes/byA", null},
                {"PUT", "/_schemas/s", "{\"type\": \"object\"}"},
                {"POST", "/_schemas", "{\"_id\": \"s\", \"type\": \"object\"}"},
                {"DELETE", "/_schemas/s", null},
                {"PUT", "/b.files/f", "{\"m\": 1}"},
                {"PATCH", "/b.files/f", "{\"m\": 1}"},
                {"DELETE", "/b.files/f", null},
                {"POST", "/c/_aggregate", "[{\"$out\": \"copy\"}]"},
                {"POST", "/c/_aggregate", "[{\"$merge\": {\"into\": \"copy\"}}]"},
                {"DELETE", "/c/x", null},
        };
        List<String> left = new ArrayList<>();
        for (String[] write : writes) {
            String db = TestServer.freshDatabase("absent");
            String path = "/" + db + write[1];
            Http.Response r = write[2] == null ? http.delete(path) : http.send(write[0], path, write[2], "application/json");
            assertTrue(r.status() < 500 || r.status() == 501, write[0] + " " + write[1] + " → " + r);
            Http.Response databases = http.get("/");
            if (r.status() >= 400 && databases.body().contains("\"" + db + "\"")) {
                left.add(write[0] + " " + write[1] + " → " + r.status() + " left the database behind");
            }
        }
        assertEquals(List.of(), left);
    }

    @Test
    void aDottedFieldNameIsRefusedInsteadOfNeverAnswering() {
        if (TestBackend.get().kind() != TestBackend.Kind.EMBEDDED) {
            System.out.println("[mangrove-tests] skipped: MongoDB 5+ stores dotted field names; only the embedded backend refuses them");
            return;
        }
        List<String> wrong = new ArrayList<>();
        expect(wrong, "PUT a dotted name", http.put(coll + "/1?id_type=NUMBER", "{\"nested.y.z\": \"bob\"}"), 400, 400);
        expect(wrong, "POST a dotted name", http.post(coll, "{\"_id\": 3, \"a\": {\"b.\": 1}}"), 400, 400);
        assertEquals(List.of(), wrong);
        assertEquals("kept", http.get(coll + "/1?id_type=NUMBER").json().get("title").asText());
    }

    @Test
    void aDottedMetadataNameIsRefusedInsteadOfNeverAnswering() {
        String db = "/" + TestServer.freshDatabase("fuzzmeta");
        assertEquals(201, http.put(db, "{\"kept\": 1}").status());
        List<String> wrong = new ArrayList<>();
        expect(wrong, "PATCH a database's metadata", http.patch(db, "{\"n.$\": 1}"), 400, 400);
        expect(wrong, "PUT a database's metadata", http.put(db, "{\"b.c\": 1}"), 400, 400);
        expect(wrong, "PATCH a collection's metadata", http.put(db + "/c", "{\"x.y\": 1}"), 400, 400);
        assertEquals(List.of(), wrong);
        Http.Response after = http.get(db + "/_meta");
        assertEquals(200, after.status(), after.toString());
        assertEquals(1, after.json().get("kept").asInt(), after.body());
        assertFalse(after.body().contains("n.$"), after.body());
        assertEquals(404, http.get(db + "/c/_meta").status(), "the collection was not created");
    }

    @Test
    void aSymbolIsRefusedWithoutBreakingTheBackendConnection() {
        if (TestBackend.get().kind() != TestBackend.Kind.EMBEDDED) {
            System.out.println("[mangrove-tests] skipped: a symbol is stored by MongoDB; only the embedded backend refuses it");
            return;
        }
        List<String> wrong = new ArrayList<>();
        expect(wrong, "POST a symbol", http.post(coll, "{\"_id\": 2, \"s\": {\"$symbol\": \"x\"}}"), 501, 501);
        expect(wrong, "PATCH a symbol", http.patch(coll + "/1?id_type=NUMBER", "{\"s\": {\"$symbol\": \"x\"}}"), 501, 501);
        expect(wrong, "filter a symbol", http.get(coll + "?filter=" + q("{\"s\": {\"$symbol\": \"x\"}}")), 501, 501);
        assertEquals(List.of(), wrong);
        Http.Response after = http.get(coll);
        assertEquals(200, after.status(), after.toString());
        assertEquals(1, after.json().size());
        assertFalse(after.body().contains("\"s\""), after.body());
    }
}
