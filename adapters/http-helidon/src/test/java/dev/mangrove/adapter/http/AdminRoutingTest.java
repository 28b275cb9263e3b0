package dev.mangrove.adapter.http;

import dev.mangrove.application.port.in.AccessDecision;
import dev.mangrove.application.port.in.Credentials;
import dev.mangrove.application.port.in.ManageApiKeysUseCase;
import dev.mangrove.application.port.in.ManageUsersUseCase;
import dev.mangrove.domain.error.ErrorKind;
import dev.mangrove.domain.error.MangroveException;
import dev.mangrove.domain.resource.Mount;
import dev.mangrove.domain.resource.MountTable;
import dev.mangrove.domain.security.DataScope;
import dev.mangrove.domain.security.Principal;
import io.helidon.http.HeaderNames;
import io.helidon.webclient.http1.Http1ClientResponse;
import io.helidon.webserver.http.HttpRouting;
import io.helidon.webserver.testing.junit5.DirectClient;
import io.helidon.webserver.testing.junit5.RoutingTest;
import io.helidon.webserver.testing.junit5.SetUpRoute;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code /_users} and {@code /_keys} over HTTP with fake use cases, and the Data API's credential headers
 * ({@code apiKey}, {@code api-key}, {@code X-API-Key}, {@code email} + {@code password}, {@code jwtTokenString}).
 */
@RoutingTest
class AdminRoutingTest {
    static final String ADMIN = "Basic " + Base64.getEncoder().encodeToString("root:pw".getBytes(StandardCharsets.UTF_8));
    static final String GOOD_KEY = "mgk_the-good-key-0123456789";
    static final List<Credentials> SEEN = new CopyOnWriteArrayList<>();
    static final FakeUsers USERS = new FakeUsers();
    static final FakeKeys KEYS = new FakeKeys();

    private final DirectClient client;

    AdminRoutingTest(DirectClient client) {
        this.client = client;
    }

    @SetUpRoute
    static void routing(HttpRouting.Builder routing) {
        HttpSecurity security = new HttpSecurity((credentials, address) -> {
            SEEN.add(credentials);
            return switch (credentials) {
                case Credentials.Password p when p.username().equals("root") -> new Principal("root", List.of("admin"));
                case Credentials.Password p when p.password().equals("right") -> new Principal(p.username(), List.of("reader"));
                case Credentials.ApiKey k when k.key().equals(GOOD_KEY) -> new Principal("key:ingest", List.of("reader"));
                case Credentials.ApiKey k -> throw MangroveException.of(ErrorKind.UNAUTHORIZED, "invalid-api-key",
                        "The API key is not valid");
                case Credentials.Token t when t.token().equals("good-jwt") -> new Principal("tom", List.of("reader"));
                default -> throw MangroveException.of(ErrorKind.UNAUTHORIZED, "invalid-credentials", "no");
            };
        }, (credentials, address) -> {
            throw new IllegalStateException("no login in this test");
        }, request -> request.principal().hasRole("admin") || request.path().startsWith("/db")
                ? AccessDecision.allow(DataScope.UNRESTRICTED) : AccessDecision.deny("admins only"),
                true, true, "test", TrustedProxies.NONE, Optional.of(USERS), Optional.of(KEYS));
        MangroveHttp.create(MountTable.create(List.of(Mount.of("*", "/"))), new FakeUseCases().useCases(),
                        HttpSettings.DEFAULTS, (method, route, status, nanos) -> { })
                .withSecurity(security, CorsSettings.NONE)
                .routing(routing);
    }

    private final List<String> logged = new CopyOnWriteArrayList<>();
    private final Handler capture = new Handler() {
        @Override
        public void publish(LogRecord record) {
            logged.add(record.getLoggerName() + " " + record.getMessage());
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    };

    @BeforeEach
    void reset() {
        SEEN.clear();
        USERS.users.clear();
        KEYS.keys.clear();
        Logger.getLogger("").addHandler(capture);
        Logger.getLogger("dev.mangrove.access").setLevel(Level.INFO);
    }

    @AfterEach
    void stopCapturing() {
        Logger.getLogger("").removeHandler(capture);
    }

    private Http1ClientResponse post(String path, String json) {
        return client.post(path).header(HeaderNames.AUTHORIZATION, ADMIN)
                .header(HeaderNames.CONTENT_TYPE, "application/json").submit(json);
    }

    private Http1ClientResponse patch(String path, String json) {
        return client.patch(path).header(HeaderNames.AUTHORIZATION, ADMIN)
                .header(HeaderNames.CONTENT_TYPE, "application/json").submit(json);
    }

    private Http1ClientResponse get(String path) {
        return client.get(path).header(HeaderNames.AUTHORIZATION, ADMIN).request();
    }

    @Test
    void createsListsChangesRenamesAndDeletesUsersNeverShowingAPassword() {
        try (Http1ClientResponse r = post("/_users", "{\"name\": \"carol\", \"password\": \"carol-secret\", \"roles\": [\"reader\"]}")) {
            String body = ApiRoutingTest.body(r);
            assertEquals(201, r.status().code(), body);
            assertEquals(Optional.of("/_users/carol"), r.headers().first(HeaderNames.LOCATION));
            assertTrue(body.contains("\"name\":\"carol\"") && body.contains("\"roles\":[\"reader\"]"), body);
            assertFalse(body.contains("carol-secret") || body.contains("password"), body);
        }
        assertEquals("carol-secret", USERS.passwords.get("carol"));
        try (Http1ClientResponse r = get("/_users")) {
            String body = ApiRoutingTest.body(r);
            assertEquals(200, r.status().code());
            assertTrue(body.startsWith("[{\"name\":\"carol\",\"roles\":[\"reader\"],\"disabled\":false,\"created\":\""), body);
            assertFalse(body.contains("secret"), body);
        }
        try (Http1ClientResponse r = patch("/_users/carol", "{\"disabled\": true, \"roles\": [\"writer\"]}")) {
            assertEquals(200, r.status().code(), ApiRoutingTest.body(r));
        }
        assertEquals(new ManageUsersUseCase.UserChange(null, List.of("writer"), true, null), USERS.lastChange);
        try (Http1ClientResponse r = patch("/_users/carol", "{\"name\": \"caroline\"}")) {
            assertEquals(200, r.status().code(), ApiRoutingTest.body(r));
            assertEquals(Optional.of("/_users/caroline"), r.headers().first(HeaderNames.LOCATION));
        }
        try (Http1ClientResponse r = get("/_users/caroline")) {
            assertEquals(200, r.status().code());
            assertTrue(ApiRoutingTest.body(r).contains("\"disabled\":true"));
        }
        try (Http1ClientResponse r = client.delete("/_users/caroline").header(HeaderNames.AUTHORIZATION, ADMIN).request()) {
            assertEquals(204, r.status().code());
        }
        try (Http1ClientResponse r = get("/_users/caroline")) {
            assertEquals(404, r.status().code());
            assertTrue(ApiRoutingTest.body(r).contains("user-not-found"));
        }
        assertTrue(logged.stream().noneMatch(line -> line.contains("carol-secret")), logged.toString());
    }

    @Test
    void badBodiesAre400AndChangeNothing() {
        for (String body : List.of("{\"name\": \"dave\", \"password\": \"dave-secret\", \"roles\": \"admin\"}",
                "{\"name\": \"dave\", \"password\": \"dave-secret\", \"roles\": [1]}",
                "{\"name\": \"dave\", \"password\": \"dave-secret\", \"admin\": true}",
                "{\"name\": \"dave\", \"roles\": []}",
                "{\"name\": 7, \"password\": \"dave-secret\"}",
                "{\"name\": \"dave\", \"password\": \"dave-secret\", \"disabled\": false}")) {
            try (Http1ClientResponse r = post("/_users", body)) {
                assertEquals(400, r.status().code(), body + " → " + ApiRoutingTest.body(r));
                assertTrue(r.headers().contentType().orElseThrow().text().contains("problem+json"));
            }
        }
        assertTrue(USERS.users.isEmpty());
        USERS.createUser("dave", "dave-secret", List.of());
        try (Http1ClientResponse r = patch("/_users/dave", "{\"disabled\": \"yes\"}")) {
            assertEquals(400, r.status().code());
        }
        try (Http1ClientResponse r = post("/_users", "{\"name\": \"dave\", \"password\": \"dave-secret\"}")) {
            assertEquals(409, r.status().code());
        }
        try (Http1ClientResponse r = post("/_keys", "{\"name\": \"k\"}")) {
            assertEquals(400, r.status().code(), "roles are required for a key");
        }
        assertTrue(KEYS.keys.isEmpty());
    }

    @Test
    void aKeyIsShownOnceAndNeverListed() {
        String key;
        try (Http1ClientResponse r = post("/_keys", "{\"name\": \"ingest\", \"roles\": [\"reader\"]}")) {
            String body = ApiRoutingTest.body(r);
            assertEquals(201, r.status().code(), body);
            assertEquals(Optional.of("/_keys/ingest"), r.headers().first(HeaderNames.LOCATION));
            assertEquals(Optional.of("no-store"), r.headers().first(HeaderNames.CACHE_CONTROL));
            key = KEYS.lastKey;
            assertTrue(body.contains("\"key\":\"" + key + "\""), body);
        }
        try (Http1ClientResponse r = get("/_keys")) {
            String body = ApiRoutingTest.body(r);
            assertEquals(200, r.status().code());
            assertTrue(body.contains("\"name\":\"ingest\"") && body.contains("\"lastUsed\":null"), body);
            assertFalse(body.contains(key) || body.contains("\"key\""), body);
        }
        try (Http1ClientResponse r = client.delete("/_keys/ingest").header(HeaderNames.AUTHORIZATION, ADMIN).request()) {
            assertEquals(204, r.status().code());
        }
        try (Http1ClientResponse r = client.delete("/_keys/ingest").header(HeaderNames.AUTHORIZATION, ADMIN).request()) {
            assertEquals(404, r.status().code());
        }
    }

    @Test
    void theDataApiCredentialHeadersAuthenticate() {
        for (String header : List.of("apiKey", "api-key", "X-API-Key")) {
            SEEN.clear();
            try (Http1ClientResponse r = client.get("/db/coll/d1").header(HeaderNames.create(header), GOOD_KEY).request()) {
                assertEquals(200, r.status().code(), header + " " + ApiRoutingTest.body(r));
            }
            // Helidon's in-memory routing may run the filter twice: each time with the key
            assertEquals(java.util.Set.of(new Credentials.ApiKey(GOOD_KEY)), java.util.Set.copyOf(SEEN), header);
        }
        SEEN.clear();
        try (Http1ClientResponse r = client.get("/db/coll/d1").header(HeaderNames.create("email"), "amy")
                .header(HeaderNames.create("password"), "right").request()) {
            assertEquals(200, r.status().code());
        }
        try (Http1ClientResponse r = client.get("/db/coll/d1").header(HeaderNames.create("jwtTokenString"), "good-jwt")
                .request()) {
            assertEquals(200, r.status().code());
        }
        assertEquals(java.util.Set.of(new Credentials.Password("amy", "right"), new Credentials.Token("good-jwt")),
                java.util.Set.copyOf(SEEN));
        try (Http1ClientResponse r = client.get("/db/coll/d1").header(HeaderNames.create("email"), "amy").request()) {
            assertEquals(401, r.status().code(), "an email without a password");
        }
        try (Http1ClientResponse r = client.get("/db/coll/d1").header(HeaderNames.create("apiKey"), GOOD_KEY)
                .header(HeaderNames.AUTHORIZATION, ADMIN).request()) {
            assertEquals(401, r.status().code());
            assertTrue(ApiRoutingTest.body(r).contains("ambiguous-credentials"));
        }
    }

    @Test
    void aWrongKeyIsA401ProblemAndNeitherTheProblemNorTheLogShowsIt() {
        String wrong = "mgk_a-wrong-key-that-must-not-be-printed";
        try (Http1ClientResponse r = client.get("/db/coll/d1").header(HeaderNames.create("apiKey"), wrong).request()) {
            String body = ApiRoutingTest.body(r);
            assertEquals(401, r.status().code());
            assertTrue(body.contains("invalid-api-key"), body);
            assertFalse(body.contains(wrong), body);
        }
        try (Http1ClientResponse r = client.get("/_users").header(HeaderNames.create("apiKey"), GOOD_KEY).request()) {
            assertEquals(403, r.status().code(), "a key without the root role may not manage users");
        }
        ApiRoutingTest.awaitLabel(logged, "dev.mangrove.access GET /_users 403");
        ApiRoutingTest.awaitLabel(logged, "dev.mangrove.access GET /{db}/{coll}/{docid} 401");
        assertTrue(logged.stream().noneMatch(line -> line.contains(wrong) || line.contains(GOOD_KEY)), logged.toString());
    }

    /** Users in a map. */
    static final class FakeUsers implements ManageUsersUseCase {
        final Map<String, UserSummary> users = new TreeMap<>();
        final Map<String, String> passwords = new TreeMap<>();
        volatile UserChange lastChange;

        @Override
        public synchronized UserSummary createUser(String username, String password, List<String> roles) {
            if (users.containsKey(username)) {
                throw MangroveException.conflict("user-exists", "taken");
            }
            UserSummary user = new UserSummary(username, roles, false, Instant.parse("2026-12-07T00:00:00Z"));
            users.put(username, user);
            passwords.put(username, password);
            return user;
        }

        @Override
        public synchronized Optional<UserSummary> findUser(String username) {
            return Optional.ofNullable(users.get(username));
        }

        @Override
        public synchronized UserSummary updateUser(String username, UserChange change) {
            lastChange = change;
            UserSummary user = findUser(username).orElseThrow(() -> MangroveException.notFound("user-not-found", "no"));
            String name = change.newName() != null ? change.newName() : username;
            UserSummary changed = new UserSummary(name, change.roles() != null ? change.roles() : user.roles(),
                    change.disabled() != null ? change.disabled() : user.disabled(), user.created());
            users.remove(username);
            users.put(name, changed);
            return changed;
        }

        @Override
        public synchronized void deleteUser(String username) {
            if (users.remove(username) == null) {
                throw MangroveException.notFound("user-not-found", "no");
            }
        }

        @Override
        public synchronized List<UserSummary> listUsers() {
            return List.copyOf(users.values());
        }

        @Override
        public void saveUser(String username, String password, List<String> roles) {
            throw new UnsupportedOperationException();
        }

        @Override
        public void changePassword(String username, String password) {
            throw new UnsupportedOperationException();
        }

        @Override
        public void setDisabled(String username, boolean disabled) {
            throw new UnsupportedOperationException();
        }

        @Override
        public AdminBootstrap bootstrapAdmin(String username, String role, Optional<String> password) {
            throw new UnsupportedOperationException();
        }
    }

    /** Keys in a map. */
    static final class FakeKeys implements ManageApiKeysUseCase {
        final Map<String, KeySummary> keys = new TreeMap<>();
        volatile String lastKey;

        @Override
        public synchronized CreatedKey createKey(String name, List<String> roles) {
            lastKey = "mgk_" + name + "-" + System.nanoTime();
            keys.put(name, new KeySummary(name, roles, Instant.parse("2026-12-07T00:00:00Z"), Optional.empty()));
            return new CreatedKey(name, roles, lastKey, Instant.parse("2026-12-07T00:00:00Z"));
        }

        @Override
        public synchronized List<KeySummary> listKeys() {
            return List.copyOf(keys.values());
        }

        @Override
        public synchronized void deleteKey(String name) {
            if (keys.remove(name) == null) {
                throw MangroveException.notFound("key-not-found", "no");
            }
        }
    }
}
