package dev.mangrove.bootstrap;

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
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * User management ({@code /_users}) and API keys ({@code /_keys}, the {@code apiKey} headers) on a real server
 * (docs/security.md#user-management-api, docs/security.md#api-keys): each change applies at once, bad input changes
 * nothing, a key's roles scope its data, and no password or key reaches a log line.
 */
class UserAndKeyApiE2ETest {
    private static final String ADMIN_PASSWORD = "Adm1n-pass-keys";
    private static final String SECRET = "keys-e2e-secret-0123456789abcdef-0123";
    private static final List<String> LOG = new java.util.concurrent.CopyOnWriteArrayList<>();
    private static final Handler CAPTURE = new Handler() {
        @Override
        public void publish(LogRecord record) {
            LOG.add(record.getLoggerName() + " " + record.getMessage());
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    };
    private static Path dir;
    private static Mangrove server;
    private static Http http;
    private static String shop;
    private static String usersDb;

    @BeforeAll
    static void start() throws IOException {
        Logger.getLogger("").addHandler(CAPTURE);
        Logger.getLogger("dev.mangrove.access").setLevel(Level.INFO);
        dir = Files.createTempDirectory("mangrove-keys-e2e");
        shop = TestServer.freshDatabase("shop");
        usersDb = TestServer.freshDatabase("users");
        Path file = dir.resolve("mangrove.yaml");
        Files.writeString(file, """
                mangrove:
                  admin: {password: "%s"}
                  security:
                    enabled: true
                    users-db: %s
                    bcrypt-cost: 4
                    jwt: {secret: "%s"}
                    acl:
                      - roles: [shopper]
                        methods: [GET]
                        path: "/%s/**"
                        mongo:
                          readFilter: {"owner": "@user.username"}
                      - {roles: [author], path: "/**"}
                """.formatted(ADMIN_PASSWORD, usersDb, SECRET, shop));
        server = YamlServers.start(file);
        http = new Http(server.url());
        for (String doc : List.of("{\"_id\": \"k1\", \"owner\": \"key:ingest\"}", "{\"_id\": \"k2\", \"owner\": \"key:ingest\"}",
                "{\"_id\": \"o1\", \"owner\": \"someone-else\"}")) {
            assertEquals(201, http.post("/" + shop + "/items", doc, admin()).status());
        }
    }

    @AfterAll
    static void stop() throws IOException {
        Logger.getLogger("").removeHandler(CAPTURE);
        if (server != null) {
            server.close();
        }
        YamlServers.delete(dir);
    }

    private static String[] basic(String user, String password) {
        return new String[] {"Authorization", "Basic " + Base64.getEncoder().encodeToString(
                (user + ":" + password).getBytes(StandardCharsets.UTF_8))};
    }

    private static String[] admin() {
        return basic("admin", ADMIN_PASSWORD);
    }

    private static String token(String user, String password) {
        Http.Response r = http.post("/token", "{\"username\":\"" + user + "\",\"password\":\"" + password + "\"}");
        assertEquals(200, r.status(), r.toString());
        return r.json().get("access_token").asText();
    }

    private static void nextSecond() {
        // tokens issued before the second of a change are refused: let the second pass (not a timing assertion)
        long second = System.currentTimeMillis() / 1000;
        while (System.currentTimeMillis() / 1000 == second) {
            Thread.onSpinWait();
        }
    }

    @Test
    void usersAreCreatedChangedRenamedAndDeletedOverHttpEachChangeAppliedAtOnce() {
        Http.Response created = http.post("/_users", "{\"name\": \"carol\", \"password\": \"carol-pass-1\","
                + " \"roles\": [\"author\"]}", admin());
        assertEquals(201, created.status(), created.toString());
        assertEquals("/_users/carol", created.header("Location").orElseThrow());
        assertEquals(200, http.get("/me", basic("carol", "carol-pass-1")).status());
        String before = token("carol", "carol-pass-1");
        assertEquals(200, http.get("/me", "Authorization", "Bearer " + before).status());

        Http.Response list = http.get("/_users", admin());
        assertEquals(200, list.status());
        assertTrue(list.body().contains("{\"name\":\"carol\",\"roles\":[\"author\"],\"disabled\":false,\"created\":\""),
                list.body());
        assertFalse(list.body().contains("password") || list.body().contains("$2a$"), list.body());

        // a broad grant (/**) does not reach user management
        assertEquals(403, http.get("/_users", basic("carol", "carol-pass-1")).status());
        assertEquals(403, http.post("/_users", "{\"name\": \"mallory\", \"password\": \"mallory-pass\", \"roles\":"
                + " [\"admin\"]}", basic("carol", "carol-pass-1")).status());

        nextSecond();
        Http.Response changed = http.patch("/_users/carol", "{\"password\": \"carol-pass-2\"}", admin());
        assertEquals(200, changed.status(), changed.toString());
        assertEquals(401, http.get("/me", basic("carol", "carol-pass-1")).status());
        assertEquals(401, http.get("/me", "Authorization", "Bearer " + before).status());
        assertEquals(200, http.get("/me", basic("carol", "carol-pass-2")).status());

        String beforeRename = token("carol", "carol-pass-2");
        nextSecond();
        Http.Response renamed = http.patch("/_users/carol", "{\"name\": \"caroline\"}", admin());
        assertEquals(200, renamed.status(), renamed.toString());
        assertEquals("/_users/caroline", renamed.header("Location").orElseThrow());
        assertEquals(401, http.get("/me", basic("carol", "carol-pass-2")).status());
        assertEquals(401, http.get("/me", "Authorization", "Bearer " + beforeRename).status());
        Http.Response me = http.get("/me", basic("caroline", "carol-pass-2"));
        assertEquals("caroline", me.json().get("username").asText());
        assertEquals(404, http.get("/_users/carol", admin()).status());

        assertEquals(200, http.patch("/_users/caroline", "{\"disabled\": true}", admin()).status());
        assertEquals(401, http.get("/me", basic("caroline", "carol-pass-2")).status());
        assertTrue(http.get("/_users/caroline", admin()).body().contains("\"disabled\":true"));
        assertEquals(204, http.delete("/_users/caroline", admin()).status());
        assertEquals(404, http.delete("/_users/caroline", admin()).status());

        List<String> audit = LOG.stream().filter(l -> l.startsWith("dev.mangrove.audit")).toList();
        assertTrue(audit.stream().anyMatch(l -> l.contains("User 'carol' created with roles [author]")), audit.toString());
        assertTrue(audit.stream().anyMatch(l -> l.contains("User 'carol' changed: renamed to 'caroline'")), audit.toString());
        assertTrue(audit.stream().anyMatch(l -> l.contains("User 'caroline' deleted")), audit.toString());
        assertTrue(LOG.stream().noneMatch(l -> l.contains("carol-pass")), LOG.toString());
    }

    @Test
    void badInputIsAProblemThatChangesNothing() {
        assertEquals(201, http.post("/_users", "{\"name\": \"dave\", \"password\": \"dave-pass-1\", \"roles\": [\"author\"]}",
                admin()).status());
        assertEquals(201, http.post("/_users", "{\"name\": \"erin\", \"password\": \"erin-pass-1\"}", admin()).status());
        String[][] cases = {
                {"POST", "/_users", "{\"name\": \"frank\", \"password\": \"short\"}", "400"},
                {"POST", "/_users", "{\"name\": \"frank\", \"password\": \"\"}", "400"},
                {"POST", "/_users", "{\"name\": \"frank\", \"password\": \"frank-pass-1\", \"roles\": \"admin\"}", "400"},
                {"POST", "/_users", "{\"name\": \"frank\", \"password\": \"frank-pass-1\", \"roles\": [{\"r\": 1}]}", "400"},
                {"POST", "/_users", "{\"name\": \"dave\", \"password\": \"other-pass-1\"}", "409"},
                {"PATCH", "/_users/dave", "{\"name\": \"erin\"}", "409"},
                {"PATCH", "/_users/dave", "{\"password\": \"x\", \"roles\": [\"admin\"]}", "400"},
                {"PATCH", "/_users/ghost", "{\"disabled\": true}", "404"},
                {"DELETE", "/_users/ghost", null, "404"},
                {"POST", "/_keys", "{\"name\": \"bad name\", \"roles\": []}", "400"},
        };
        for (String[] c : cases) {
            Http.Response r = http.send(c[0], c[1], c[2], "application/json", admin());
            assertEquals(Integer.parseInt(c[3]), r.status(), String.join(" ", c) + " → " + r);
            assertEquals("application/problem+json", r.header("Content-Type").orElseThrow(), r.toString());
        }
        assertFalse(http.get("/_users", admin()).body().contains("frank"));
        assertEquals(200, http.get("/me", basic("dave", "dave-pass-1")).status());
        assertEquals(200, http.get("/me", basic("erin", "erin-pass-1")).status());
        Http.Response dave = http.get("/_users/dave", admin());
        assertTrue(dave.body().contains("\"roles\":[\"author\"]"), dave.toString());
    }

    @Test
    void anApiKeyIsShownOnceScopesItsDataByItsRolesAndIsRevokedAtOnce() {
        Http.Response created = http.post("/_keys", "{\"name\": \"ingest\", \"roles\": [\"shopper\"]}", admin());
        assertEquals(201, created.status(), created.toString());
        assertEquals("/_keys/ingest", created.header("Location").orElseThrow());
        String key = created.json().get("key").asText();
        assertTrue(key.startsWith("mgk_") && key.length() > 40, key);

        // every header spelling the Data API's clients send
        for (String header : List.of("apiKey", "api-key", "X-API-Key")) {
            Http.Response me = http.get("/me", header, key);
            assertEquals(200, me.status(), header + " " + me);
            assertEquals("key:ingest", me.json().get("username").asText());
        }
        // its roles scope its data: the readFilter's @user.username is key:ingest; no write, no other database
        Http.Response items = http.get("/" + shop + "/items?sort=" + URLEncoder.encode("{\"_id\": 1}",
                StandardCharsets.UTF_8), "apiKey", key);
        assertEquals(200, items.status(), items.toString());
        assertEquals(List.of("k1", "k2"), ids(items));
        assertEquals(404, http.get("/" + shop + "/items/o1", "apiKey", key).status());
        assertEquals(403, http.post("/" + shop + "/items", "{\"_id\": \"x\"}", "apiKey", key).status());
        assertEquals(403, http.get("/" + usersDb + "/mangrove_api_keys", "apiKey", key).status());
        assertEquals(403, http.get("/_keys", "apiKey", key).status());
        // a broad grant does not reach the keys collection (its digests) nor the key API
        Http.Response author = http.post("/_users", "{\"name\": \"gina\", \"password\": \"gina-pass-1\", \"roles\":"
                + " [\"author\"]}", admin());
        assertEquals(201, author.status());
        assertEquals(403, http.get("/" + usersDb + "/mangrove_api_keys", basic("gina", "gina-pass-1")).status());
        assertEquals(403, http.get("/_keys", basic("gina", "gina-pass-1")).status());

        Http.Response list = http.get("/_keys", admin());
        assertEquals(200, list.status());
        assertTrue(list.body().contains("\"name\":\"ingest\",\"roles\":[\"shopper\"],\"created\":\""), list.body());
        assertFalse(list.body().contains("\"lastUsed\":null"), "the key was used: " + list.body());
        assertFalse(list.body().contains(key) || list.body().contains("hash"), list.body());
        assertEquals(409, http.post("/_keys", "{\"name\": \"ingest\", \"roles\": []}", admin()).status());
        // MongoDB holds the key's digest only
        Http.Response stored = http.get("/" + usersDb + "/mangrove_api_keys", admin());
        assertEquals(200, stored.status(), stored.toString());
        assertTrue(stored.body().contains("\"_id\":\"ingest\"") && stored.body().contains("\"hash\":\""), stored.body());
        assertFalse(stored.body().contains(key) || stored.body().contains(key.substring(4)), stored.body());

        Http.Response wrong = http.get("/me", "apiKey", key + "x");
        assertEquals(401, wrong.status());
        assertEquals("invalid-api-key", wrong.json().get("code").asText());
        assertEquals("application/problem+json", wrong.header("Content-Type").orElseThrow());
        assertFalse(wrong.body().contains(key), wrong.body());

        assertEquals(204, http.delete("/_keys/ingest", admin()).status());
        Http.Response revoked = http.get("/me", "apiKey", key);
        assertEquals(401, revoked.status(), "revoked at once: " + revoked);
        assertEquals(404, http.delete("/_keys/ingest", admin()).status());

        assertTrue(LOG.stream().anyMatch(l -> l.startsWith("dev.mangrove.access")), "the access log is on");
        assertTrue(LOG.stream().noneMatch(l -> l.contains(key)), "the key never appears in a log line");
        assertTrue(LOG.stream().anyMatch(l -> l.contains("API key 'ingest' created with roles [shopper]")), LOG.toString());
    }

    @Test
    void theDataApisEmailPasswordAndJwtTokenStringHeadersAuthenticate() {
        Http.Response me = http.get("/me", "email", "admin", "password", ADMIN_PASSWORD);
        assertEquals(200, me.status(), me.toString());
        assertEquals("admin", me.json().get("username").asText());
        assertEquals(401, http.get("/me", "email", "admin", "password", "wrong-password").status());
        Http.Response jwt = http.get("/me", "jwtTokenString", token("admin", ADMIN_PASSWORD));
        assertEquals(200, jwt.status(), jwt.toString());
        assertEquals(401, http.get("/me", "jwtTokenString", "not.a.token").status());
        Http.Response both = http.get("/me", "apiKey", "mgk_x", "jwtTokenString", "y");
        assertEquals(401, both.status());
        assertEquals("ambiguous-credentials", both.json().get("code").asText());
    }

    private static List<String> ids(Http.Response r) {
        List<String> ids = new ArrayList<>();
        r.json().forEach(doc -> ids.add(doc.get("_id").asText()));
        return ids;
    }
}
