package dev.mangrove.bootstrap.e2e;

import dev.mangrove.bootstrap.Mangrove;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static dev.mangrove.bootstrap.e2e.DocumentCrudE2ETest.assertProblem;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** What a RESTHeart client sends first, over real HTTP (docs/api.md#coming-from-restheart). */
class RestheartCompatibilityE2ETest {
    private static Http http;

    @BeforeAll
    static void start() {
        Mangrove server = TestServer.shared();
        http = new Http(server.url());
    }

    private static String collection(String prefix) {
        return "/" + TestServer.freshDatabase(prefix) + "/c";
    }

    @Test
    void unknownWriteModeOnPostIsRefusedAndWritesNothing() {
        String coll = collection("wmbogus");
        http.post(coll, "{\"_id\": 0}");
        Http.Response bogus = http.post(coll + "?wm=bogus", "{\"a\":1}");
        assertProblem(bogus, 400, "invalid-write-mode");
        assertTrue(bogus.json().get("detail").asText().contains("insert, update, upsert"), bogus.body());
        assertProblem(http.post(coll + "?wm=bogus", "[{\"a\":1}]"), 400, "invalid-write-mode");
        assertEquals(1, http.get(coll).json().size(), "nothing was written");
    }

    @Test
    void postWithUpdateReplacesExistingIdsAndInsertsNothing() {
        String coll = collection("wmupdate");
        assertProblem(http.post(coll + "?wm=update", "{\"a\":1}"), 400, "invalid-body");
        assertEquals(201, http.post(coll, "{\"_id\": 1, \"a\": 1, \"b\": 1}").status());
        Http.Response replaced = http.post(coll + "?wm=update", "{\"_id\": 1, \"a\": 2}");
        assertEquals(200, replaced.status(), replaced.body());
        assertEquals(1, replaced.json().get("_id").asInt());
        assertEquals("{\"_id\":1,\"a\":2}", http.get(coll + "/1?id_type=NUMBER").body(), "replaced, not merged");
        assertProblem(http.post(coll + "?wm=update", "{\"_id\": 2, \"a\": 1}"), 404, "document-not-found");

        Http.Response bulk = http.post(coll + "?wm=update", "[{\"_id\": 1, \"a\": 3}, {\"_id\": 9, \"a\": 3}]");
        assertEquals(207, bulk.status(), bulk.body());
        assertEquals(0, bulk.json().get("insertedCount").asInt());
        assertEquals(1, bulk.json().get("matchedCount").asInt());
        assertEquals(1, bulk.json().get("errors").get(0).get("index").asInt());
        assertEquals("document-not-found", bulk.json().get("errors").get(0).get("code").asText());
        assertEquals("[{\"_id\":1,\"a\":3}]", http.get(coll).body(), "the missing id was not inserted");
    }

    @Test
    void postWithUpsertReplacesOrInserts() {
        String coll = collection("wmupsert");
        Http.Response inserted = http.post(coll + "?wm=upsert", "{\"_id\": \"x\", \"a\": 1}");
        assertEquals(201, inserted.status(), inserted.body());
        assertEquals("/" + coll.split("/")[1] + "/c/x", inserted.header("Location").orElseThrow());
        Http.Response replaced = http.post(coll + "?wm=upsert", "{\"_id\": \"x\", \"b\": 2}");
        assertEquals(200, replaced.status(), replaced.body());
        assertEquals(201, http.post(coll + "?wm=upsert", "{\"c\": 3}").status(), "no _id: inserted");

        Http.Response bulk = http.post(coll + "?wm=upsert", "[{\"_id\": \"x\", \"b\": 3}, {\"_id\": \"y\"}]");
        assertEquals(201, bulk.status(), bulk.body());
        assertEquals(1, bulk.json().get("insertedCount").asInt());
        assertEquals("y", bulk.json().get("insertedIds").get(0).asText());
        assertEquals(1, bulk.json().get("matchedCount").asInt());
        assertEquals("{\"_id\":\"x\",\"b\":3}", http.get(coll + "/x").body());
        assertEquals(3, http.get(coll).json().size());
    }

    @Test
    void aMissingDatabaseIsNotFoundEverywhereAndAReadCreatesNothing() {
        String ghost = "/" + TestServer.freshDatabase("ghost");
        assertProblem(http.get(ghost), 404, "database-not-found");
        assertProblem(http.get(ghost + "/_size"), 404, "database-not-found");
        assertProblem(http.get(ghost + "/_meta"), 404, "database-not-found");
        assertProblem(http.get(ghost + "/c"), 404, "database-not-found");
        assertProblem(http.get(ghost + "/c?rep=hal"), 404, "database-not-found");
        assertProblem(http.get(ghost + "/c/_size"), 404, "database-not-found");
        assertProblem(http.get(ghost + "/c/_meta"), 404, "database-not-found");
        assertProblem(http.get(ghost + "/c/_indexes"), 404, "database-not-found");
        assertProblem(http.get(ghost + "/c/_distinct?fields=a"), 404, "database-not-found");
        assertProblem(http.get(ghost + "/c/_aggrs/x"), 404, "database-not-found");
        assertProblem(http.get(ghost + "/c/1"), 404, "database-not-found");
        assertProblem(http.get(ghost + "/_schemas"), 404, "database-not-found");
        assertFalse(http.get("/").body().contains(ghost.substring(1)), "no read created the database");
    }

    @Test
    void aMissingOrDroppedCollectionIsNotFoundOnEveryRepresentation() {
        String db = "/" + TestServer.freshDatabase("nocoll");
        assertEquals(201, http.put(db + "/other", "{}").status());
        for (String coll : new String[] {db + "/missing", db + "/dropped"}) {
            if (coll.endsWith("dropped")) {
                assertEquals(201, http.post(coll, "{\"a\": 1}").status());
                assertEquals(204, http.delete(coll + "?force=true").status());
            }
            assertProblem(http.get(coll), 404, "collection-not-found");
            assertProblem(http.get(coll + "?rep=hal"), 404, "collection-not-found");
            assertProblem(http.get(coll + "?pagination=false"), 404, "collection-not-found");
            assertProblem(http.get(coll, "Accept", "application/x-ndjson"), 404, "collection-not-found");
            assertProblem(http.get(coll, "Accept", "text/csv"), 404, "collection-not-found");
            assertProblem(http.get(coll + "?count=true"), 404, "collection-not-found");
            assertProblem(http.get(coll + "/_size"), 404, "collection-not-found");
            assertProblem(http.get(coll + "/_meta"), 404, "collection-not-found");
            assertProblem(http.get(coll + "/_indexes"), 404, "collection-not-found");
            assertProblem(http.get(coll + "/_distinct?fields=a"), 404, "collection-not-found");
            assertProblem(http.get(coll + "/_aggrs/x"), 404, "collection-not-found");
            assertProblem(http.get(coll + "/1"), 404, "collection-not-found");
        }
        assertEquals("[\"other\"]", http.get(db).body(), "no read created a collection");
    }

    @Test
    void ifMatchGuardsDatabaseAndCollectionMetadataWrites() {
        String db = "/" + TestServer.freshDatabase("ifmatchmeta");
        assertEquals(201, http.put(db, "{\"v\": 1}").status());
        assertProblem(http.patch(db, "{\"v\": 2}", "If-Match", "\"nope\""), 412, "precondition-failed");
        assertProblem(http.put(db, "{\"v\": 2}", "If-Match", "\"nope\""), 412, "precondition-failed");
        assertEquals(1, http.get(db + "/_meta").json().get("v").asInt(), "nothing was written");
        String etag = http.get(db + "/_meta").header("ETag").orElseThrow();
        Http.Response patched = http.patch(db, "{\"v\": 2}", "If-Match", etag);
        assertEquals(200, patched.status(), patched.body());
        assertEquals(2, http.get(db + "/_meta").json().get("v").asInt());
        assertProblem(http.put(db, "{\"v\": 3}", "If-Match", etag), 412, "precondition-failed");
        String current = http.get(db + "/_meta").header("ETag").orElseThrow();
        assertEquals(200, http.put(db, "{\"v\": 3}", "If-Match", current).status());

        assertEquals(201, http.put(db + "/c", "{\"o\": 1}").status());
        assertProblem(http.put(db + "/c", "{\"o\": 2}", "If-Match", "\"nope\""), 412, "precondition-failed");
        assertEquals(1, http.get(db + "/c/_meta").json().get("o").asInt(), "nothing was written");
        String collTag = http.get(db + "/c/_meta").header("ETag").orElseThrow();
        Http.Response put = http.put(db + "/c", "{\"o\": 2}", "If-Match", collTag);
        assertEquals(200, put.status(), put.body());
        assertEquals(2, http.get(db + "/c/_meta").json().get("o").asInt());
        assertProblem(http.put(db + "/new", "{}", "If-Match", collTag), 412, "precondition-failed");
        assertProblem(http.get(db + "/new"), 404, "collection-not-found");
    }

    @Test
    void aWrongIfMatchOnADropIsAFailedPrecondition() {
        String db = "/" + TestServer.freshDatabase("dropmatch");
        assertEquals(201, http.post(db + "/c", "{\"a\": 1}").status());
        assertProblem(http.delete(db + "/c"), 409, "confirmation-required");
        assertProblem(http.delete(db + "/c", "If-Match", "\"nope\""), 412, "precondition-failed");
        assertProblem(http.delete(db, "If-Match", "\"nope\""), 412, "precondition-failed");
        assertProblem(http.delete(db), 409, "confirmation-required");
        assertEquals(1, http.get(db + "/c").json().size(), "nothing was dropped");
    }

    @Test
    void keysAndFieldsProjectASingleDocument() {
        String coll = collection("onekeys");
        assertEquals(201, http.post(coll, "{\"_id\": \"d\", \"x\": 1, \"y\": 2, \"z\": 3}").status());
        assertEquals("{\"_id\":\"d\",\"x\":1}", http.get(coll + "/d?keys=%7B%22x%22%3A1%7D").body());
        assertEquals("{\"_id\":\"d\",\"x\":1,\"y\":2}", http.get(coll + "/d?fields=x,y").body());
        assertEquals("{\"_id\":\"d\",\"x\":1,\"y\":2}", http.get(coll + "/d?fields=-z").body());
        Http.Response projected = http.get(coll + "/d?fields=x");
        assertEquals(304, http.get(coll + "/d?fields=x", "If-None-Match",
                projected.header("ETag").orElseThrow()).status());
        assertProblem(http.get(coll + "/d?keys=%7Bx"), 400, "invalid-json");
    }

    private static String avars(String json) {
        return "avars=" + java.net.URLEncoder.encode(json, java.nio.charset.StandardCharsets.UTF_8);
    }

    @Test
    void dottedVariablesAndIfvarInNamedAggregations() {
        String coll = collection("aggrvars");
        assertEquals(201, http.post(coll, "[{\"_id\": 1, \"k\": \"a\"}, {\"_id\": 2, \"k\": \"b\"},"
                + " {\"_id\": 3, \"k\": \"a\"}]").status());
        Http.Response meta = http.put(coll, """
                {"aggrs": [
                  {"uri": "limited", "stages": [
                     {"$sort": {"_id": 1}},
                     {"$limit": {"$var": ["options.limit", 100]}}]},
                  {"uri": "maybe", "stages": [
                     {"$ifvar": ["filter.k", {"$match": {"k": {"$var": "filter.k"}}}]},
                     {"$ifvar": [["sort"], {"$sort": {"_id": -1}}, {"$sort": {"_id": 1}}]}]}
                ]}""");
        assertEquals(200, meta.status(), meta.body());
        Http.Response limited = http.get(coll + "/_aggrs/limited?" + avars("{\"options\": {\"limit\": 2}}"));
        assertEquals(200, limited.status(), limited.body());
        assertEquals(2, limited.json().size(), "the dotted name read the nested avars: " + limited.body());
        assertEquals(3, http.get(coll + "/_aggrs/limited").json().size(), "the default without avars");

        assertEquals("[{\"_id\":1,\"k\":\"a\"},{\"_id\":2,\"k\":\"b\"},{\"_id\":3,\"k\":\"a\"}]",
                http.get(coll + "/_aggrs/maybe").body(), "no avars: the $ifvar stage is dropped, the else kept");
        assertEquals("[{\"_id\":3,\"k\":\"a\"},{\"_id\":1,\"k\":\"a\"}]",
                http.get(coll + "/_aggrs/maybe?" + avars("{\"filter\": {\"k\": \"a\"}, \"sort\": true}")).body());
        assertEquals("[{\"_id\":2,\"k\":\"b\"}]",
                http.get(coll + "/_aggrs/maybe?" + avars("{\"filter\": {\"k\": \"b\"}}")).body());
    }

    @Test
    void aMalformedIfvarIsReported() {
        String coll = collection("aggrbadifvar");
        assertEquals(201, http.post(coll, "{\"a\": 1}").status());
        assertEquals(200, http.put(coll, "{\"aggrs\": [{\"uri\": \"bad\", \"stages\": [{\"$ifvar\": \"x\"}]}]}")
                .status());
        assertProblem(http.get(coll + "/_aggrs/bad"), 400, "invalid-pipeline");
    }

    @Test
    void indexOptionsTheBackendCannotHonourAreRefused() {
        String coll = collection("idxopts");
        assertEquals(201, http.post(coll, "{\"email\": \"a@x\", \"active\": false}").status());
        String partial = "{\"keys\": {\"email\": 1}, \"ops\": {\"unique\": true,"
                + " \"partialFilterExpression\": {\"active\": true}}}";
        Http.Response r = http.put(coll + "/_indexes/by_email", partial);
        if (TestBackend.get().kind() == TestBackend.Kind.EMBEDDED) {
            assertProblem(r, 501, "not-implemented");
            assertTrue(r.json().get("detail").asText().contains("partialFilterExpression"), r.body());
            assertTrue(r.json().get("detail").asText().contains("embedded backend"), r.body());
            assertEquals(1, http.get(coll + "/_indexes").json().size(), "nothing was created");
            for (String ops : new String[] {"{\"expireAfterSeconds\": 60}", "{\"collation\": {\"locale\": \"fr\"}}"}) {
                assertProblem(http.put(coll + "/_indexes/x", "{\"keys\": {\"email\": 1}, \"ops\": " + ops + "}"), 501,
                        "not-implemented");
            }
            assertProblem(http.put(coll + "/_indexes/t", "{\"keys\": {\"email\": \"text\"}}"), 501, "not-implemented");
            assertEquals(201, http.put(coll + "/_indexes/u", "{\"keys\": {\"email\": 1}, \"ops\": {\"unique\": true,"
                    + " \"sparse\": true}}").status(), "unique and sparse are enforced");
        } else {
            assertEquals(201, r.status(), r.body());
            assertEquals(201, http.post(coll, "{\"email\": \"a@x\", \"active\": false}").status(),
                    "the partial unique index ignores inactive documents");
        }
    }

    @Test
    void countsSayTheirStrategy() {
        String coll = collection("countstrategy");
        assertEquals(201, http.post(coll, "[{\"a\": 1}, {\"a\": 2}]").status());
        Http.Response exact = http.get(coll + "?count=true");
        assertEquals("2", exact.header("X-Total-Count").orElseThrow());
        assertEquals("exact", exact.header("X-Count-Strategy").orElseThrow());
        assertEquals("estimated", http.get(coll + "?count=estimated").header("X-Count-Strategy").orElseThrow());
        assertEquals("exact", http.get(coll + "?count=estimated&filter=%7B%22a%22%3A1%7D")
                .header("X-Count-Strategy").orElseThrow(), "a filter makes the count exact");
        assertEquals("exact", http.get(coll + "/_size").header("X-Count-Strategy").orElseThrow());
        assertTrue(http.get(coll).header("X-Count-Strategy").isEmpty(), "no count, no strategy");
    }

    @Test
    void databaseAndCollectionListingsCarryTheMetaETagForADrop() {
        String db = "/" + TestServer.freshDatabase("listetag");
        assertEquals(201, http.put(db, "{\"team\": \"core\"}").status());
        assertEquals(201, http.put(db + "/c", "{\"owner\": \"ada\"}").status());
        Http.Response coll = http.get(db + "/c");
        assertEquals(http.get(db + "/c/_meta").header("ETag").orElseThrow(), coll.header("ETag").orElseThrow());
        Http.Response listing = http.get(db);
        assertEquals(http.get(db + "/_meta").header("ETag").orElseThrow(), listing.header("ETag").orElseThrow());
        assertEquals(204, http.delete(db + "/c", "If-Match", coll.header("ETag").orElseThrow()).status());
        assertEquals(204, http.delete(db, "If-Match", listing.header("ETag").orElseThrow()).status());
        assertProblem(http.get(db), 404, "database-not-found");
    }

    @Test
    void nameListingsPage() {
        String db = "/" + TestServer.freshDatabase("listpage");
        assertEquals(201, http.post(db, "[{\"name\": \"a\"}, {\"name\": \"b\"}, {\"name\": \"c\"}]").status());
        assertEquals("[\"a\",\"b\",\"c\"]", http.get(db).body());
        assertEquals("[\"a\",\"b\"]", http.get(db + "?pagesize=2").body());
        assertEquals("[\"c\"]", http.get(db + "?page=2&pagesize=2").body());
        assertEquals("[]", http.get(db + "?page=3&pagesize=2").body());
        assertEquals(1, http.get("/?pagesize=1").json().size());
        assertEquals(400, http.get(db + "?pagesize=x").status());
    }

    private static String q(String text) {
        return java.net.URLEncoder.encode(text, java.nio.charset.StandardCharsets.UTF_8);
    }

    @Test
    void restheartsJsonModeNamesAnswerTheNearestExtendedJson() {
        String coll = collection("jsonmode");
        assertEquals(201, http.post(coll, "{\"_id\": 1, \"n\": 5}").status());
        String canonical = "{\"_id\":{\"$numberInt\":\"1\"},\"n\":{\"$numberInt\":\"5\"}}";
        for (String mode : new String[] {"EXTENDED", "strict", "Shell", "canonical"}) {
            assertEquals(canonical, http.get(coll + "/1?id_type=NUMBER&jsonMode=" + mode).body(), mode);
        }
        assertEquals("{\"_id\":1,\"n\":5}", http.get(coll + "/1?id_type=NUMBER&jsonMode=RELAXED").body());
        Http.Response unknown = http.get(coll + "?jsonMode=loose");
        assertProblem(unknown, 400, "invalid-json-mode");
        assertTrue(unknown.json().get("detail").asText().contains("relaxed, canonical"), unknown.body());
    }

    @Test
    void relaxedJsonInFilterKeysSortHintAndAvars() {
        String coll = collection("relaxed");
        assertEquals(201, http.post(coll, "[{\"_id\": 1, \"name\": \"Ada\", \"n\": 1}, {\"_id\": 2, \"name\": \"Alan\","
                + " \"n\": 2}, {\"_id\": 3, \"name\": \"Bob\", \"n\": 3}]").status());
        assertEquals("[{\"_id\":2,\"name\":\"Alan\"},{\"_id\":1,\"name\":\"Ada\"}]", http.get(coll + "?filter="
                + q("{'name':{'$regex':'^A'}}") + "&keys=" + q("{name: 1}") + "&sort=" + q("{'n': -1}") + "&hint="
                + q("{'_id': 1}")).body());
        assertEquals(2, http.get(coll + "?filter=" + q("{name: {$regex: '^A'}}")).json().size(), "unquoted names");
        assertEquals(0, http.get(coll + "?filter=" + q("{'name': '/^A/'}")).json().size(),
                "a filter string stays a string (only where= reads /regex/)");
        Http.Response malformed = http.get(coll + "?filter=" + q("{'name': }"));
        assertProblem(malformed, 400, "invalid-json");
        assertTrue(malformed.json().get("detail").asText().contains("column 10"), malformed.body());

        assertEquals(200, http.put(coll, "{\"aggrs\": [{\"uri\": \"by-name\", \"stages\": ["
                + "{\"$match\": {\"name\": {\"$var\": \"name\"}}}]}]}").status());
        assertEquals(1, http.get(coll + "/_aggrs/by-name?avars=" + q("{name: 'Bob'}")).json().size(), "relaxed avars");
    }

    @Test
    void putCreatesTheSchemaStoreIdempotently() {
        String db = "/" + TestServer.freshDatabase("schemastore");
        Http.Response created = http.put(db + "/_schemas", null);
        assertEquals(201, created.status(), created.body());
        assertEquals(204, http.put(db + "/_schemas", null).status(), "idempotent");
        assertEquals("[]", http.get(db + "/_schemas").body());
        assertEquals(200, http.get(db).status(), "the database exists now");
        assertEquals(201, http.put(db + "/_schemas/s", "{\"type\": \"object\"}").status());
        assertEquals(204, http.put(db + "/_schemas", null).status(), "the schemas stay");
        assertEquals(1, http.get(db + "/_schemas").json().size());
    }

    @Test
    void aSchemaReferenceIsNeverFetchedOverTheNetwork() throws java.io.IOException {
        String db = "/" + TestServer.freshDatabase("schemaref");
        try (java.net.ServerSocket listener = new java.net.ServerSocket(0, 5,
                java.net.InetAddress.getLoopbackAddress())) {
            String uri = "http://127.0.0.1:" + listener.getLocalPort() + "/x";
            Http.Response r = http.put(db + "/_schemas/a", "{\"$ref\": \"" + uri + "\"}");
            assertProblem(r, 400, "invalid-schema");
            assertTrue(r.json().get("detail").asText().contains(uri), r.body());
            listener.setSoTimeout(300);
            assertThrows(java.net.SocketTimeoutException.class, listener::accept, "the server fetched " + uri);
        }
        assertProblem(http.get(db + "/_schemas/a"), 404, "schema-not-found");
    }

    @Test
    void aSchemaMayReferenceAnotherStoredSchemaOfItsDatabase() {
        String name = TestServer.freshDatabase("schemarefs");
        String db = "/" + name;
        assertEquals(201, http.put(db + "/_schemas/address", "{\"type\": \"object\", \"required\": [\"city\"],"
                + " \"properties\": {\"city\": {\"type\": \"string\"}}}").status());
        Http.Response person = http.put(db + "/_schemas/person", "{\"type\": \"object\", \"properties\": {"
                + "\"home\": {\"$ref\": \"http://schema-store/" + name + "/address\"},"
                + " \"work\": {\"$ref\": \"address\"}}}");
        assertEquals(201, person.status(), person.body());
        Http.Response missing = http.put(db + "/_schemas/bad", "{\"$ref\": \"http://schema-store/" + name + "/nope\"}");
        assertProblem(missing, 400, "invalid-schema");
        assertTrue(missing.json().get("detail").asText().contains("http://schema-store/" + name + "/nope"),
                missing.body());
        assertProblem(http.put(db + "/_schemas/other", "{\"$ref\": \"http://schema-store/elsewhere/address\"}"), 400,
                "invalid-schema");

        assertEquals(201, http.put(db + "/people", "{\"jsonSchema\": {\"schemaId\": \"person\"}}").status());
        assertProblem(http.post(db + "/people", "{\"home\": {\"city\": 1}}"), 400, "schema-violation");
        assertProblem(http.post(db + "/people", "{\"work\": {}}"), 400, "schema-violation");
        assertEquals(201, http.post(db + "/people", "{\"home\": {\"city\": \"Oslo\"}, \"work\": {\"city\": \"Rome\"}}")
                .status());
        assertEquals(1, http.get(db + "/people").json().size());
    }
}
