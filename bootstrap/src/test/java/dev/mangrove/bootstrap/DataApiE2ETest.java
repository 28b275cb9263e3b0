package dev.mangrove.bootstrap;

import com.fasterxml.jackson.databind.JsonNode;
import dev.mangrove.bootstrap.e2e.Http;
import dev.mangrove.bootstrap.e2e.TestServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The Atlas Data API v1 drop-in (docs/data-api.md) end to end, over real HTTP through the real security filter:
 * every action (upsert too), Extended JSON both ways, the limits, every kind of error in the Data API's shape,
 * Basic and Bearer callers, and the access-control list scoping one user's documents away from another.
 * (API keys, email/password headers and jwtTokenString come with the authentication work of branch keys:
 * {@link #apiKeyHeadersAfterTheKeysMerge} names where their tests go.)
 */
class DataApiE2ETest {
    private static final String SECRET = "data-api-e2e-secret-0123456789abcdef";
    private static final String APP = "mangrove-test";
    private static Path dir;
    private static Mangrove server;
    private static Http http;
    private static String db;

    @BeforeAll
    static void start() throws IOException {
        dir = Files.createTempDirectory("mangrove-data-api-e2e");
        db = TestServer.freshDatabase("dataapi");
        Path file = dir.resolve("mangrove.yaml");
        Files.writeString(file, """
                mangrove:
                  http:
                    max-body: 16KiB
                  plugins:
                    data-api:
                      app-id: "%s"
                      data-sources: "mongodb-atlas, Cluster0"
                      max-find-limit: 5
                  security:
                    enabled: true
                    realm: file
                    jwt: {secret: "%s"}
                    users:
                      - {username: alice, password: alice-pass, roles: [author]}
                      - {username: bob, password: bob-pass, roles: [author]}
                      - {username: rita, password: rita-pass, roles: [reader]}
                      - {username: root, password: root-pass, roles: [admin]}
                    acl:
                      - roles: [author]
                        path: "/%s/notes/**"
                        mongo:
                          readFilter:   {"owner": "@user.username"}
                          writeFilter:  {"owner": "@user.username"}
                          mergeRequest: {"owner": "@user.username"}
                          projectResponse: {"secret": 0}
                          allowBulkPatch: true
                          allowBulkDelete: true
                          allowWriteMode: true
                          allowAdhocAggregation: true
                      - {roles: [author], methods: [GET], path: "/%s/open/**"}
                      - {roles: [reader], methods: [GET], path: "/%s/**"}
                """.formatted(APP, SECRET, db, db, db));
        server = YamlServers.start(file);
        http = new Http(server.url());
    }

    @AfterAll
    static void stop() throws IOException {
        if (server != null) {
            server.close();
        }
        YamlServers.delete(dir);
    }

    private static String[] basic(String user, String password) {
        return new String[] {"Authorization", "Basic " + Base64.getEncoder().encodeToString(
                (user + ":" + password).getBytes(StandardCharsets.UTF_8))};
    }

    private static String[] root() {
        return basic("root", "root-pass");
    }

    private static String url(String action) {
        return "/app/" + APP + "/endpoint/data/v1/action/" + action;
    }

    private static String body(String coll, String rest) {
        return "{\"dataSource\": \"mongodb-atlas\", \"database\": \"" + db + "\", \"collection\": \"" + coll + "\""
                + (rest.isEmpty() ? "" : ", " + rest) + "}";
    }

    private static Http.Response call(String action, String coll, String rest, String... auth) {
        return http.post(url(action), body(coll, rest), auth);
    }

    private static void assertDataApiError(Http.Response r, int status, String code) {
        assertEquals(status, r.status(), r.body());
        assertTrue(r.header("Content-Type").orElse("").startsWith("application/json"), r.toString());
        JsonNode error = r.json();
        assertEquals(code, error.path("error_code").asText(), r.body());
        assertFalse(error.path("error").asText().isEmpty(), r.body());
        assertTrue(error.has("link"), r.body());
        assertFalse(error.has("type"), "not problem+json: " + r.body());
    }

    @Test
    void insertOneThenFindOneAndFindAsRoot() {
        Http.Response inserted = call("insertOne", "items", "\"document\": {\"name\": \"pen\", \"qty\": 3}", root());
        assertEquals(201, inserted.status(), inserted.body());
        String oid = inserted.json().path("insertedId").path("$oid").asText();
        assertEquals(24, oid.length(), inserted.body());

        Http.Response one = call("findOne", "items", "\"filter\": {\"_id\": {\"$oid\": \"" + oid + "\"}}", root());
        assertEquals(200, one.status(), one.body());
        assertEquals("pen", one.json().path("document").path("name").asText(), one.body());
        assertEquals(3, one.json().path("document").path("qty").asInt(), one.body());

        Http.Response none = call("findOne", "items", "\"filter\": {\"name\": \"nothing\"}", root());
        assertEquals(200, none.status(), none.body());
        assertTrue(none.json().has("document") && none.json().get("document").isNull(), none.body());

        Http.Response all = call("find", "items", "\"filter\": {\"name\": \"pen\"}, \"projection\": {\"qty\": 1, \"_id\": 0}",
                root());
        assertEquals(200, all.status(), all.body());
        assertEquals("[{\"qty\":3}]", all.json().path("documents").toString(), all.body());

        // the beta path is the same API
        Http.Response beta = http.post("/app/" + APP + "/endpoint/data/beta/action/find", body("items", ""), root());
        assertEquals(200, beta.status(), beta.body());
        // a missing collection finds nothing, as on Atlas
        Http.Response missing = call("find", "no_such_collection", "", root());
        assertEquals("{\"documents\":[]}", missing.body());
    }

    @Test
    void everyWriteActionIncludingUpserts() {
        String coll = "writes";
        Http.Response many = call("insertMany", coll, "\"documents\": [{\"_id\": 1, \"n\": 1}, {\"_id\": 2, \"n\": 2},"
                + " {\"_id\": 3, \"n\": 3}]", root());
        assertEquals(201, many.status(), many.body());
        assertEquals("{\"insertedIds\":[1,2,3]}", many.body());

        Http.Response one = call("updateOne", coll, "\"filter\": {\"n\": {\"$gte\": 2}}, \"update\": {\"$set\": {\"seen\": true}}",
                root());
        assertEquals(200, one.status(), one.body());
        assertEquals("{\"matchedCount\":1,\"modifiedCount\":1}", one.body());

        Http.Response all = call("updateMany", coll, "\"filter\": {}, \"update\": {\"$inc\": {\"n\": 10}}", root());
        assertEquals("{\"matchedCount\":3,\"modifiedCount\":3}", all.body());

        Http.Response noMatch = call("updateOne", coll, "\"filter\": {\"_id\": 9}, \"update\": {\"$set\": {\"x\": 1}}", root());
        assertEquals("{\"matchedCount\":0,\"modifiedCount\":0}", noMatch.body());

        Http.Response upserted = call("updateOne", coll, "\"filter\": {\"_id\": 9, \"kind\": \"new\"},"
                + " \"update\": {\"$set\": {\"x\": 1}}, \"upsert\": true", root());
        assertEquals("{\"matchedCount\":0,\"modifiedCount\":0,\"upsertedId\":9}", upserted.body());
        Http.Response created = call("findOne", coll, "\"filter\": {\"_id\": 9}", root());
        assertEquals("{\"_id\":9,\"x\":1,\"kind\":\"new\"}", created.json().path("document").toString());

        Http.Response upsertMany = call("updateMany", coll, "\"filter\": {\"tag\": \"fresh\"},"
                + " \"update\": {\"$set\": {\"y\": 2}}, \"upsert\": true", root());
        assertEquals(200, upsertMany.status(), upsertMany.body());
        assertEquals(24, upsertMany.json().path("upsertedId").path("$oid").asText().length(), upsertMany.body());

        Http.Response replaced = call("replaceOne", coll, "\"filter\": {\"_id\": 1}, \"replacement\": {\"only\": \"this\"}",
                root());
        assertEquals("{\"matchedCount\":1,\"modifiedCount\":1}", replaced.body());
        assertEquals("{\"_id\":1,\"only\":\"this\"}",
                call("findOne", coll, "\"filter\": {\"_id\": 1}", root()).json().path("document").toString());

        Http.Response replaceUpsert = call("replaceOne", coll, "\"filter\": {\"_id\": 42}, \"replacement\": {\"r\": 1},"
                + " \"upsert\": true", root());
        assertEquals("{\"matchedCount\":0,\"modifiedCount\":0,\"upsertedId\":42}", replaceUpsert.body());

        assertEquals("{\"deletedCount\":1}", call("deleteOne", coll, "\"filter\": {\"_id\": 42}", root()).body());
        assertEquals("{\"deletedCount\":0}", call("deleteOne", coll, "\"filter\": {\"_id\": 42}", root()).body());
        Http.Response deleted = call("deleteMany", coll, "\"filter\": {\"n\": {\"$gte\": 12}}", root());
        assertEquals("{\"deletedCount\":2}", deleted.body());

        Http.Response aggregated = call("aggregate", coll, "\"pipeline\": [{\"$match\": {\"_id\": {\"$in\": [1, 9]}}},"
                + " {\"$sort\": {\"_id\": 1}}, {\"$project\": {\"_id\": 1}}]", root());
        assertEquals(200, aggregated.status(), aggregated.body());
        assertEquals("{\"documents\":[{\"_id\":1},{\"_id\":9}]}", aggregated.body());
    }

    @Test
    void extendedJsonRoundTripsCanonicallyWithAcceptEjson() {
        String doc = "{\"_id\": {\"$oid\": \"65a1b2c3d4e5f6a7b8c9d0e1\"}, \"when\": {\"$date\": {\"$numberLong\": \"1700000000000\"}},"
                + " \"price\": {\"$numberDecimal\": \"19.99\"}, \"big\": {\"$numberLong\": \"9007199254740993\"},"
                + " \"small\": {\"$numberInt\": \"7\"}, \"blob\": {\"$binary\": {\"base64\": \"AQID\", \"subType\": \"00\"}}}";
        Http.Response inserted = http.send("POST", url("insertOne"), body("ejson", "\"document\": " + doc),
                "application/ejson", root());
        assertEquals(201, inserted.status(), inserted.body());

        Http.Response canonical = http.send("POST", url("findOne"), body("ejson", ""), "application/ejson",
                concat(root(), "Accept", "application/ejson"));
        assertEquals(200, canonical.status(), canonical.body());
        assertTrue(canonical.header("Content-Type").orElse("").startsWith("application/ejson"), canonical.toString());
        JsonNode d = canonical.json().path("document");
        assertEquals("65a1b2c3d4e5f6a7b8c9d0e1", d.path("_id").path("$oid").asText(), canonical.body());
        assertEquals("1700000000000", d.path("when").path("$date").path("$numberLong").asText(), canonical.body());
        assertEquals("19.99", d.path("price").path("$numberDecimal").asText(), canonical.body());
        assertEquals("9007199254740993", d.path("big").path("$numberLong").asText(), canonical.body());
        assertEquals("7", d.path("small").path("$numberInt").asText(), canonical.body());
        assertEquals("AQID", d.path("blob").path("$binary").path("base64").asText(), canonical.body());
        assertEquals("00", d.path("blob").path("$binary").path("subType").asText(), canonical.body());

        Http.Response relaxed = call("findOne", "ejson", "", root());
        assertTrue(relaxed.header("Content-Type").orElse("").startsWith("application/json"), relaxed.toString());
        JsonNode r = relaxed.json().path("document");
        assertEquals(7, r.path("small").asInt(), relaxed.body());
        assertTrue(r.path("small").isIntegralNumber(), relaxed.body());
        assertEquals("19.99", r.path("price").path("$numberDecimal").asText(), relaxed.body());
        assertTrue(r.path("when").path("$date").isTextual(), relaxed.body());

        // what came back canonically goes in again unchanged: a true round trip
        Http.Response again = http.send("POST", url("insertOne"), body("ejson2", "\"document\": " + d),
                "application/ejson", concat(root(), "Accept", "application/ejson"));
        assertEquals(201, again.status(), again.body());
        Http.Response back = http.send("POST", url("findOne"), body("ejson2", ""), "application/ejson",
                concat(root(), "Accept", "application/ejson"));
        assertEquals(d, back.json().path("document"), back.body());
    }

    @Test
    void limitsOfFindAndAggregate() {
        String coll = "limits";
        StringBuilder seven = new StringBuilder();
        for (int i = 1; i <= 7; i++) {
            seven.append(i == 1 ? "" : ", ").append("{\"_id\": ").append(i).append('}');
        }
        assertEquals(201, call("insertMany", coll, "\"documents\": [" + seven + "]", root()).status());
        Http.Response page = call("find", coll, "\"sort\": {\"_id\": -1}, \"skip\": 1, \"limit\": 2", root());
        assertEquals("{\"documents\":[{\"_id\":6},{\"_id\":5}]}", page.body());
        assertEquals(5, call("find", coll, "\"limit\": 5", root()).json().path("documents").size());
        assertDataApiError(call("find", coll, "\"limit\": 6", root()), 400, "InvalidParameter");
        assertDataApiError(call("find", coll, "", root()), 400, "InvalidParameter");
        assertDataApiError(call("find", coll, "\"limit\": -1", root()), 400, "InvalidParameter");
        assertDataApiError(call("find", coll, "\"skip\": 1.5", root()), 400, "InvalidParameter");
        assertDataApiError(call("aggregate", coll, "\"pipeline\": []", root()), 400, "InvalidParameter");
        assertEquals(3, call("aggregate", coll, "\"pipeline\": [{\"$limit\": 3}]", root()).json().path("documents").size());
    }

    @Test
    void everyKindOfErrorInTheDataApiShape() {
        // malformed JSON, no body, not an object, missing and mistyped fields, unknown fields
        assertDataApiError(http.post(url("find"), "{\"dataSource\": ", root()), 400, "InvalidParameter");
        assertDataApiError(http.send("POST", url("find"), null, "application/json", root()), 400, "InvalidParameter");
        assertDataApiError(http.post(url("find"), "[1]", root()), 400, "InvalidParameter");
        assertDataApiError(http.post(url("find"), "{\"database\": \"" + db + "\", \"collection\": \"c\"}", root()),
                400, "InvalidParameter");
        assertDataApiError(http.post(url("find"), "{\"dataSource\": \"mongodb-atlas\", \"collection\": \"c\"}", root()),
                400, "InvalidParameter");
        assertDataApiError(http.post(url("find"), "{\"dataSource\": \"mongodb-atlas\", \"database\": \"" + db + "\"}",
                root()), 400, "InvalidParameter");
        assertDataApiError(call("find", "c", "\"filter\": 3", root()), 400, "InvalidParameter");
        assertDataApiError(call("find", "c", "\"sort\": {\"a\": 2}", root()), 400, "InvalidParameter");
        assertDataApiError(call("find", "c", "\"document\": {}", root()), 400, "InvalidParameter");
        assertDataApiError(call("insertOne", "c", "", root()), 400, "InvalidParameter");
        assertDataApiError(call("insertMany", "c", "\"documents\": []", root()), 400, "InvalidParameter");
        assertDataApiError(call("updateOne", "c", "\"filter\": {}, \"update\": {\"plain\": 1}", root()), 400,
                "InvalidParameter");
        assertDataApiError(call("updateOne", "c", "\"update\": {\"$set\": {\"a\": 1}}", root()), 400, "InvalidParameter");
        assertDataApiError(call("deleteMany", "c", "", root()), 400, "InvalidParameter");
        assertDataApiError(call("replaceOne", "c", "\"filter\": {}, \"replacement\": {\"$set\": {}}", root()), 400,
                "InvalidParameter");
        assertDataApiError(call("updateOne", "c", "\"filter\": {}, \"update\": {\"$set\": {\"a\": 1}}, \"upsert\": \"yes\"",
                root()), 400, "InvalidParameter");
        assertDataApiError(call("find", "c", "\"filter\": {\"$where\": \"true\"}", root()), 400, "InvalidParameter");
        assertDataApiError(http.send("POST", url("find"), body("c", ""), "text/plain", root()), 400, "InvalidParameter");
        // a body over mangrove.http.max-body, refused by the host, in the Data API's shape
        assertDataApiError(call("insertOne", "c", "\"document\": {\"big\": \"" + "x".repeat(20_000) + "\"}", root()),
                413, "RequestTooLarge");
        // unknown action, app, data source, path
        assertDataApiError(call("findMany", "c", "", root()), 404, "FunctionNotFound");
        assertDataApiError(http.post("/app/other-app/endpoint/data/v1/action/find", body("c", ""), root()), 404,
                "AppNotFound");
        assertDataApiError(http.post(url("find"), "{\"dataSource\": \"elsewhere\", \"database\": \"" + db
                + "\", \"collection\": \"c\"}", root()), 404, "ServiceNotFound");
        assertDataApiError(http.post("/app/" + APP + "/endpoint/data/v2/action/find", body("c", ""), root()), 404,
                "FunctionNotFound");
        // verbs: POST only
        Http.Response get = http.get(url("find"), root());
        assertDataApiError(get, 405, "MethodNotAllowed");
        assertEquals("POST", get.header("Allow").orElse(""), get.toString());
        // authentication by the host, rendered by the plugin
        assertDataApiError(call("find", "c", ""), 401, "InvalidSession");
        assertDataApiError(call("find", "c", "", basic("root", "wrong")), 401, "InvalidSession");
        // a duplicate key
        assertEquals(201, call("insertOne", "dups", "\"document\": {\"_id\": \"x\"}", root()).status());
        assertDataApiError(call("insertOne", "dups", "\"document\": {\"_id\": \"x\"}", root()), 409, "DuplicateKey");
        // refused by the access-control list
        assertDataApiError(call("insertOne", "open", "\"document\": {\"a\": 1}", basic("rita", "rita-pass")), 403,
                "NoMatchingRuleFound");
        // the REST API keeps problem+json
        Http.Response rest = http.get("/" + db + "/dups/nope", root());
        assertEquals(404, rest.status());
        assertTrue(rest.header("Content-Type").orElse("").startsWith("application/problem+json"), rest.toString());
    }

    @Test
    void aScopedUserNeitherSeesNorChangesAnotherUsersDocuments() {
        String[] alice = basic("alice", "alice-pass");
        String[] bob = bearer(login("bob", "bob-pass"));
        Http.Response a = call("insertOne", "notes", "\"document\": {\"_id\": \"a1\", \"text\": \"alice's\","
                + " \"owner\": \"bob\", \"secret\": \"s\"}", alice);
        assertEquals(201, a.status(), a.body());
        assertEquals(201, call("insertOne", "notes", "\"document\": {\"_id\": \"b1\", \"text\": \"bob's\"}", bob).status());

        // mergeRequest: the owner is alice whatever she sent; projectResponse hides the secret
        Http.Response own = call("findOne", "notes", "\"filter\": {\"_id\": \"a1\"}", alice);
        assertEquals("{\"_id\":\"a1\",\"text\":\"alice's\",\"owner\":\"alice\"}", own.json().path("document").toString());

        // readFilter: bob sees only his own, by id, by filter and through an aggregation
        assertTrue(call("findOne", "notes", "\"filter\": {\"_id\": \"a1\"}", bob).json().get("document").isNull());
        assertEquals("[{\"_id\":\"b1\",\"text\":\"bob's\",\"owner\":\"bob\"}]",
                call("find", "notes", "\"filter\": {}", bob).json().path("documents").toString());
        assertEquals("{\"documents\":[{\"n\":1}]}", call("aggregate", "notes", "\"pipeline\": [{\"$count\": \"n\"}]",
                bob).body());
        // writeFilter: bob's updates, replacements and deletes never reach alice's document
        assertEquals("{\"matchedCount\":0,\"modifiedCount\":0}", call("updateOne", "notes",
                "\"filter\": {\"_id\": \"a1\"}, \"update\": {\"$set\": {\"text\": \"hacked\"}}", bob).body());
        assertEquals("{\"matchedCount\":1,\"modifiedCount\":1}", call("updateMany", "notes",
                "\"filter\": {}, \"update\": {\"$set\": {\"text\": \"hacked\"}}", bob).body());
        assertEquals("{\"matchedCount\":0,\"modifiedCount\":0}", call("replaceOne", "notes",
                "\"filter\": {\"_id\": \"a1\"}, \"replacement\": {\"text\": \"hacked\"}", bob).body());
        assertEquals("{\"deletedCount\":0}", call("deleteOne", "notes", "\"filter\": {\"_id\": \"a1\"}", bob).body());
        assertEquals("{\"deletedCount\":1}", call("deleteMany", "notes", "\"filter\": {}", bob).body());
        // an upsert on alice's id cannot take her document over: her _id is taken (as a REST PUT with wm=upsert)
        assertDataApiError(call("replaceOne", "notes", "\"filter\": {\"_id\": \"a1\"}, \"replacement\": {\"t\": 1},"
                + " \"upsert\": true", bob), 409, "DuplicateKey");
        assertDataApiError(call("updateOne", "notes", "\"filter\": {\"_id\": \"a1\"}, \"update\": {\"$set\": {\"t\": 1}},"
                + " \"upsert\": true", bob), 409, "DuplicateKey");

        Http.Response stored = call("findOne", "notes", "\"filter\": {\"_id\": \"a1\"}", root());
        assertEquals("{\"_id\":\"a1\",\"text\":\"alice's\",\"owner\":\"alice\",\"secret\":\"s\"}",
                stored.json().path("document").toString());

        // a join reads another collection only when the caller may read it in full
        assertDataApiError(call("aggregate", "notes", "\"pipeline\": [{\"$lookup\": {\"from\": \"notes\","
                + " \"localField\": \"_id\", \"foreignField\": \"_id\", \"as\": \"j\"}}]", alice), 403, "NoMatchingRuleFound");
        // a reader: reads, but no writes and no ad-hoc aggregation
        String[] rita = basic("rita", "rita-pass");
        assertEquals(200, call("find", "notes", "\"limit\": 5", rita).status());
        assertDataApiError(call("deleteMany", "notes", "\"filter\": {}", rita), 403, "NoMatchingRuleFound");
        assertDataApiError(call("aggregate", "notes", "\"pipeline\": []", rita), 403, "NoMatchingRuleFound");
        // a collection alice has no permission for
        assertDataApiError(call("find", "elsewhere", "", alice), 403, "NoMatchingRuleFound");
    }

    /**
     * The authentication methods of the Data API that the host gains with branch keys: an {@code apiKey} header, the
     * {@code email}/{@code password} headers and {@code jwtTokenString}. With bad credentials each is a 401
     * InvalidSession before and after that merge; the positive cases (a valid key, alice's email and password, a
     * valid JWT, each then scoped like Basic above) belong here once the host accepts them.
     */
    @Test
    void apiKeyHeadersAfterTheKeysMerge() {
        assertDataApiError(call("find", "notes", "", "apiKey", "not-a-key"), 401, "InvalidSession");
        assertDataApiError(call("find", "notes", "", "email", "alice", "password", "wrong"), 401, "InvalidSession");
        assertDataApiError(call("find", "notes", "", "jwtTokenString", "x.y.z"), 401, "InvalidSession");
    }

    private static String login(String user, String password) {
        Http.Response token = http.post("/token", "{\"username\": \"" + user + "\", \"password\": \"" + password + "\"}");
        assertEquals(200, token.status(), token.body());
        return token.json().path("access_token").asText();
    }

    private static String[] bearer(String token) {
        return new String[] {"Authorization", "Bearer " + token};
    }

    private static String[] concat(String[] headers, String... more) {
        String[] out = java.util.Arrays.copyOf(headers, headers.length + more.length);
        System.arraycopy(more, 0, out, headers.length, more.length);
        return out;
    }
}
