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
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The plugins behind the real authentication filter and ACL (docs/security.md, docs/plugins.md#distinct, docs/plugins.md#embedding): embedding respects the
 * referenced collection's permission, {@code _distinct} and {@code _aggrs} the readFilter, ad-hoc pipelines the
 * flag {@code allowAdhocAggregation}, and no join reads a collection past its permission.
 */
class EmbeddingSecurityE2ETest {
    private static final String SECRET = "embedding-e2e-secret-0123456789abcdef";
    private static Path dir;
    private static Mangrove server;
    private static Http http;
    private static String blog;

    @BeforeAll
    static void start() throws IOException {
        dir = Files.createTempDirectory("mangrove-embedding-e2e");
        blog = TestServer.freshDatabase("blog");
        Path file = dir.resolve("mangrove.yaml");
        Files.writeString(file, """
                mangrove:
                  security:
                    enabled: true
                    realm: file
                    jwt: {secret: "%1$s"}
                    users:
                      - {username: wendy, password: wendy-pass, roles: [postsonly]}
                      - {username: cory, password: cory-pass, roles: [curious]}
                      - {username: sam, password: sam-pass, roles: [scoped]}
                      - {username: ana, password: ana-pass, roles: [analyst]}
                      - {username: root, password: root-pass, roles: [admin]}
                    acl:
                      - {roles: [postsonly], methods: [GET], path: "/%2$s/posts/**"}
                      - {roles: [curious], methods: [GET], path: "/%2$s/posts/**"}
                      - roles: [curious]
                        methods: [GET]
                        path: "/%2$s/authors/**"
                        mongo:
                          readFilter: {"public": true}
                          projectResponse: {"email": 0}
                      - roles: [scoped]
                        methods: [GET]
                        path: "/%2$s/posts/**"
                        mongo:
                          readFilter: {"cat": "x"}
                          projectResponse: {"secret": 0}
                          allowAdhocAggregation: true
                      - roles: [analyst]
                        methods: [GET, POST]
                        path: "/%2$s/posts/**"
                        mongo: {allowAdhocAggregation: true}
                      - {roles: [analyst], methods: [GET], path: "/%2$s/tags/**"}
                """.formatted(SECRET, blog));
        server = YamlServers.start(file);
        http = new Http(server.url());

        created(http.post("/" + blog + "/authors", "[{\"_id\": \"a1\", \"name\": \"Ada\", \"public\": true,"
                + " \"email\": \"ada@example.org\"}, {\"_id\": \"a2\", \"name\": \"Bert\", \"public\": false,"
                + " \"email\": \"bert@example.org\"}]", root()));
        created(http.post("/" + blog + "/tags", "{\"_id\": 1, \"label\": \"red\"}", root()));
        created(http.post("/" + blog + "/posts", "[{\"_id\": \"p1\", \"cat\": \"x\", \"score\": 10, \"secret\": \"s1\","
                + " \"author\": {\"$ref\": \"authors\", \"$id\": \"a1\"},"
                + " \"coauthors\": [{\"$ref\": \"authors\", \"$id\": \"a1\"}, {\"$ref\": \"authors\", \"$id\": \"a2\"}]},"
                + " {\"_id\": \"p2\", \"cat\": \"y\", \"score\": 5, \"secret\": \"s2\","
                + " \"author\": {\"$ref\": \"authors\", \"$id\": \"a2\"}}]", root()));
        Http.Response meta = http.put("/" + blog + "/posts", "{\"aggrs\": [{\"uri\": \"all\", \"stages\":"
                + " [{\"$sort\": {\"_id\": 1}}]}, {\"uri\": \"cats\", \"stages\": [{\"$group\": {\"_id\": \"$cat\","
                + " \"n\": {\"$sum\": 1}}}, {\"$sort\": {\"_id\": 1}}]}]}", root());
        assertTrue(meta.status() < 300, meta.toString());
    }

    @AfterAll
    static void stop() throws IOException {
        if (server != null) {
            server.close();
        }
        YamlServers.delete(dir);
    }

    private static void created(Http.Response r) {
        assertTrue(r.status() == 200 || r.status() == 201, r.toString());
    }

    private static String[] basic(String user, String password) {
        return new String[] {"Authorization", "Basic " + Base64.getEncoder().encodeToString(
                (user + ":" + password).getBytes(StandardCharsets.UTF_8))};
    }

    private static String[] root() {
        return basic("root", "root-pass");
    }

    private static String q(String json) {
        return URLEncoder.encode(json, StandardCharsets.UTF_8);
    }

    private static JsonNode ok(Http.Response r) {
        assertEquals(200, r.status(), r.toString());
        return r.json();
    }

    private static void problem(int status, String type, Http.Response r) {
        assertEquals(status, r.status(), r.toString());
        assertTrue(r.body().contains("urn:mangrove:problem:" + type), r.toString());
    }

    private static JsonNode posts(String query, String[] who) {
        return ok(http.get("/" + blog + "/posts?sort=" + q("{\"_id\": 1}") + "&" + query, who));
    }

    @Test
    void aCollectionTheCallerMayNotReadStaysReferenced() {
        Http.Response r = http.get("/" + blog + "/posts?embedded=author,coauthors&sort=" + q("{\"_id\": 1}"),
                basic("wendy", "wendy-pass"));
        JsonNode page = ok(r);
        assertEquals("authors", page.get(0).get("author").get("$ref").asText(), r.body());
        assertEquals("a1", page.get(0).get("author").get("$id").asText(), r.body());
        assertEquals("a2", page.get(0).get("coauthors").get(1).get("$id").asText(), r.body());
        for (String leaked : List.of("Ada", "Bert", "example.org")) {
            assertFalse(r.body().contains(leaked), leaked + " leaked: " + r.body());
        }
        JsonNode one = ok(http.get("/" + blog + "/posts/p2?embedded=author", basic("wendy", "wendy-pass")));
        assertEquals("a2", one.get("author").get("$id").asText());
    }

    @Test
    void aRestrictedCollectionEmbedsOnlyWhatTheCallerMaySee() {
        Http.Response r = http.get("/" + blog + "/posts?embedded=author,coauthors&sort=" + q("{\"_id\": 1}"),
                basic("cory", "cory-pass"));
        JsonNode page = ok(r);
        assertEquals("Ada", page.get(0).get("author").get("name").asText(), r.body());
        assertFalse(page.get(0).get("author").has("email"), "projectResponse hides email: " + r.body());
        assertEquals("Ada", page.get(0).get("coauthors").get(0).get("name").asText(), r.body());
        assertTrue(page.get(0).get("coauthors").get(1).isNull(), "outside the readFilter → null: " + r.body());
        assertTrue(page.get(1).get("author").isNull(), "outside the readFilter → null: " + r.body());
        for (String leaked : List.of("Bert", "example.org")) {
            assertFalse(r.body().contains(leaked), leaked + " leaked: " + r.body());
        }
        JsonNode one = ok(http.get("/" + blog + "/posts/p2?embedded=author", basic("cory", "cory-pass")));
        assertTrue(one.get("author").isNull(), one.toString());
    }

    @Test
    void rootEmbedsEverything() {
        JsonNode page = posts("embedded=author,coauthors", root());
        assertEquals("ada@example.org", page.get(0).get("author").get("email").asText());
        assertEquals("Bert", page.get(0).get("coauthors").get(1).get("name").asText());
        assertEquals("Bert", page.get(1).get("author").get("name").asText());
    }

    @Test
    void pagedStreamsAreEmbeddedAndUnpagedOnesRefused() {
        Http.Response ndjson = http.get("/" + blog + "/posts?embedded=author&sort=" + q("{\"_id\": 1}"),
                "Authorization", root()[1], "Accept", "application/x-ndjson");
        assertEquals(200, ndjson.status(), ndjson.toString());
        String[] lines = ndjson.body().strip().split("\n");
        assertEquals(2, lines.length, ndjson.body());
        assertTrue(lines[0].contains("\"name\":\"Ada\""), ndjson.body());
        assertTrue(lines[1].contains("\"name\":\"Bert\""), ndjson.body());
        for (String unpaged : List.of("false", "0")) {
            problem(400, "invalid-parameter", http.get("/" + blog + "/posts?embedded=author&pagination=" + unpaged,
                    root()));
            problem(400, "invalid-parameter", http.get("/" + blog + "/posts?embedded=author&pagination=" + unpaged,
                    "Authorization", root()[1], "Accept", "application/x-ndjson"));
        }
        // without embedded, unpaged streams are served as before
        assertEquals(200, http.get("/" + blog + "/posts?pagination=false", root()).status());
    }

    @Test
    void distinctAndNamedAggregationsStayInsideTheReadFilter() {
        String[] sam = basic("sam", "sam-pass");
        JsonNode distinct = ok(http.get("/" + blog + "/posts/_distinct?fields=cat,score", sam));
        assertEquals("[\"x\"]", distinct.get("cat").toString());
        assertEquals("[10]", distinct.get("score").toString());
        problem(403, "forbidden-field", http.get("/" + blog + "/posts/_distinct?fields=secret", sam));
        Http.Response all = http.get("/" + blog + "/posts/_aggrs/all", sam);
        JsonNode docs = ok(all);
        assertEquals(1, docs.size(), all.body());
        assertEquals("p1", docs.get(0).get("_id").asText());
        assertFalse(all.body().contains("s1") || all.body().contains("s2") || all.body().contains("p2"), all.body());
        JsonNode cats = ok(http.get("/" + blog + "/posts/_aggrs/cats", sam));
        assertEquals("[{\"_id\":\"x\",\"n\":1}]", cats.toString());
        assertEquals(2, ok(http.get("/" + blog + "/posts/_aggrs/cats", root())).size());
    }

    @Test
    void adhocPipelinesFollowTheAclFlag() {
        String pipeline = "pipeline=" + q("[{\"$group\": {\"_id\": null, \"n\": {\"$sum\": 1}}}]");
        assertEquals(2, ok(http.get("/" + blog + "/posts/_aggregate?" + pipeline, basic("ana", "ana-pass")))
                .get(0).get("n").asInt());
        assertEquals(2, ok(http.get("/" + blog + "/posts/_aggregate?" + pipeline, root())).get(0).get("n").asInt());
        assertEquals(1, ok(http.get("/" + blog + "/posts/_aggregate?" + pipeline, basic("sam", "sam-pass")))
                .get(0).get("n").asInt(), "the readFilter goes first");
        Http.Response without = http.get("/" + blog + "/posts/_aggregate?" + pipeline, basic("cory", "cory-pass"));
        assertEquals(403, without.status(), without.toString());
        assertTrue(without.body().contains("allowAdhocAggregation"), without.body());
        Http.Response post = http.post("/" + blog + "/posts/_aggregate", "[{\"$sort\": {\"_id\": 1}}]",
                basic("ana", "ana-pass"));
        assertEquals(2, ok(post).size());
        problem(403, "stage-not-allowed", http.post("/" + blog + "/posts/_aggregate", "[{\"$out\": \"copy\"}]",
                basic("ana", "ana-pass")));
        problem(403, "stage-not-allowed", http.post("/" + blog + "/posts/_aggregate", "[{\"$out\": \"copy\"}]",
                root()));
    }

    @Test
    void joinsCannotReadPastAPermission() {
        String[] ana = basic("ana", "ana-pass");
        String lookupAuthors = "[{\"$lookup\": {\"from\": \"authors\", \"localField\": \"author.$id\","
                + " \"foreignField\": \"_id\", \"as\": \"a\"}}]";
        Http.Response denied = http.post("/" + blog + "/posts/_aggregate", lookupAuthors, ana);
        problem(403, "stage-not-allowed", denied);
        assertFalse(denied.body().contains("example.org"), denied.body());
        // sam's own collection is filtered: a self-join would read the other documents past the readFilter
        problem(403, "stage-not-allowed", http.get("/" + blog + "/posts/_aggregate?pipeline=" + q("[{\"$lookup\": "
                + "{\"from\": \"posts\", \"localField\": \"cat\", \"foreignField\": \"cat\", \"as\": \"same\"}}]"),
                basic("sam", "sam-pass")));
        problem(403, "stage-not-allowed", http.post("/" + blog + "/posts/_aggregate", "[{\"$facet\": {\"f\": "
                + lookupAuthors + "}}]", ana));
        // a collection ana may read in full can be joined
        Http.Response tags = http.post("/" + blog + "/posts/_aggregate", "[{\"$lookup\": {\"from\": \"tags\","
                + " \"localField\": \"score\", \"foreignField\": \"_id\", \"as\": \"t\"}}, {\"$sort\": {\"_id\": 1}}]", ana);
        assertEquals(2, ok(tags).size(), tags.body());
        // root joins anything (but the users collection, guarded for everyone)
        Http.Response asRoot = http.post("/" + blog + "/posts/_aggregate", lookupAuthors, root());
        assertEquals(200, asRoot.status(), asRoot.toString());
        assertTrue(asRoot.body().contains("ada@example.org"), asRoot.body());
    }

    /** With the MongoDB realm, the users collection's hashes never come out through embedding, even for root. */
    @Test
    void embeddingNeverShowsPasswordHashes() {
        String usersDb = TestServer.freshDatabase("users");
        Map<String, String> settings = new HashMap<>();
        settings.put("mangrove.security.enabled", "true");
        settings.put("mangrove.security.jwt.secret", SECRET);
        settings.put("mangrove.security.bcrypt-cost", "4");
        settings.put("mangrove.security.users-db", usersDb);
        settings.put("mangrove.admin.password", "admin-pass-123");
        try (Mangrove secured = TestServer.start(settings)) {
            Http h = new Http(secured.url());
            String[] admin = basic("admin", "admin-pass-123");
            JsonNode user = ok(h.get("/" + usersDb + "/mangrove_users/admin", admin));
            assertFalse(user.has("password"), user.toString());
            created(h.post("/" + usersDb + "/notes", "{\"_id\": \"n1\", \"who\": {\"$ref\": \"mangrove_users\","
                    + " \"$id\": \"admin\"}}", admin));
            Http.Response embedded = h.get("/" + usersDb + "/notes/n1?embedded=who", admin);
            JsonNode note = ok(embedded);
            assertEquals("admin", note.get("who").get("_id").asText(), embedded.body());
            assertFalse(note.get("who").has("password"), "hash leaked: " + embedded.body());
            assertFalse(embedded.body().contains("$2"), "hash leaked: " + embedded.body());
            Http.Response joined = h.post("/" + usersDb + "/notes/_aggregate", "[{\"$lookup\": {\"from\": "
                    + "\"mangrove_users\", \"localField\": \"who.$id\", \"foreignField\": \"_id\", \"as\": \"u\"}}]",
                    admin);
            problem(403, "stage-not-allowed", joined);
        }
    }
}
