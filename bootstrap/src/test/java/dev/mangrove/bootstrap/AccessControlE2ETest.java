package dev.mangrove.bootstrap;

import com.fasterxml.jackson.databind.JsonNode;
import dev.mangrove.bootstrap.e2e.Http;
import dev.mangrove.bootstrap.e2e.TestServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The access-control list end to end, through the real authentication filter (docs/security.md): the example
 * configuration documented in docs/security.md, users of the file realm, and the negative cases of issue 5 — a user
 * trying to reach another user's document by id, by filter, by bulk PATCH/DELETE and by {@code _size}.
 */
class AccessControlE2ETest {
    private static final String SECRET = "acl-e2e-secret-0123456789abcdef-01234";
    private static Path dir;
    private static Mangrove server;
    private static Http http;
    private static String blog;
    private static String shop;
    private static String open;

    @BeforeAll
    static void start() throws IOException {
        dir = Files.createTempDirectory("mangrove-acl-e2e");
        blog = TestServer.freshDatabase("blog");
        shop = TestServer.freshDatabase("shop");
        open = TestServer.freshDatabase("public");
        Path file = dir.resolve("mangrove.yaml");
        Files.writeString(file, """
                mangrove:
                  security:
                    enabled: true
                    realm: file
                    jwt: {secret: "%s"}
                    users:
                      - {username: alice, password: alice-pass, roles: [author]}
                      - {username: bob, password: bob-pass, roles: [author]}
                      - {username: rita, password: rita-pass, roles: [reader]}
                      - {username: nobody, password: nobody-pass, roles: [none]}
                      - {username: root, password: root-pass, roles: [admin]}
                    acl-refresh: 100ms
                    acl:
                      - {roles: [reader], methods: [GET], path: "/%s/**"}
                      - roles: [author]
                        path: "/%s/posts/**"
                        mongo:
                          readFilter:   {"$or": [{"published": true}, {"author": "@user.username"}]}
                          writeFilter:  {"author": "@user.username"}
                          mergeRequest: {"author": "@user.username"}
                          projectResponse: {"internalNotes": 0}
                          allowBulkPatch: true
                          allowBulkDelete: true
                      - {roles: ["$unauthenticated"], methods: [GET], path: "/%s/**"}
                """.formatted(SECRET, shop, blog, open));
        server = YamlServers.start(file);
        http = new Http(server.url());

        // as root: a draft of alice, a draft of bob with internal notes, a published post of bob
        post(blog, "{\"_id\": \"a1\", \"author\": \"alice\", \"published\": false, \"title\": \"alice draft\","
                + " \"internalNotes\": \"alice secret\"}");
        post(blog, "{\"_id\": \"b1\", \"author\": \"bob\", \"published\": false, \"title\": \"bob draft\","
                + " \"internalNotes\": \"bob secret\"}");
        post(blog, "{\"_id\": \"b2\", \"author\": \"bob\", \"published\": true, \"title\": \"bob public\","
                + " \"internalNotes\": \"bob public secret\"}");
        assertEquals(201, http.post("/" + shop + "/items", "{\"_id\": \"i1\"}", basic("root", "root-pass")).status());
        assertEquals(201, http.post("/" + open + "/news", "{\"_id\": \"n1\"}", basic("root", "root-pass")).status());
    }

    @AfterAll
    static void stop() throws IOException {
        if (server != null) {
            server.close();
        }
        YamlServers.delete(dir);
    }

    private static void post(String db, String json) {
        Http.Response r = http.post("/" + db + "/posts", json, basic("root", "root-pass"));
        assertEquals(201, r.status(), r.toString());
    }

    private static String[] basic(String user, String password) {
        return new String[] {"Authorization", "Basic " + Base64.getEncoder().encodeToString(
                (user + ":" + password).getBytes(StandardCharsets.UTF_8))};
    }

    private static String[] alice() {
        return basic("alice", "alice-pass");
    }

    private static String q(String json) {
        return URLEncoder.encode(json, StandardCharsets.UTF_8);
    }

    /** The ids of a collection GET, in order. */
    private static List<String> ids(Http.Response r) {
        assertEquals(200, r.status(), r.toString());
        List<String> ids = new ArrayList<>();
        for (JsonNode d : r.json()) {
            ids.add(d.get("_id").asText());
        }
        return ids;
    }

    /** The document as root sees it (unrestricted). */
    private static JsonNode asRoot(String id) {
        Http.Response r = http.get("/" + blog + "/posts/" + id, basic("root", "root-pass"));
        assertEquals(200, r.status(), r.toString());
        return r.json();
    }

    @Test
    void aUserSeesOnlyWhatItsReadFilterAdmitsWithHiddenFieldsRemoved() {
        Http.Response page = http.get("/" + blog + "/posts", alice());
        assertEquals(List.of("a1", "b2"), ids(page));
        assertFalse(page.body().contains("internalNotes"), page.body());
        assertFalse(page.body().contains("secret"), page.body());
        // the count and size see the same documents: the collection's real size does not leak
        Http.Response counted = http.get("/" + blog + "/posts?count=true", alice());
        assertEquals("2", counted.header("X-Total-Count").orElseThrow(), counted.toString());
        Http.Response size = http.get("/" + blog + "/posts/_size", alice());
        assertEquals(200, size.status(), size.toString());
        assertTrue(size.body().contains("2") && !size.body().contains("3"), size.body());
        // streamed representations too
        Http.Response ndjson = http.get("/" + blog + "/posts", "Accept", "application/x-ndjson",
                "Authorization", alice()[1]);
        assertEquals(200, ndjson.status(), ndjson.toString());
        assertFalse(ndjson.body().contains("bob draft"), ndjson.body());
        assertFalse(ndjson.body().contains("secret"), ndjson.body());
    }

    @Test
    void anotherUsersDocumentCannotBeReachedByIdOrByFilter() {
        Http.Response byId = http.get("/" + blog + "/posts/b1", alice());
        assertEquals(404, byId.status(), byId.toString());
        assertEquals("document-not-found", byId.json().get("code").asText());
        assertFalse(byId.body().contains("bob draft"));
        assertEquals(List.of("b2"), ids(http.get("/" + blog + "/posts?filter=" + q("{\"author\": \"bob\"}"), alice())));
        assertEquals(List.of(), ids(http.get("/" + blog + "/posts?filter=" + q("{\"published\": false, \"author\":"
                + " \"bob\"}"), alice())));
        Http.Response size = http.get("/" + blog + "/posts/_size?filter=" + q("{\"author\": \"bob\"}"), alice());
        assertTrue(size.body().contains("1") && !size.body().contains("2"), size.body());
        // distinct (a plugin) applies the same read filter
        Http.Response distinct = http.get("/" + blog + "/posts/_distinct?fields=title", alice());
        assertEquals(200, distinct.status(), distinct.toString());
        assertFalse(distinct.body().contains("bob draft"), distinct.body());
        assertTrue(distinct.body().contains("bob public"), distinct.body());
    }

    @Test
    void aHiddenFieldCannotBeUsedAsAnOracle() {
        for (String query : List.of("filter=" + q("{\"internalNotes\": {\"$regex\": \"^bob\"}}"),
                "sort=" + q("{\"internalNotes\": 1}"), "keys=" + q("{\"internalNotes\": 1}"))) {
            Http.Response r = http.get("/" + blog + "/posts?" + query, alice());
            assertEquals(403, r.status(), query + " → " + r);
            assertEquals("forbidden-field", r.json().get("code").asText());
        }
        Http.Response distinct = http.get("/" + blog + "/posts/_distinct?fields=internalNotes", alice());
        assertEquals(403, distinct.status(), distinct.toString());
    }

    @Test
    void anotherSpellingOfThePathMeetsTheSamePermission() {
        // percent-encoded letters resolve to the same collection, and the ACL sees them as such
        assertEquals(List.of("a1", "b2"), ids(http.get("/" + blog + "/%70osts", alice())));
        assertEquals(404, http.get("/" + blog + "/p%6Fsts/b1", alice()).status());
        assertEquals(403, http.get("/" + shop + "/%69tems", basic("nobody", "nobody-pass")).status());
        assertEquals(200, http.get("/" + shop + "/%69tems", basic("rita", "rita-pass")).status());
    }

    @Test
    void anotherUsersDocumentCannotBeChangedByIdAndStaysUnchanged() {
        JsonNode draftBefore = asRoot("b1");
        JsonNode publicBefore = asRoot("b2");
        assertEquals(404, http.patch("/" + blog + "/posts/b1", "{\"title\": \"hacked\"}", alice()).status());
        assertEquals(404, http.put("/" + blog + "/posts/b1", "{\"title\": \"hacked\"}", alice()).status());
        assertEquals(404, http.delete("/" + blog + "/posts/b1", alice()).status());
        // readable (published) but not writable: 403
        Http.Response patch = http.patch("/" + blog + "/posts/b2", "{\"title\": \"hacked\"}", alice());
        assertEquals(403, patch.status(), patch.toString());
        assertEquals(403, http.delete("/" + blog + "/posts/b2", alice()).status());
        assertEquals(draftBefore, asRoot("b1"));
        assertEquals(publicBefore, asRoot("b2"));
    }

    @Test
    void bulkWritesTouchOnlyTheCallersOwnDocuments() {
        JsonNode draftBefore = asRoot("b1");
        JsonNode publicBefore = asRoot("b2");
        // a filter selecting every post: only alice's own are writable
        Http.Response patch = http.patch("/" + blog + "/posts/*?filter=" + q("{\"title\": {\"$exists\": true}}"),
                "{\"$set\": {\"seen\": true}}", alice());
        assertEquals(200, patch.status(), patch.toString());
        assertTrue(asRoot("a1").get("seen").asBoolean());
        assertEquals(draftBefore, asRoot("b1"));
        assertEquals(publicBefore, asRoot("b2"));
        // a bulk delete by a filter naming bob's documents deletes nothing
        Http.Response delete = http.delete("/" + blog + "/posts/*?filter=" + q("{\"author\": \"bob\"}"), alice());
        assertEquals(200, delete.status(), delete.toString());
        assertEquals(draftBefore, asRoot("b1"));
        assertEquals(publicBefore, asRoot("b2"));
    }

    @Test
    void mergeRequestOverridesAForgedAuthor() {
        Http.Response created = http.post("/" + blog + "/posts", "{\"_id\": \"forged\", \"author\": \"bob\","
                + " \"published\": false}", alice());
        assertEquals(201, created.status(), created.toString());
        assertEquals("alice", asRoot("forged").get("author").asText());
        // and alice still sees and may change it, bob does not see it
        assertEquals(200, http.get("/" + blog + "/posts/forged", alice()).status());
        assertEquals(404, http.get("/" + blog + "/posts/forged", basic("bob", "bob-pass")).status());
        assertEquals(204, http.delete("/" + blog + "/posts/forged", alice()).status());
    }

    @Test
    void flagsGuardManagementAndWriteModes() {
        Http.Response drop = http.delete("/" + blog + "/posts?force=true", alice());
        assertEquals(403, drop.status(), drop.toString());
        assertTrue(drop.json().get("detail").asText().contains("allowManagementRequests"), drop.body());
        Http.Response wm = http.put("/" + blog + "/posts/new?wm=upsert", "{\"title\": \"t\"}", alice());
        assertEquals(403, wm.status(), wm.toString());
        assertTrue(wm.json().get("detail").asText().contains("allowWriteMode"), wm.body());
        assertEquals(404, http.get("/" + blog + "/posts/new", basic("root", "root-pass")).status());
        assertEquals(200, http.get("/" + blog + "/posts/_size", basic("root", "root-pass")).status());
    }

    @Test
    void rolesMethodsAndTheAnonymousRole() {
        assertEquals(200, http.get("/" + shop + "/items", basic("rita", "rita-pass")).status());
        assertEquals(403, http.post("/" + shop + "/items", "{}", basic("rita", "rita-pass")).status());
        assertEquals(403, http.get("/" + blog + "/posts", basic("rita", "rita-pass")).status());
        Http.Response anonymous = http.get("/" + shop + "/items");
        assertEquals(401, anonymous.status());
        assertTrue(anonymous.header("WWW-Authenticate").isPresent());
        assertEquals(200, http.get("/" + open + "/news").status());
        assertEquals(401, http.post("/" + open + "/news", "{}").status());
        // a user no permission names: 403 with Basic and with a bearer token, no challenge
        Http.Response nobody = http.get("/", basic("nobody", "nobody-pass"));
        assertEquals(403, nobody.status(), nobody.toString());
        assertEquals("forbidden", nobody.json().get("code").asText());
        assertFalse(nobody.header("WWW-Authenticate").isPresent());
        Http.Response login = http.post("/token", "{\"username\": \"nobody\", \"password\": \"nobody-pass\"}");
        assertEquals(200, login.status(), login.toString());
        String token = login.json().get("access_token").asText();
        assertEquals(403, http.get("/" + shop + "/items", "Authorization", "Bearer " + token).status());
        Http.Response me = http.get("/me", "Authorization", "Bearer " + token);
        assertEquals("nobody", me.json().get("username").asText());
    }

    @Test
    void permissionsStoredInMongoDbApplyAfterTheRefresh() throws InterruptedException {
        String path = "/" + shop + "/orders";
        assertEquals(201, http.post(path, "{\"n\": 1}", basic("root", "root-pass")).status(), "the collection exists");
        assertEquals(403, http.get(path, basic("nobody", "nobody-pass")).status());
        Http.Response stored = http.post("/mangrove/mangrove_acl", "{\"_id\": \"nobody-orders\", \"roles\": [\"none\"],"
                + " \"methods\": [\"GET\"], \"path\": \"" + path + "\"}", basic("root", "root-pass"));
        assertEquals(201, stored.status(), stored.toString());
        int status = 0;
        for (int i = 0; i < 100 && status != 200; i++) {
            Thread.sleep(50);
            status = http.get(path, basic("nobody", "nobody-pass")).status();
        }
        assertEquals(200, status);
        assertEquals(403, http.get("/" + shop + "/items", basic("nobody", "nobody-pass")).status());
        assertEquals(204, http.delete("/mangrove/mangrove_acl/nobody-orders", basic("root", "root-pass")).status());
    }
}
