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

/** Mounts: hidden real names, per-level verbs, MangoREST's resources shortcut (docs/api.md#mounts). */
class MountsE2ETest {
    private static Mangrove server;
    private static Http http;
    private static String shop;

    @BeforeAll
    static void start() {
        shop = TestServer.freshDatabase("shop");
        server = TestServer.start(Map.of(
                "mangrove.mounts.0.what", "/" + shop + "/rocket_engines",
                "mangrove.mounts.0.where", "/api/rockets",
                "mangrove.mounts.1.what", "/" + shop,
                "mangrove.mounts.1.where", "/store",
                "mangrove.mounts.1.methods.document.0", "GET",
                "mangrove.mounts.1.methods.collection.0", "GET",
                "mangrove.mounts.1.methods.collection.1", "POST"));
        http = new Http(server.url());
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void aCollectionMountHidesTheRealNames() {
        Http.Response created = http.post("/api/rockets", "{\"_id\": \"merlin\", \"thrust\": 845}");
        assertEquals(201, created.status(), created.body());
        assertEquals("/api/rockets/merlin", created.header("Location").orElseThrow());
        Http.Response read = http.get("/api/rockets/merlin");
        assertEquals(845, read.json().get("thrust").asInt());
        Http.Response duplicate = http.post("/api/rockets", "{\"_id\": \"merlin\"}");
        assertEquals(409, duplicate.status());
        for (Http.Response r : new Http.Response[] {created, read, duplicate, http.get("/api/rockets/nope")}) {
            assertFalse(r.body().contains("rocket_engines"), r.body());
            assertFalse(r.body().contains(shop), r.body());
            r.raw().headers().map().values().forEach(v -> assertFalse(v.toString().contains("rocket_engines")));
        }
    }

    @Test
    void unmountedPathsAre404() {
        assertProblem(http.get("/" + shop + "/rocket_engines"), 404, "resource-not-found");
        assertProblem(http.get("/"), 404, "resource-not-found");
        assertProblem(http.get("/api"), 404, "resource-not-found");
    }

    @Test
    void aDatabaseMountServesItsCollectionsWithLimitedVerbs() {
        assertEquals(201, http.post("/store/orders", "{\"_id\": \"o1\", \"total\": 3}").status());
        assertEquals(3, http.get("/store/orders/o1").json().get("total").asInt());
        assertTrue(http.get("/store").json().toString().contains("orders"));
        Http.Response denied = http.delete("/store/orders/o1");
        assertProblem(denied, 405, "method-not-allowed");
        assertEquals("GET, HEAD, OPTIONS", denied.header("Allow").orElseThrow());
        assertEquals(200, http.get("/store/orders/o1").status(), "the denied DELETE changed nothing");
    }

    @Test
    void writesToMissingCollectionsAre404WhenCreationIsOff() {
        String db = TestServer.freshDatabase("nocreate");
        try (Mangrove strict = TestServer.start(Map.of("mangrove.writes.create-collections", "false"))) {
            Http client = new Http(strict.url());
            assertProblem(client.post("/" + db + "/missing", "{\"a\": 1}"), 404, "collection-not-found");
            assertProblem(client.put("/" + db + "/missing/x?wm=upsert", "{\"a\": 1}"), 404, "collection-not-found");
            assertFalse(client.get("/" + db).body().contains("missing"), "nothing was created");
        }
    }

    @Test
    void mangoRestResourcesShortcutMountsEachCollection() {
        String db = TestServer.freshDatabase("mango");
        try (Mangrove mango = TestServer.start(Map.of("mangrove.database", db,
                "mangrove.resources", "rockets:rocket_engines, engines:engines"))) {
            Http client = new Http(mango.url());
            assertEquals(201, client.post("/api/rockets", "{\"_id\": 1}").status());
            assertEquals(201, client.post("/api/engines", "{\"_id\": 2}").status());
            assertEquals(1, client.get("/api/rockets").json().size());
            assertProblem(client.get("/" + db + "/rocket_engines"), 404, "resource-not-found");
        }
    }
}
