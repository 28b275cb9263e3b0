package dev.mangrove.bootstrap.e2e;

import dev.mangrove.bootstrap.Mangrove;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static dev.mangrove.bootstrap.e2e.DocumentCrudE2ETest.assertProblem;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Bulk PATCH and DELETE by filter over real HTTP (docs/writes.md#bulk-update-and-delete). */
class BulkWritesE2ETest {
    private static Http http;
    private static String db;

    @BeforeAll
    static void start() {
        Mangrove server = TestServer.shared();
        http = new Http(server.url());
        db = TestServer.freshDatabase("bulk");
    }

    /** A fresh collection of ten documents: _id and n 0..9, tag even/odd. */
    private static String seeded(Http client, String database, String name) {
        String coll = "/" + database + "/" + name;
        StringBuilder docs = new StringBuilder("[");
        for (int i = 0; i < 10; i++) {
            docs.append(i == 0 ? "" : ",").append("{\"_id\": ").append(i).append(", \"n\": ").append(i)
                    .append(", \"tag\": \"").append(i % 2 == 0 ? "even" : "odd").append("\"}");
        }
        assertEquals(201, client.post(coll, docs.append("]").toString()).status());
        return coll;
    }

    private static int count(Http client, String coll, String query) {
        return client.get(coll + "/_size" + query).json().get("_size").asInt();
    }

    @Test
    void patchesTheDocumentsAFilterSelectsInEveryDialect() {
        String coll = seeded(http, db, "patched");
        Http.Response restheart = http.patch(coll + "/*?filter=%7B%22tag%22%3A%22even%22%7D", "{\"seen\": true}");
        assertEquals(200, restheart.status(), restheart.body());
        assertEquals(5, restheart.json().get("matchedCount").asInt());
        assertEquals(5, restheart.json().get("modifiedCount").asInt());
        assertEquals(5, count(http, coll, "?filter=%7B%22seen%22%3Atrue%7D"));

        Http.Response field = http.patch(coll + "?tag=odd&_limit=1&_sort=n", "{\"$inc\": {\"n\": 100}}");
        assertEquals(200, field.status(), field.body());
        assertEquals(5, field.json().get("matchedCount").asInt(), "_limit and _sort are ignored");
        assertEquals(5, count(http, coll, "?filter=%7B%22n%22%3A%7B%22%24gt%22%3A100%7D%7D"));
    }

    @Test
    void deletesTheDocumentsAFilterSelects() {
        String coll = seeded(http, db, "deleted");
        Http.Response byWhere = http.delete(coll + "/*?where=%7B%22n%22%3A%7B%22%24lt%22%3A3%7D%7D");
        assertEquals(200, byWhere.status(), byWhere.body());
        assertEquals(3, byWhere.json().get("deletedCount").asInt());
        Http.Response byField = http.delete(coll + "?tag=odd");
        assertEquals(200, byField.status(), byField.body());
        assertEquals(4, byField.json().get("deletedCount").asInt());
        assertEquals(3, count(http, coll, ""));
    }

    @Test
    void rejectsUnfilteredBulkWritesAndChangesNothing() {
        String coll = seeded(http, db, "unfiltered");
        assertProblem(http.delete(coll + "/*"), 403, "unfiltered-bulk-write");
        assertProblem(http.patch(coll + "/*", "{\"x\": 1}"), 403, "unfiltered-bulk-write");
        assertProblem(http.patch(coll, "{\"x\": 1}"), 403, "unfiltered-bulk-write");
        assertProblem(http.patch(coll + "?_limit=2", "{\"x\": 1}"), 403, "unfiltered-bulk-write");
        assertProblem(http.delete(coll + "/*?force"), 403, "unfiltered-bulk-write");
        assertProblem(http.delete(coll + "/*?filter=%7B%7D"), 403, "unfiltered-bulk-write");
        assertEquals(10, count(http, coll, ""));
        assertEquals(0, count(http, coll, "?filter=%7B%22x%22%3A1%7D"));

        Http.Response all = http.patch(coll + "/*?filter=%7B%7D&force", "{\"x\": 1}");
        assertEquals(200, all.status(), all.body());
        assertEquals(10, all.json().get("matchedCount").asInt());
        Http.Response gone = http.delete(coll + "/*?filter=%7B%7D&force");
        assertEquals(10, gone.json().get("deletedCount").asInt());
    }

    @Test
    void deleteOnACollectionWithoutAFilterIsNotABulkDelete() {
        String coll = seeded(http, db, "kept");
        Http.Response r = http.delete(coll);
        assertEquals(409, r.status(), r.body());
        assertEquals("confirmation-required", r.json().get("code").asText(), "an unfiltered DELETE is a drop (docs/management.md)");
        assertEquals(10, count(http, coll, ""));
    }

    @Test
    void rejectsAnInvalidFilterOrBodyAndChangesNothing() {
        String coll = seeded(http, db, "invalid");
        assertEquals(400, http.delete(coll + "/*?filter=%7Bnope").status());
        assertEquals(400, http.patch(coll + "/*?tag=odd", "{\"a\": 1, \"$set\": {\"b\": 2}}").status());
        assertEquals(400, http.patch(coll + "/*?tag=odd", "{\"_id\": 5}").status());
        assertEquals(10, count(http, coll, ""));
        assertEquals(5, count(http, coll, "?tag=odd"));
    }

    @Test
    void requireForceAnswersTheCountAndChangesNothing() {
        try (Mangrove strict = TestServer.start(Map.of("mangrove.writes.require-force", "true"))) {
            Http client = new Http(strict.url());
            String coll = seeded(client, TestServer.freshDatabase("force"), "docs");
            Http.Response delete = client.delete(coll + "/*?tag=odd");
            assertProblem(delete, 400, "force-required");
            assertEquals("To permanently delete 5 of 10 documents, add the parameter force",
                    delete.json().get("detail").asText());
            Http.Response update = client.patch(coll + "?filter=%7B%22n%22%3A3%7D", "{\"x\": 1}");
            assertProblem(update, 400, "force-required");
            assertTrue(update.json().get("detail").asText().startsWith("To update 1 of 10 documents"), update.body());
            assertEquals(10, count(client, coll, ""));
            assertEquals(0, count(client, coll, "?x=1"));

            assertEquals(5, client.delete(coll + "/*?tag=odd&force").json().get("deletedCount").asInt());
        }
    }
}
