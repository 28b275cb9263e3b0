package dev.mangrove.bootstrap.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import dev.mangrove.bootstrap.Mangrove;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static dev.mangrove.bootstrap.e2e.DocumentCrudE2ETest.assertProblem;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Databases, collections, their metadata and indexes over real HTTP (docs/management.md). */
class ManagementE2ETest {
    private static Http http;

    @BeforeAll
    static void start() {
        Mangrove server = TestServer.shared();
        http = new Http(server.url());
    }

    private static List<String> names(Http.Response r) {
        assertEquals(200, r.status(), r.body());
        List<String> names = new ArrayList<>();
        r.json().forEach(n -> names.add(n.asText()));
        return names;
    }

    @Test
    void createsACollectionWithMetadataThenUpdatesIt() {
        String db = "/" + TestServer.freshDatabase("mgmt");
        Http.Response created = http.put(db + "/things", "{\"owner\": \"ada\", \"options\": {}}");
        assertEquals(201, created.status(), created.body());
        assertEquals("ada", created.json().get("owner").asText());
        assertTrue(names(http.get(db)).contains("things"));
        assertFalse(names(http.get(db)).contains("_properties"), "metadata is never listed as a user collection");

        Http.Response meta = http.get(db + "/things/_meta");
        assertEquals(200, meta.status(), meta.body());
        assertEquals("ada", meta.json().get("owner").asText());
        assertFalse(meta.json().has("options"));
        assertFalse(meta.json().has("_id"));
        String etag = meta.header("ETag").orElseThrow();
        assertEquals(304, http.get(db + "/things/_meta", "If-None-Match", etag).status());

        Http.Response updated = http.put(db + "/things", "{\"owner\": \"grace\"}");
        assertEquals(200, updated.status(), updated.body());
        Http.Response after = http.get(db + "/things/_meta");
        assertEquals("grace", after.json().get("owner").asText());
        assertFalse(etag.equals(after.header("ETag").orElseThrow()), "the ETag follows the metadata");
        assertEquals(0, http.get(db + "/things").json().size(), "metadata is not stored among the documents");
    }

    @Test
    void createsAndUpdatesADatabaseWithMetadata() {
        String db = "/" + TestServer.freshDatabase("mgmtdb");
        assertProblem(http.get(db + "/_meta"), 404, "database-not-found");
        assertProblem(http.patch(db, "{\"a\": 1}"), 404, "database-not-found");
        Http.Response created = http.put(db, "{\"team\": \"core\"}");
        assertEquals(201, created.status(), created.body());
        assertTrue(names(http.get("/")).contains(db.substring(1)));
        assertEquals(List.of(), names(http.get(db)), "the metadata collection is hidden");
        assertEquals("core", http.get(db + "/_meta").json().get("team").asText());

        assertEquals(200, http.put(db, "{\"team\": \"ops\"}").status());
        Http.Response patched = http.patch(db, "{\"tier\": 2}");
        assertEquals(200, patched.status(), patched.body());
        JsonNode meta = http.get(db + "/_meta").json();
        assertEquals("ops", meta.get("team").asText());
        assertEquals(2, meta.get("tier").asInt());
    }

    @Test
    void postCreatesOneOrManyCollections() {
        String db = "/" + TestServer.freshDatabase("mgmtpost");
        Http.Response one = http.post(db, "{\"name\": \"a\", \"options\": {}}");
        assertEquals(201, one.status(), one.body());
        assertEquals("a", one.json().get("created").get(0).asText());
        Http.Response many = http.post(db, "[{\"name\": \"b\"}, {\"name\": \"c\"}]");
        assertEquals(201, many.status(), many.body());
        assertEquals(2, many.json().get("created").size());
        assertEquals(List.of("a", "b", "c"), names(http.get(db)));
        assertProblem(http.post(db, "{\"name\": \"a\"}"), 409, "collection-exists");
        assertProblem(http.post(db, "{\"nom\": \"x\"}"), 400, "invalid-body");
        assertProblem(http.post(db, "{\"name\": \"_x\"}"), 400, "invalid-collection-name");
        assertProblem(http.post(db, "[]"), 400, "invalid-body");
        assertEquals(List.of("a", "b", "c"), names(http.get(db)));
    }

    @Test
    void dropsACollectionOnlyWhenConfirmed() {
        String db = "/" + TestServer.freshDatabase("mgmtdrop");
        assertEquals(201, http.post(db + "/keep", "{\"a\": 1}").status());
        assertEquals(200, http.put(db + "/keep", "{\"note\": 1}").status());
        Http.Response unconfirmed = http.delete(db + "/keep");
        assertProblem(unconfirmed, 409, "confirmation-required");
        assertTrue(unconfirmed.json().get("detail").asText().contains("force"), unconfirmed.body());
        assertProblem(http.delete(db + "/keep", "If-Match", "\"nope\""), 412, "precondition-failed");
        assertEquals(1, http.get(db + "/keep").json().size(), "an unconfirmed drop changes nothing");

        String etag = http.get(db + "/keep/_meta").header("ETag").orElseThrow();
        assertEquals(204, http.delete(db + "/keep", "If-Match", etag).status());
        assertFalse(names(http.get(db)).contains("keep"));
        assertProblem(http.get(db + "/keep/_meta"), 404, "collection-not-found");
        assertProblem(http.delete(db + "/keep?force=true"), 404, "collection-not-found");

        assertEquals(201, http.post(db + "/other", "{\"a\": 1}").status());
        assertEquals(204, http.delete(db + "/other?force=true").status());
        assertFalse(names(http.get(db)).contains("other"));
    }

    @Test
    void deleteWithAFilterIsStillABulkDelete() {
        String db = "/" + TestServer.freshDatabase("mgmtbulk");
        assertEquals(201, http.post(db + "/c", "[{\"a\": 1}, {\"a\": 2}]").status());
        Http.Response bulk = http.delete(db + "/c?filter=" + java.net.URLEncoder.encode("{\"a\": 1}", java.nio.charset.StandardCharsets.UTF_8));
        assertEquals(200, bulk.status(), bulk.body());
        assertEquals(1, bulk.json().get("deletedCount").asInt());
        assertEquals(1, http.get(db + "/c").json().size());
    }

    @Test
    void dropsADatabaseOnlyWhenConfirmed() {
        String name = TestServer.freshDatabase("mgmtdropdb");
        String db = "/" + name;
        assertEquals(201, http.post(db + "/c", "{\"a\": 1}").status());
        assertProblem(http.delete(db), 409, "confirmation-required");
        assertTrue(names(http.get("/")).contains(name), "an unconfirmed drop changes nothing");
        assertEquals(1, http.get(db + "/c").json().size());
        String etag = http.get(db + "/_meta").header("ETag").orElseThrow();
        assertEquals(204, http.delete(db, "If-Match", etag).status());
        assertFalse(names(http.get("/")).contains(name));
        assertProblem(http.delete(db + "?force=true"), 404, "database-not-found");

        assertEquals(201, http.put(db, "{}").status());
        assertEquals(204, http.delete(db + "?force").status());
        assertFalse(names(http.get("/")).contains(name));
    }

    @Test
    void createsListsAndDropsIndexes() {
        String coll = "/" + TestServer.freshDatabase("mgmtidx") + "/people";
        assertProblem(http.get(coll + "/_indexes"), 404, "database-not-found");
        assertEquals(201, http.put(coll.substring(0, coll.lastIndexOf('/')), "{}").status());
        assertProblem(http.get(coll + "/_indexes"), 404, "collection-not-found");
        assertEquals(201, http.post(coll, "{\"email\": \"a@x\", \"age\": 3}").status());
        Http.Response created = http.put(coll + "/_indexes/by_email",
                "{\"keys\": {\"email\": 1}, \"ops\": {\"unique\": true}}");
        assertEquals(201, created.status(), created.body());
        assertEquals(201, http.put(coll + "/_indexes/by_age", "{\"keys\": {\"age\": -1}, \"ops\": {\"sparse\": true}}")
                .status());

        JsonNode list = http.get(coll + "/_indexes").json();
        JsonNode byEmail = null;
        List<String> names = new ArrayList<>();
        for (JsonNode index : list) {
            names.add(index.get("name").asText());
            if (index.get("name").asText().equals("by_email")) {
                byEmail = index;
            }
        }
        assertTrue(names.containsAll(List.of("_id_", "by_email", "by_age")), list.toString());
        assertEquals(1, byEmail.get("key").get("email").asInt());
        assertTrue(byEmail.get("unique").asBoolean());
        assertFalse(byEmail.has("v"));

        Http.Response duplicate = http.post(coll, "{\"email\": \"a@x\"}");
        assertProblem(duplicate, 409, "duplicate-key");
        assertTrue(duplicate.json().get("detail").asText().contains("by_email"), duplicate.body());

        assertProblem(http.put(coll + "/_indexes/by_email", "{\"keys\": {\"email\": 1}}"), 409, "index-exists");
        assertProblem(http.put(coll + "/_indexes/same_keys", "{\"keys\": {\"email\": 1}}"), 409, "index-exists");
        assertProblem(http.delete(coll + "/_indexes/_id_"), 400, "cannot-drop-id-index");
        assertProblem(http.delete(coll + "/_indexes/nope"), 404, "index-not-found");
        assertEquals(204, http.delete(coll + "/_indexes/by_email").status());
        assertEquals(201, http.post(coll, "{\"email\": \"a@x\"}").status(), "no longer unique");
        assertProblem(http.delete(coll + "/_indexes/by_email"), 404, "index-not-found");
    }

    @Test
    void rejectsBadIndexBodiesNamingWhatIsWrong() {
        String coll = "/" + TestServer.freshDatabase("mgmtbad") + "/c";
        assertEquals(201, http.post(coll, "{\"a\": 1}").status());
        assertBadIndex(http.put(coll + "/_indexes/i", "{}"), "keys");
        assertBadIndex(http.put(coll + "/_indexes/i", "{\"keys\": {}}"), "keys");
        assertBadIndex(http.put(coll + "/_indexes/i", "{\"keys\": {\"a\": \"up\"}}"), "'a'");
        assertBadIndex(http.put(coll + "/_indexes/i", "{\"keys\": {\"a\": 1}, \"ops\": {\"uniq\": true}}"), "uniq");
        assertBadIndex(http.put(coll + "/_indexes/i", "{\"keys\": {\"a\": 1}, \"ops\": {\"unique\": 1}}"), "unique");
        assertBadIndex(http.put(coll + "/_indexes/i", "{\"keys\": {\"a\": 1}, \"extra\": 1}"), "extra");
        assertBadIndex(http.put(coll + "/_indexes/i", "{\"keys\": {\"a\": 1}, \"ops\": 5}"), "ops");
        assertEquals(1, http.get(coll + "/_indexes").json().size(), "nothing was created");
        assertEquals(405, http.get(coll + "/_indexes/i").status());
    }

    @Test
    void passesCreateOptionsToTheBackend() {
        String db = "/" + TestServer.freshDatabase("mgmtcapped");
        Http.Response capped = http.put(db + "/log", "{\"options\": {\"capped\": true, \"size\": 4096}}");
        Assumptions.assumeFalse(capped.status() == 501,
                "the backend (embedded mongo-java-server) does not support capped collections");
        assertEquals(201, capped.status(), capped.body());
        assertTrue(names(http.get(db)).contains("log"));
    }

    @Test
    void refusesToChangeTheOptionsOfAnExistingCollection() {
        String db = "/" + TestServer.freshDatabase("mgmtopts");
        assertEquals(201, http.put(db + "/log", "{\"options\": {}}").status());
        assertProblem(http.put(db + "/log", "{\"options\": {\"capped\": false}}"), 400, "invalid-body");
        assertProblem(http.put(db + "/other", "{\"options\": 5}"), 400, "invalid-body");
        assertFalse(names(http.get(db)).contains("other"), "a rejected PUT creates nothing");
    }

    @Test
    void metadataResourcesAreReadOnlyAndAnswerOptions() {
        String db = "/" + TestServer.freshDatabase("mgmtverbs");
        assertEquals(201, http.put(db + "/c", "{}").status());
        assertProblem(http.put(db + "/c/_meta", "{}"), 405, "method-not-allowed");
        assertProblem(http.delete(db + "/_meta"), 405, "method-not-allowed");
        assertProblem(http.post(db + "/c/_indexes", "{}"), 405, "method-not-allowed");
        Http.Response options = http.send("OPTIONS", db, null, null);
        assertEquals(204, options.status());
        String allow = options.header("Allow").orElseThrow();
        for (String verb : List.of("GET", "PUT", "PATCH", "POST", "DELETE")) {
            assertTrue(allow.contains(verb), allow);
        }
        assertProblem(http.get(db + "/nope/_meta"), 404, "collection-not-found");
    }

    @Test
    void dropsTheCollectionsWhoseNameMatchesOnlyWhenConfirmed() {
        String db = "/" + TestServer.freshDatabase("mgmtwhere");
        assertEquals(201, http.post(db, "[{\"name\": \"tmp1\"}, {\"name\": \"tmp2\"}, {\"name\": \"keep\"}]").status());
        String where = "?where=" + java.net.URLEncoder.encode("{\"name\": \"/^tmp/\"}", java.nio.charset.StandardCharsets.UTF_8);
        assertProblem(http.delete(db + where), 409, "confirmation-required");
        assertEquals(List.of("keep", "tmp1", "tmp2"), names(http.get(db)), "an unconfirmed drop changes nothing");
        Http.Response dropped = http.delete(db + where + "&force");
        assertEquals(200, dropped.status(), dropped.body());
        assertEquals(2, dropped.json().get("dropped").size());
        assertEquals(List.of("keep"), names(http.get(db)));
        assertProblem(http.delete(db + "?where=" + java.net.URLEncoder.encode("{\"size\": 1}",
                java.nio.charset.StandardCharsets.UTF_8) + "&force"), 400, "invalid-filter");
        assertEquals(List.of("keep"), names(http.get(db)));
    }

    private static void assertBadIndex(Http.Response r, String mentioned) {
        assertProblem(r, 400, "invalid-index");
        assertTrue(r.json().get("detail").asText().contains(mentioned), r.body());
    }
}
