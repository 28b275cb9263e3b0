package dev.mangrove.bootstrap;

import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Updates;
import com.mongodb.reactivestreams.client.MongoClient;
import com.mongodb.reactivestreams.client.MongoClients;
import com.mongodb.reactivestreams.client.MongoCollection;
import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;
import dev.mangrove.adapter.mongo.MongoBackend;
import dev.mangrove.adapter.mongo.MongoBackendSettings;
import dev.mangrove.adapter.security.BcryptPasswordHasher;
import dev.mangrove.application.port.in.Credentials;
import dev.mangrove.application.port.out.PasswordHasher;
import dev.mangrove.application.port.out.StoredUser;
import dev.mangrove.application.port.out.UserRealm;
import dev.mangrove.application.service.AuthenticationPolicy;
import dev.mangrove.application.service.AuthenticationService;
import dev.mangrove.bootstrap.e2e.Http;
import dev.mangrove.bootstrap.e2e.TestBackend;
import dev.mangrove.bootstrap.e2e.TestServer;
import org.bson.BsonDocument;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Two Mangrove instances on one backend, as behind a load balancer (issue 21): a change made through one
 * instance, or by an operator against MongoDB, applies on both within the documented bound
 * (docs/operations.md#running-several-instances). The embedded backend cannot be shared, so without
 * {@code MONGO_URI} the test starts one standalone mongo-java-server both instances connect to. Each check
 * polls until its bound and fails past it.
 */
class MultiInstanceE2ETest {
    /** The bound of docs/operations.md#running-several-instances for users and stored permissions. */
    private static final Duration BOUND = Duration.ofSeconds(2);
    private static final String SECRET = "multi-instance-secret-0123456789abcdef";
    private static final String ADMIN_PASSWORD = "multi-admin-pass";

    private static Path dir;
    private static Path file;
    private static MongoServer standalone;
    private static String uri;
    private static MongoClient client;
    private static String usersDb;
    private static String data;
    private static Mangrove a;
    private static Mangrove b;
    private static Http httpA;
    private static Http httpB;

    @BeforeAll
    static void start() throws IOException {
        dir = Files.createTempDirectory("mangrove-multi-e2e");
        uri = TestBackend.get().uri().orElseGet(() -> {
            standalone = new MongoServer(new MemoryBackend());
            standalone.bind("127.0.0.1", 0);
            return "mongodb://127.0.0.1:" + standalone.getLocalAddress().getPort();
        });
        client = MongoClients.create(uri);
        usersDb = TestServer.freshDatabase("multiusers");
        data = TestServer.freshDatabase("multi");
        file = dir.resolve("mangrove.yaml");
        Files.writeString(file, """
                mangrove:
                  admin: {password: "%s"}
                  security:
                    users-db: %s
                    jwt: {secret: "%s"}
                    trusted-proxies: ["127.0.0.1", "::1"]      # the test plays the load balancer
                    acl:
                      - {roles: [reader], methods: [GET], path: "/%s/**"}
                """.formatted(ADMIN_PASSWORD, usersDb, SECRET, data));
        a = instance();
        b = instance();
        httpA = new Http(a.url());
        httpB = new Http(b.url());
        assertEquals(201, httpA.post("/" + data + "/things", "{\"_id\": \"t1\"}", admin()).status());
    }

    @AfterAll
    static void stop() throws IOException {
        for (Mangrove m : new Mangrove[] {a, b}) {
            if (m != null) {
                m.close();
            }
        }
        if (client != null) {
            client.close();
        }
        if (standalone != null) {
            standalone.shutdownNow();
        }
        YamlServers.delete(dir);
    }

    private static Map<String, String> overrides() {
        Map<String, String> overrides = new HashMap<>();
        overrides.put("server.port", "0");
        overrides.put("mangrove.mongo.uri", uri);
        return overrides;
    }

    private static Mangrove instance() {
        return Mangrove.start(ConfigLoader.load(Optional.of(file), dir, Map.of(), overrides()));
    }

    // ---------------------------------------------------------------- users (issue 21 item 1)

    @Test
    void aPasswordChangeAppliesOnEveryInstanceToRememberedPasswordsAndEarlierTokens() throws Exception {
        createUser("carol", "carol-pass-1", "reader");
        String[] old = basic("carol", "carol-pass-1");
        assertEquals(200, httpA.get("/me", old).status());
        assertEquals(200, httpB.get("/me", old).status());        // both instances remember it now
        String token = token(httpA, "carol", "carol-pass-1");
        assertEquals(200, httpB.get("/me", bearer(token)).status());
        Thread.sleep(1100);                                        // the change falls in a later second than iat

        createUser("carol", "carol-pass-2", "reader");
        within("the old password refused by A and B", () -> httpA.get("/me", old).status() == 401
                && httpB.get("/me", old).status() == 401);
        within("the token issued before the change refused by A and B", () ->
                httpA.get("/me", bearer(token)).status() == 401 && httpB.get("/me", bearer(token)).status() == 401);
        assertEquals(200, httpA.get("/me", basic("carol", "carol-pass-2")).status());
        assertEquals(200, httpB.get("/me", bearer(token(httpA, "carol", "carol-pass-2"))).status());
    }

    @Test
    void aRoleChangeAppliesOnEveryInstance() {
        createUser("rita", "rita-pass", "reader");
        String[] rita = basic("rita", "rita-pass");
        assertEquals(200, httpA.get("/" + data + "/things/t1", rita).status());
        assertEquals(200, httpB.get("/" + data + "/things/t1", rita).status());

        createUser("rita", "rita-pass", "nothing");
        within("the lost role refused by A and B", () -> httpA.get("/" + data + "/things/t1", rita).status() == 403
                && httpB.get("/" + data + "/things/t1", rita).status() == 403);
    }

    @Test
    void aDeletedUserIsRefusedOnEveryInstanceWithItsPasswordAndItsTokens() {
        createUser("dave", "dave-pass", "reader");
        String[] dave = basic("dave", "dave-pass");
        String token = token(httpB, "dave", "dave-pass");
        for (Http http : List.of(httpA, httpB)) {
            assertEquals(200, http.get("/" + data + "/things/t1", dave).status());
            assertEquals(200, http.get("/" + data + "/things/t1", bearer(token)).status());
        }

        // what an operator does by hand (or a user-management command)
        Mono.from(users().deleteOne(Filters.eq("_id", "dave"))).block();
        within("the deleted user's password refused by A and B", () -> httpA.get("/me", dave).status() == 401
                && httpB.get("/me", dave).status() == 401);
        within("the deleted user's token refused by A and B", () -> httpA.get("/me", bearer(token)).status() == 401
                && httpB.get("/me", bearer(token)).status() == 401);
    }

    @Test
    void aUserDisabledInMongoDbIsRefusedOnEveryInstance() {
        createUser("hank", "hank-pass", "reader");
        String[] hank = basic("hank", "hank-pass");
        String token = token(httpA, "hank", "hank-pass");
        assertEquals(200, httpB.get("/me", hank).status());
        assertEquals(200, httpB.get("/me", bearer(token)).status());

        Mono.from(users().updateOne(Filters.eq("_id", "hank"), Updates.set("disabled", true))).block();
        within("the disabled user's password and token refused by A and B", () ->
                httpA.get("/me", hank).status() == 401 && httpB.get("/me", hank).status() == 401
                        && httpA.get("/me", bearer(token)).status() == 401
                        && httpB.get("/me", bearer(token)).status() == 401);
    }

    // ---------------------------------------------------------------- stored permissions (issue 21 item 2)

    @Test
    void aStoredPermissionAppliesAtOnceOnTheWritingInstanceAndWithinTheBoundOnTheOther() {
        createUser("erin", "erin-pass", "shopper");
        String[] erin = basic("erin", "erin-pass");
        String thing = "/" + data + "/things/t1";
        assertEquals(403, httpA.get(thing, erin).status());
        assertEquals(403, httpB.get(thing, erin).status());

        Http.Response granted = httpA.post("/" + usersDb + "/mangrove_acl", "{\"_id\": \"shoppers\", \"roles\": "
                + "[\"shopper\"], \"methods\": [\"GET\"], \"path\": \"/" + data + "/**\"}", admin());
        assertEquals(201, granted.status(), granted.toString());
        assertEquals(200, httpA.get(thing, erin).status(), "the grant applies at once where it was written");
        within("the grant applied on B", () -> httpB.get(thing, erin).status() == 200);

        Http.Response removed = httpB.delete("/" + usersDb + "/mangrove_acl/shoppers", admin());
        assertEquals(204, removed.status(), removed.toString());
        assertEquals(403, httpB.get(thing, erin).status(), "the removal applies at once where it was written");
        within("the removal applied on A", () -> httpA.get(thing, erin).status() == 403);
    }

    // ---------------------------------------------------------------- failed logins (issue 21 item 3)

    @Test
    void theFailureLimitIsTheSameWithTwoInstances() {
        createUser("frank", "frank-pass", "reader");
        for (int i = 0; i < 10; i++) {                 // max-failures 10, spread over both instances
            Http http = i % 2 == 0 ? httpA : httpB;
            assertEquals(401, http.get("/me", basic("frank", "guess-" + i)).status());
        }
        for (Http http : List.of(httpA, httpB)) {
            Http.Response blocked = http.get("/me", basic("frank", "frank-pass"));
            assertEquals(429, blocked.status(), blocked.toString());
            assertEquals("too-many-failures", blocked.json().get("code").asText());
        }
    }

    @Test
    void anAttackerBehindTheLoadBalancerCannotLockAUserOutOfItsKnownAddress() {
        createUser("grace", "grace-pass", "reader");
        assertEquals(200, httpA.get("/me", from("198.51.100.1", basic("grace", "grace-pass"))).status());
        for (int i = 0; i < 14; i++) {                 // the attacker, through both instances
            Http http = i % 2 == 0 ? httpA : httpB;
            int status = http.get("/me", from("203.0.113.66", basic("grace", "guess-" + i))).status();
            assertEquals(i < 10 ? 401 : 429, status, "attempt " + i);
        }
        // grace's own address is known (shared): B has never seen her password, so it really checks it
        assertEquals(200, httpB.get("/me", from("198.51.100.1", basic("grace", "grace-pass"))).status());
        // the header of an address that is not a trusted proxy would be ignored (TrustedProxiesTest)
    }

    private static String[] from(String address, String[] headers) {
        String[] out = java.util.Arrays.copyOf(headers, headers.length + 2);
        out[headers.length] = "X-Forwarded-For";
        out[headers.length + 1] = address;
        return out;
    }

    // ---------------------------------------------------------------- first-start admin (issue 21 item 4)

    @Test
    void twoInstancesStartingOnAnEmptyRealmCreateOneAdminAndTheLoserSaysSo() throws Exception {
        String db = TestServer.freshDatabase("multirace");
        SecuritySettings settings = Settings.read(ConfigLoader.load(Optional.empty(), dir, Map.of(),
                Map.of("mangrove.security.users-db", db))).security();
        try (MongoBackend mongo = MongoBackend.connect(new MongoBackendSettings(uri, Duration.ofSeconds(5),
                Duration.ofSeconds(10), false, builder -> { }))) {
            UserRealm shared = mongo.users(db, "mangrove_users");
            CyclicBarrier bothCounted = new CyclicBarrier(2);
            // both instances find the realm empty before either creates admin: the race of two starts
            UserRealm racing = new UserRealm() {
                @Override
                public Optional<StoredUser> find(String username) {
                    return shared.find(username);
                }

                @Override
                public void save(StoredUser user) {
                    shared.save(user);
                }

                @Override
                public boolean create(StoredUser user) {
                    return shared.create(user);
                }

                @Override
                public long count() {
                    long count = shared.count();
                    try {
                        bothCounted.await(10, TimeUnit.SECONDS);
                    } catch (Exception e) {
                        throw new IllegalStateException(e);
                    }
                    return count;
                }
            };
            PasswordHasher hasher = new BcryptPasswordHasher(4);
            List<AuthenticationService> services = List.of(
                    new AuthenticationService(racing, hasher, Optional.empty(), AuthenticationPolicy.DEFAULT, Clock.systemUTC()),
                    new AuthenticationService(racing, hasher, Optional.empty(), AuthenticationPolicy.DEFAULT, Clock.systemUTC()));
            List<ByteArrayOutputStream> outs = List.of(new ByteArrayOutputStream(), new ByteArrayOutputStream());
            try (ExecutorService starts = Executors.newFixedThreadPool(2)) {
                List<Future<?>> done = new ArrayList<>();
                for (int i = 0; i < 2; i++) {
                    int n = i;
                    done.add(starts.submit(() -> SecurityWiring.bootstrapAdmin(settings, "admin", services.get(n),
                            new PrintStream(outs.get(n), true, StandardCharsets.UTF_8))));
                }
                for (Future<?> f : done) {
                    f.get(30, TimeUnit.SECONDS);
                }
            }
            List<String> printed = outs.stream().map(o -> o.toString(StandardCharsets.UTF_8)).toList();
            List<String> passwords = printed.stream().map(MultiInstanceE2ETest::generatedPassword)
                    .flatMap(Optional::stream).toList();
            assertEquals(1, passwords.size(), "exactly one instance prints a password: " + printed);
            assertEquals(1, printed.stream().filter(p -> p.contains("created at the same time by another instance"))
                    .count(), "the other says another instance created it: " + printed);
            assertEquals(List.of("admin"), services.get(0).authenticate(
                    new Credentials.Password("admin", passwords.get(0)), "127.0.0.1").roles(),
                    "the printed password is the one that works");
            assertEquals(1, shared.count());
        }
    }

    private static Optional<String> generatedPassword(String printed) {
        String marker = "with the generated password: ";
        int at = printed.indexOf(marker);
        return at < 0 ? Optional.empty()
                : Optional.of(printed.substring(at + marker.length()).lines().findFirst().orElse("").trim());
    }

    // ---------------------------------------------------------------- helpers

    // ---------------------------------------------------------------- the user and key APIs (issue 21 item 5, 17)

    @Test
    void aUserChangedThroughOneInstancesApiAndARevokedKeyApplyOnTheOther() {
        assertEquals(201, httpA.post("/_users", "{\"name\": \"uma\", \"password\": \"uma-pass-1\", \"roles\":"
                + " [\"reader\"]}", admin()).status());
        String[] uma = basic("uma", "uma-pass-1");
        assertEquals(200, httpB.get("/" + data + "/things/t1", uma).status());
        assertEquals(200, httpA.patch("/_users/uma", "{\"roles\": []}", admin()).status());
        within("the role taken through A's API refused by B", () ->
                httpB.get("/" + data + "/things/t1", uma).status() == 403);
        assertEquals(200, httpB.patch("/_users/uma", "{\"name\": \"umar\"}", admin()).status());
        within("the old name, renamed through B, refused by A", () -> httpA.get("/me", uma).status() == 401);
        assertEquals(200, httpA.get("/me", basic("umar", "uma-pass-1")).status());

        Http.Response created = httpA.post("/_keys", "{\"name\": \"edge\", \"roles\": [\"reader\"]}", admin());
        assertEquals(201, created.status(), created.toString());
        String key = created.json().get("key").asText();
        assertEquals(200, httpA.get("/" + data + "/things/t1", "apiKey", key).status());
        assertEquals(200, httpB.get("/" + data + "/things/t1", "apiKey", key).status());
        assertEquals(204, httpA.delete("/_keys/edge", admin()).status());
        assertEquals(401, httpA.get("/me", "apiKey", key).status(), "refused at once where it was revoked");
        within("the key revoked through A refused by B", () -> httpB.get("/me", "apiKey", key).status() == 401);
    }

    private static MongoCollection<BsonDocument> users() {
        return client.getDatabase(usersDb).getCollection("mangrove_users", BsonDocument.class);
    }

    /** {@code createuser NAME --roles ROLE}, run against the shared backend while both instances serve. */
    private static void createUser(String name, String password, String role) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = CreateUserCommand.run(List.of(name, "--roles", role, "--config", file.toString()),
                f -> ConfigLoader.load(f, dir, Map.of(), overrides()), Optional.empty(),
                new ByteArrayInputStream((password + "\n").getBytes(StandardCharsets.UTF_8)),
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
        assertEquals(0, code, err.toString(StandardCharsets.UTF_8));
    }

    /**
     * Polls {@code condition} until it holds; fails when it still does not hold on a check started after
     * {@link #BOUND}.
     */
    private static void within(String what, BooleanSupplier condition) {
        long start = System.nanoTime();
        while (true) {
            long elapsed = System.nanoTime() - start;
            if (condition.getAsBoolean()) {
                System.out.println("[multi-instance] " + what + " after " + elapsed / 1_000_000 + " ms");
                return;
            }
            if (elapsed > BOUND.toNanos()) {
                fail(what + ": not within " + BOUND.toMillis() + " ms");
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                fail("interrupted");
            }
        }
    }

    private static String token(Http http, String user, String password) {
        Http.Response r = http.post("/token", "{\"username\": \"" + user + "\", \"password\": \"" + password + "\"}");
        assertEquals(200, r.status(), r.toString());
        return r.json().get("access_token").asText();
    }

    private static String[] admin() {
        return basic("admin", ADMIN_PASSWORD);
    }

    private static String[] basic(String user, String password) {
        return new String[] {"Authorization", "Basic " + Base64.getEncoder().encodeToString(
                (user + ":" + password).getBytes(StandardCharsets.UTF_8))};
    }

    private static String[] bearer(String token) {
        return new String[] {"Authorization", "Bearer " + token};
    }
}
