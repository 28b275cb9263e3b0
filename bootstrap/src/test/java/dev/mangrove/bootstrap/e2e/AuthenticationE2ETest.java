package dev.mangrove.bootstrap.e2e;

import dev.mangrove.bootstrap.ConfigurationException;
import dev.mangrove.bootstrap.Mangrove;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Authentication with security on (docs/security.md): Basic, bearer tokens, login, /me, CORS, brute force, bootstrap. */
class AuthenticationE2ETest {
    private static final String ADMIN_PASSWORD = "Adm1n-pass-e2e";
    private static final String SECRET = "e2e-secret-0123456789abcdef-0123456789";
    private static final List<String> LOG = Collections.synchronizedList(new ArrayList<>());
    private static final Handler CAPTURE = new Handler() {
        @Override
        public void publish(LogRecord record) {
            StringBuilder line = new StringBuilder(String.valueOf(record.getMessage()));
            if (record.getParameters() != null) {
                for (Object p : record.getParameters()) {
                    line.append(' ').append(p);
                }
            }
            for (Throwable t = record.getThrown(); t != null; t = t.getCause()) {
                line.append(' ').append(t);
            }
            LOG.add(line.toString());
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    };
    private static Mangrove server;
    private static Http http;

    @BeforeAll
    static void start() {
        Logger.getLogger("").addHandler(CAPTURE);
        server = TestServer.start(secured(Map.of("mangrove.admin.password", ADMIN_PASSWORD,
                "mangrove.security.cors.allowed-origins", "https://app.example.com")));
        http = new Http(server.url());
        // bob: a user without the root role
        assertEquals(200, http.get("/me", auth("admin", ADMIN_PASSWORD)).status());
    }

    @AfterAll
    static void stop() {
        Logger.getLogger("").removeHandler(CAPTURE);
        if (server != null) {
            server.close();
        }
    }

    /** Security on, HS256 tokens, cheap bcrypt, users in a database of their own. */
    static Map<String, String> secured(Map<String, String> extra) {
        Map<String, String> settings = new HashMap<>();
        settings.put("mangrove.security.enabled", "true");
        settings.put("mangrove.security.jwt.secret", SECRET);
        settings.put("mangrove.security.bcrypt-cost", "4");
        settings.put("mangrove.security.users-db", TestServer.freshDatabase("users"));
        settings.putAll(extra);
        return settings;
    }

    static String[] auth(String user, String password) {
        return new String[] {"Authorization", "Basic " + Base64.getEncoder().encodeToString(
                (user + ":" + password).getBytes(StandardCharsets.UTF_8))};
    }

    private static String token(String user, String password) {
        Http.Response r = http.post("/token", "{\"username\":\"" + user + "\",\"password\":\"" + password + "\"}");
        assertEquals(200, r.status(), r.toString());
        return r.json().get("access_token").asText();
    }

    @Test
    void anonymousApiRequestsAre401WithTheChallenges() {
        Http.Response r = http.get("/");
        assertEquals(401, r.status());
        assertEquals("unauthenticated", r.json().get("code").asText());
        String challenge = r.header("WWW-Authenticate").orElseThrow();
        assertTrue(challenge.contains("Basic realm=\"mangrove\""), challenge);
        assertTrue(challenge.contains("Bearer realm=\"mangrove\""), challenge);
        assertEquals("application/problem+json", r.header("Content-Type").orElseThrow());
        assertEquals("nosniff", r.header("X-Content-Type-Options").orElseThrow());
    }

    @Test
    void basicRightWrongAndMalformed() {
        Http.Response ok = http.get("/", auth("admin", ADMIN_PASSWORD));
        assertEquals(200, ok.status(), ok.toString());
        assertEquals("nosniff", ok.header("X-Content-Type-Options").orElseThrow());
        Http.Response wrong = http.get("/", auth("admin", "not-the-password"));
        assertEquals(401, wrong.status());
        assertEquals("invalid-credentials", wrong.json().get("code").asText());
        assertTrue(wrong.header("WWW-Authenticate").isPresent());
        assertFalse(wrong.body().contains("not-the-password"));
        Http.Response malformed = http.get("/", "Authorization", "Basic %%%not-base64");
        assertEquals(401, malformed.status());
        assertEquals("malformed-credentials", malformed.json().get("code").asText());
        Http.Response noColon = http.get("/", "Authorization", "Basic " + Base64.getEncoder()
                .encodeToString("admin".getBytes(StandardCharsets.UTF_8)));
        assertEquals(401, noColon.status());
        Http.Response scheme = http.get("/", "Authorization", "Digest username=\"admin\"");
        assertEquals(401, scheme.status());
        assertEquals("unsupported-authentication-scheme", scheme.json().get("code").asText());
    }

    @Test
    void bearerTokenFromTokenEndpoint() {
        Http.Response r = http.post("/token", "{\"username\":\"admin\",\"password\":\"" + ADMIN_PASSWORD + "\"}");
        assertEquals(200, r.status(), r.toString());
        assertEquals("Bearer", r.json().get("token_type").asText());
        assertEquals(900, r.json().get("expires_in").asInt());
        assertEquals("no-store", r.header("Cache-Control").orElseThrow());
        String token = r.json().get("access_token").asText();
        Http.Response me = http.get("/me", "Authorization", "Bearer " + token);
        assertEquals(200, me.status());
        assertEquals("admin", me.json().get("username").asText());
        assertEquals("admin", me.json().get("roles").get(0).asText());
        assertEquals(200, http.get("/", "Authorization", "Bearer " + token).status());
        Http.Response tampered = http.get("/", "Authorization", "Bearer " + token.substring(0, token.length() - 2) + "xx");
        assertEquals(401, tampered.status());
        assertEquals("invalid-token", tampered.json().get("code").asText());
        String[] parts = token.split("\\.");
        String none = Base64.getUrlEncoder().withoutPadding().encodeToString("{\"alg\":\"none\"}".getBytes(
                StandardCharsets.UTF_8)) + "." + parts[1] + ".";
        assertEquals(401, http.get("/", "Authorization", "Bearer " + none).status());
    }

    @Test
    void loginAliasWithAFormAndBadLoginBodies() {
        Http.Response r = http.send("POST", "/login", "username=admin&password=" + ADMIN_PASSWORD,
                "application/x-www-form-urlencoded");
        assertEquals(200, r.status(), r.toString());
        assertTrue(r.json().get("access_token").asText().split("\\.").length == 3);
        Http.Response wrong = http.send("POST", "/login", "username=admin&password=nope-nope",
                "application/x-www-form-urlencoded");
        assertEquals(401, wrong.status());
        assertEquals(400, http.post("/token", "{\"username\":\"admin\"}").status());
        assertEquals(400, http.post("/token", "{not json").status());
        assertEquals(415, http.send("POST", "/token", "admin", "text/plain").status());
        Http.Response get = http.get("/token");
        assertEquals(405, get.status());
        assertEquals("POST", get.header("Allow").orElseThrow());
    }

    @Test
    void onlyTheHealthChecksThemselvesAreOpen() {
        assertEquals(200, http.get("/health/live").status());
        assertEquals(200, http.get("/health/ready").status());
        // a database named "health" is an ordinary database: no way around authentication through it
        Http.Response created = http.post("/health/notes", "{\"_id\": \"n1\", \"secret\": \"s\"}",
                auth("admin", ADMIN_PASSWORD));
        assertEquals(201, created.status(), created.toString());
        for (String path : List.of("/health/notes", "/health/notes/n1", "/health", "/health/..%2Fnotes",
                "/health/live/", "/health/notes?filter=%7B%7D")) {
            Http.Response r = http.get(path);
            assertEquals(401, r.status(), path + " → " + r);
            assertFalse(r.body().contains("secret"), r.body());
        }
        assertEquals(401, http.post("/health/live", "{}").status());
        // HEAD of a health path is not a health check: it would reach database "health" without credentials
        assertEquals(201, http.post("/health/ready", "{\"secret\": 2}", auth("admin", ADMIN_PASSWORD)).status());
        Http.Response head = http.send("HEAD", "/health/ready?count&filter=%7B%22secret%22%3A2%7D", null, null);
        assertEquals(401, head.status(), head.toString());
        assertTrue(head.header("X-Total-Count").isEmpty(), head.toString());
        assertEquals(401, http.delete("/health/notes/n1").status());
        assertEquals(200, http.get("/health/notes/n1", auth("admin", ADMIN_PASSWORD)).status());
    }

    @Test
    void meNeedsAUser() {
        Http.Response r = http.get("/me");
        assertEquals(401, r.status());
        assertTrue(r.header("WWW-Authenticate").isPresent());
    }

    private static String usersDb() {
        Http.Response dbs = http.get("/", auth("admin", ADMIN_PASSWORD));
        for (var db : dbs.json()) {
            String name = db.isTextual() ? db.asText() : db.path("_id").asText();
            if (name.startsWith("users_")) {
                return name;
            }
        }
        throw new AssertionError("no users database in " + dbs.body());
    }

    @Test
    void healthIsOpen() {
        assertEquals(200, http.get("/health/live").status());
        assertEquals("nosniff", http.get("/health/live").header("X-Content-Type-Options").orElseThrow());
    }

    @Test
    void corsPreflightIsAnsweredWithoutCredentials() {
        Http.Response r = http.send("OPTIONS", "/shop/orders", null, null, "Origin", "https://app.example.com",
                "Access-Control-Request-Method", "PATCH", "Access-Control-Request-Headers", "authorization");
        assertEquals(204, r.status(), r.toString());
        assertEquals("https://app.example.com", r.header("Access-Control-Allow-Origin").orElseThrow());
        assertTrue(r.header("Access-Control-Allow-Methods").orElseThrow().contains("PATCH"));
        assertTrue(r.header("Access-Control-Allow-Headers").orElseThrow().contains("Authorization"));
        Http.Response other = http.send("OPTIONS", "/shop/orders", null, null, "Origin", "https://evil.example",
                "Access-Control-Request-Method", "GET");
        assertEquals(403, other.status());
        assertFalse(other.header("Access-Control-Allow-Origin").isPresent());
        Http.Response get = http.get("/", "Origin", "https://app.example.com", auth("admin", ADMIN_PASSWORD)[0],
                auth("admin", ADMIN_PASSWORD)[1]);
        assertEquals(200, get.status());
        assertEquals("https://app.example.com", get.header("Access-Control-Allow-Origin").orElseThrow());
        String exposed = get.header("Access-Control-Expose-Headers").orElseThrow();
        for (String header : List.of("ETag", "Location", "Link", "X-Total-Count", "X-Count-Strategy")) {
            assertTrue(exposed.contains(header), exposed);
        }
    }

    @Test
    void passwordsAndHashesNeverShowInResponsesOrLogs() {
        String db = usersDb();
        List<String> bodies = new ArrayList<>();
        bodies.add(http.get("/", auth("admin", "wrong-" + ADMIN_PASSWORD)).body());
        bodies.add(http.post("/token", "{\"username\":\"admin\",\"password\":\"x" + ADMIN_PASSWORD + "\"}").body());
        bodies.add(http.get("/me", auth("admin", ADMIN_PASSWORD)).body());
        Http.Response distinct = http.get("/" + db + "/mangrove_users/_distinct?key=password", auth("admin", ADMIN_PASSWORD));
        assertEquals(403, distinct.status(), distinct.toString());
        bodies.add(distinct.body());
        Http.Response aggregate = http.get("/" + db + "/mangrove_users/_aggregate?pipeline=[]", auth("admin", ADMIN_PASSWORD));
        assertEquals(403, aggregate.status(), aggregate.toString());
        for (String body : bodies) {
            assertFalse(body.contains(ADMIN_PASSWORD), body);
            assertFalse(body.contains("$2a$"), body);
        }
        synchronized (LOG) {
            for (String line : LOG) {
                assertFalse(line.contains(ADMIN_PASSWORD), line);
                assertFalse(line.contains("$2a$"), line);
            }
        }
        Http.Response users = http.get("/" + db + "/mangrove_users", auth("admin", ADMIN_PASSWORD));
        assertEquals(200, users.status());
        assertTrue(users.body().contains("admin"));
        // even the root role never sees the hashes: by page, by id, streamed, or through a filter on them
        assertFalse(users.body().contains("$2a$"), users.body());
        assertFalse(users.body().contains("\"password\""), users.body());
        Http.Response one = http.get("/" + db + "/mangrove_users/admin", auth("admin", ADMIN_PASSWORD));
        assertEquals(200, one.status(), one.toString());
        assertFalse(one.body().contains("$2a$"), one.body());
        assertFalse(one.body().contains("\"password\""), one.body());
        Http.Response streamed = http.get("/" + db + "/mangrove_users", "Accept", "application/x-ndjson",
                "Authorization", auth("admin", ADMIN_PASSWORD)[1]);
        assertEquals(200, streamed.status(), streamed.toString());
        assertFalse(streamed.body().contains("$2a$"), streamed.body());
        Http.Response oracle = http.get("/" + db + "/mangrove_users?filter=" + java.net.URLEncoder.encode(
                "{\"password\": {\"$regex\": \"^\\\\$2a\"}}", StandardCharsets.UTF_8), auth("admin", ADMIN_PASSWORD));
        assertEquals(403, oracle.status(), oracle.toString());
    }

    @Test
    void tooManyFailuresAre429WithRetryAfter() {
        try (Mangrove guarded = TestServer.start(secured(Map.of("mangrove.admin.password", ADMIN_PASSWORD,
                "mangrove.security.brute-force.max-failures", "3", "mangrove.security.brute-force.window", "60s")))) {
            Http client = new Http(guarded.url());
            for (int i = 0; i < 3; i++) {
                assertEquals(401, client.get("/", auth("admin", "guess-" + i)).status());
            }
            Http.Response blocked = client.get("/", auth("admin", ADMIN_PASSWORD));
            assertEquals(429, blocked.status(), blocked.toString());
            assertEquals("too-many-failures", blocked.json().get("code").asText());
            int retryAfter = Integer.parseInt(blocked.header("Retry-After").orElseThrow());
            assertTrue(retryAfter > 0 && retryAfter <= 60, "Retry-After " + retryAfter);
            assertEquals(429, client.post("/token", "{\"username\":\"admin\",\"password\":\"" + ADMIN_PASSWORD + "\"}")
                    .status());
            assertEquals(200, client.get("/health/live").status());
        }
    }

    @Test
    void startUpIsRefusedWithAShortOrMissingSecret() {
        ConfigurationException shortSecret = assertThrows(ConfigurationException.class, () -> TestServer.start(
                secured(Map.of("mangrove.security.jwt.secret", "too-short"))));
        assertTrue(shortSecret.getMessage().contains("mangrove.security.jwt.secret"), shortSecret.getMessage());
        assertFalse(shortSecret.getMessage().contains("too-short"), shortSecret.getMessage());
        Map<String, String> missing = secured(Map.of("mangrove.security.jwt.enabled", "true"));
        missing.remove("mangrove.security.jwt.secret");
        ConfigurationException none = assertThrows(ConfigurationException.class, () -> TestServer.start(missing));
        assertTrue(none.getMessage().contains("mangrove.security.jwt.secret"), none.getMessage());
        ConfigurationException realm = assertThrows(ConfigurationException.class, () -> TestServer.start(
                secured(Map.of("mangrove.security.realm", "ldap"))));
        assertTrue(realm.getMessage().contains("mangrove.security.realm"), realm.getMessage());
    }

    @Test
    void firstStartWithoutAPasswordPrintsAGeneratedOneOnce() {
        PrintStream original = System.out;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        Mangrove fresh;
        synchronized (System.class) {
            System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
            try {
                fresh = TestServer.start(secured(Map.of()));
            } finally {
                System.setOut(original);
            }
        }
        try (Mangrove s = fresh) {
            Matcher m = Pattern.compile("generated password: (\\S+)").matcher(captured.toString(StandardCharsets.UTF_8));
            assertTrue(m.find(), captured.toString(StandardCharsets.UTF_8));
            String generated = m.group(1);
            Http client = new Http(s.url());
            assertEquals(200, client.get("/", auth("admin", generated)).status());
            synchronized (LOG) {
                assertTrue(LOG.stream().noneMatch(line -> line.contains(generated)), "never logged");
            }
        }
    }

    @Test
    void securityOffServesWithoutCredentials() {
        // the shared server of the other e2e tests runs with mangrove.security.enabled=false
        assertEquals(200, new Http(TestServer.shared().url()).get("/").status());
    }
}
