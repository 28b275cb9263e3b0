package dev.mangrove.bootstrap;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mangrove.bootstrap.e2e.TestBackend;
import dev.mangrove.bootstrap.e2e.TestServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A fuzz suite over the real HTTP server (docs/security.md#fuzzing): generated query strings in every dialect,
 * filters, aggregation pipelines, bodies (Extended JSON, arrays, deep nesting, bad UTF-8), ids, names and percent
 * escapes, sent as the root user, as a user with a data scope ({@code readFilter}, {@code writeFilter},
 * {@code mergeRequest}, {@code projectResponse}, ad-hoc aggregation) and anonymously. Every answer must be below
 * 500; every error a problem+json body whose status matches; no body may carry a stack trace, a class or package
 * name, a connection string, a hidden collection's real name, or (for the scoped user and the anonymous caller) a
 * value hidden from them; a rejected request changes no data, and nothing the scoped user sends changes another
 * author's documents or the collections it may not reach.
 *
 * <p>A bounded run (fixed seed, {@value #DEFAULT_CASES} cases per family) is part of {@code mvn verify}. A long
 * run: {@code mvn -B -q verify -pl bootstrap -am -Dsurefire.failIfNoSpecifiedTests=false -Dtest=ApiFuzzTest
 * -Dmangrove.fuzz.cases=20000 -Dmangrove.fuzz.seed=42} ({@code bench/fuzz.sh}); the figures go to
 * {@code bootstrap/target/fuzz-figures.txt}. A failure names the family, seed and case, which reproduce it.
 */
class ApiFuzzTest {
    static final int DEFAULT_CASES = 200;
    private static final long DEFAULT_SEED = 20_261_207L;
    private static final ObjectMapper MAPPER = new ObjectMapper();
    /** Words no answer may carry unless the request itself did: internals. */
    private static final List<String> INTERNALS = List.of("\tat ", "Exception", "Caused by", "java.", "javax.",
            "jdk.", "sun.", "dev.mangrove", "com.mongodb", "org.bson", "de.bwaldvogel", "org.h2", "io.helidon",
            "io.netty", "com.fasterxml", "reactor.", "mongodb://", "mongodb+srv://", "127.0.0.1:", "MongoCommand",
            "NullPointer", "IllegalArgument", "IllegalState", "ClassCast", "IndexOutOfBounds", "NumberFormat");
    /** Values seeded where only the root user may see them. */
    private static final List<String> HIDDEN_VALUES = List.of("S3CR3T", "BOBDRAFT", "HIDDENVAL", "$2a$",
            "root-pass", "alice-pass");

    private static Path dir;
    private static Mangrove server;
    private static RawHttp http;
    private static String db;
    private static String vaultDb;
    private static String vaultColl;
    private static List<String> hiddenNames;
    private static final Map<String, int[]> FIGURES = new TreeMap<>();
    private static final List<String> FAILURES = new ArrayList<>();
    private static int cases;

    private final Map<String, String> snapshot = new LinkedHashMap<>();
    private String lastUnanswered = "";
    private int unansweredAt = -1;

    /** Who sends a request: a name and its Authorization header (none for the anonymous caller). */
    private record Identity(String name, String authorization, boolean root) {
    }

    private static final Identity ROOT = new Identity("root", basic("root", "root-pass"), true);
    private static final Identity ALICE = new Identity("alice", basic("alice", "alice-pass"), false);
    private static final Identity ANONYMOUS = new Identity("anonymous", null, false);

    /** One generated request. */
    private record Case(String family, long seed, int number, Identity who, String method, String target,
                        List<String> headers, byte[] body) {
        String describe() {
            String shownBody = body == null ? "" : " body=" + abbreviate(new String(body, StandardCharsets.UTF_8));
            return family + " seed=" + seed + " case=" + number + " as " + who.name() + ": " + method + " "
                    + abbreviate(target) + " " + headers + shownBody;
        }
    }

    @BeforeAll
    static void start() throws IOException {
        dir = Files.createTempDirectory("mangrove-fuzz");
        db = TestServer.freshDatabase("fuzz");
        vaultDb = TestServer.freshDatabase("fuzzvault");
        vaultColl = "engines_real";
        hiddenNames = List.of(vaultDb, vaultColl);
        Path file = dir.resolve("mangrove.yaml");
        Files.writeString(file, """
                mangrove:
                  embedded: {data-dir: "%s"}
                  mounts:
                    - {what: "*", where: "/"}
                    - {what: "/%s/%s", where: "/api/rockets"}
                  security:
                    enabled: true
                    realm: file
                    users:
                      - {username: root, password: root-pass, roles: [admin]}
                      - {username: alice, password: alice-pass, roles: [author]}
                    acl:
                      - roles: [author]
                        path: "/%s/posts/**"
                        mongo:
                          readFilter:   {"$or": [{"published": true}, {"author": "@user.username"}]}
                          writeFilter:  {"author": "@user.username"}
                          mergeRequest: {"author": "@user.username"}
                          projectResponse: {"secret": 0}
                          allowBulkPatch: true
                          allowBulkDelete: true
                          allowWriteMode: true
                          allowAdhocAggregation: true
                      - {roles: [author], methods: [GET], path: "/api/rockets/**"}
                      - {roles: ["$unauthenticated"], methods: [GET], path: "/%s/public/**"}
                """.formatted(dir.resolve("data"), vaultDb, vaultColl, db, db));
        server = YamlServers.start(file);
        http = new RawHttp(server.port());
        reseed();
        ApiFuzzTest first = new ApiFuzzTest();
        first.takeSnapshot();
        SEEDED = new LinkedHashMap<>(first.snapshot);
    }

    @AfterAll
    static void stop() throws IOException {
        StringBuilder figures = new StringBuilder("fuzz cases: " + cases + " (seed " + seed() + ", " + casesPerFamily()
                + " per family)\n");
        FIGURES.forEach((key, counts) -> figures.append(String.format("%-28s 2xx %5d  3xx %5d  4xx %5d  501 %4d  other 5xx %d  no answer %d%n",
                key, counts[2], counts[3], counts[4], counts[1], counts[5], counts[0])));
        figures.append("open findings (not failing the build): ").append(OPEN_FINDINGS.size()).append('\n');
        OPEN_FINDINGS.forEach(f -> figures.append("  ").append(f).append('\n'));
        System.out.print(figures);
        Files.writeString(Path.of("target", "fuzz-figures.txt"), figures);
        if (server != null) {
            server.close();
        }
        YamlServers.delete(dir);
    }

    private static long seed() {
        return Long.getLong("mangrove.fuzz.seed", DEFAULT_SEED);
    }

    private static int casesPerFamily() {
        return Integer.getInteger("mangrove.fuzz.cases", DEFAULT_CASES);
    }

    // ---------------------------------------------------------------- families

    @Test
    void queryStringsInEveryDialect() {
        run("queries", 1, (in) -> {
            String where = in.pick(List.of("/" + db + "/posts", "/" + db + "/posts", "/" + db + "/posts/_size",
                    "/" + db + "/posts/_distinct", "/" + db + "/posts/" + in.pick(List.of("a1", "b1", "b3", "p1", "5", "x")),
                    "/" + db + "/posts/_meta", "/" + db + "/posts/_indexes", "/" + db, "/", "/" + db + "/hidden",
                    "/api/rockets", "/api/rockets/e1", "/" + db + "/public", "/" + db + "/posts/_aggrs/none"));
            String method = in.chance(0.9) ? "GET" : "HEAD";
            String query = in.query(false);
            if (where.endsWith("_distinct") && in.chance(0.7)) {
                query = "fields=" + FuzzInputs.encode(in.pick(List.of("title", "author", "secret", "tags,n", "$where",
                        "nested.x", "", "a..b"))) + "&" + query;
            }
            return request(in, method, where + "?" + query, null);
        });
    }

    @Test
    void filtersOnReadsAndBulkWrites() {
        run("filters", 2, (in) -> {
            String filter = in.json(in.filter(0));
            String param = in.pick(List.of("filter", "filter", "where"));
            String coll = "/" + db + in.pick(List.of("/posts", "/posts", "/posts", "/hidden", "/posts/_size"));
            return switch (in.below(8)) {
                case 0 -> request(in, "PATCH", "/" + db + "/posts/*?" + param + "=" + FuzzInputs.encode(filter),
                        FuzzInputs.write(in.update()));
                case 1 -> request(in, "DELETE", "/" + db + "/posts/*?" + param + "=" + FuzzInputs.encode(filter), null);
                case 2 -> request(in, "GET", "/" + db + "/posts/_distinct?fields=title&filter=" + FuzzInputs.encode(filter), null);
                default -> request(in, "GET", coll + "?" + param + "=" + FuzzInputs.encode(filter)
                        + (in.chance(0.3) ? "&" + in.query(false) : ""), null);
            };
        });
    }

    @Test
    void aggregationPipelines() {
        run("aggregations", 3, (in) -> {
            String coll = "/" + db + in.pick(List.of("/posts", "/posts", "/posts", "/hidden", "/nothere"));
            if (in.chance(0.5)) {
                return request(in, "GET", coll + "/_aggregate?" + in.query(true), null);
            }
            return request(in, "POST", coll + "/_aggregate" + (in.chance(0.3) ? "?" + in.query(false) : ""),
                    in.json(in.pipeline()));
        });
    }

    @Test
    void writeBodies() {
        run("bodies", 4, (in) -> {
            String posts = "/" + db + "/posts";
            String doc = posts + "/" + in.pick(List.of("a1", "a2", "b1", "b3", "new1", "new2", "5", "h1"));
            String query = in.chance(0.3) ? "?" + in.query(false) : "";
            return switch (in.below(7)) {
                case 0 -> request(in, "POST", posts + query, in.json(in.document(0)));
                case 1 -> {
                    List<Object> array = new ArrayList<>();
                    int n = in.below(6);
                    for (int i = 0; i < n; i++) {
                        array.add(in.chance(0.9) ? in.document(1) : in.scalar());
                    }
                    yield request(in, "POST", posts + query, in.json(array));
                }
                case 2 -> request(in, "PUT", doc + query, in.json(in.document(0)));
                case 3 -> request(in, "PATCH", doc + query, in.json(in.update()));
                case 4 -> request(in, "DELETE", doc + query, null);
                case 5 -> request(in, in.pick(List.of("POST", "PUT", "PATCH")), in.pick(List.of(posts, doc,
                        "/" + db + "/hidden/h1", "/" + db + "/_schemas/s", "/" + db + "/posts/_meta",
                        "/" + db + "/posts/_indexes/i")) + query, in.json(in.document(0)));
                default -> request(in, "POST", posts, in.mutate(in.json(in.document(0))));
            };
        });
    }

    @Test
    void namesIdsAndEscapes() {
        run("names", 5, (in) -> {
            StringBuilder path = new StringBuilder();
            int depth = in.below(4);
            if (in.chance(0.6)) {
                path.append('/').append(in.chance(0.5) ? db : in.segment());
                depth = Math.max(0, depth - 1);
            }
            for (int i = 0; i < depth; i++) {
                path.append('/').append(i == 0 && in.chance(0.4) ? "posts" : in.segment());
            }
            if (path.isEmpty() || in.chance(0.05)) {
                path.append('/');
            }
            String target = path + (in.chance(0.5) ? "?" + in.query(false) : "")
                    + (in.chance(0.1) ? "&id_type=" + in.pick(List.of("STRING", "OID", "NUMBER", "DATE", "BOOLEAN",
                    "MINKEY", "bogus")) : "");
            String method = in.method();
            String body = method.equals("POST") || method.equals("PUT") || method.equals("PATCH")
                    ? in.json(in.document(0)) : null;
            return request(in, method, target, body);
        });
    }

    // ---------------------------------------------------------------- the run and its oracle

    private Case request(FuzzInputs in, String method, String target, String body) {
        List<String> headers = new ArrayList<>();
        String accept = in.accept();
        if (!accept.isEmpty()) {
            headers.add("Accept");
            headers.add(accept);
        }
        if (body != null) {
            String type = in.contentType();
            if (!type.isEmpty()) {
                headers.add("Content-Type");
                headers.add(type);
            }
        }
        if (in.chance(0.03)) {
            headers.add(in.pick(List.of("If-Match", "If-None-Match", "Prefer", "X-Forwarded-For", "Origin")));
            headers.add(in.pick(List.of("\"x\"", "*", "return=representation", "1.2.3.4", "https://e.example", "W/\"1\"")));
        }
        return new Case("", 0, 0, null, method, target, headers,
                body == null ? null : in.bodyBytes(body));
    }

    private void run(String family, int salt, Function<FuzzInputs, Case> generator) {
        long seed = seed() * 31 + salt;
        FuzzInputs in = new FuzzInputs(seed);
        takeSnapshot();
        if (!seeded()) {
            reseed();
            takeSnapshot();
        }
        int n = casesPerFamily();
        for (int i = 0; i < n; i++) {
            Identity who = in.chance(0.45) ? ROOT : in.chance(0.85) ? ALICE : ANONYMOUS;
            Case generated = generator.apply(in);
            Case c = new Case(family, seed, i, who, generated.method(), generated.target(), withAuth(generated.headers(), who),
                    generated.body());
            exchange(c);
        }
        synchronized (FAILURES) {
            List<String> mine = FAILURES.stream().filter(f -> f.startsWith(family + " ")).toList();
            assertEquals(List.of(), mine.subList(0, Math.min(mine.size(), 15)),
                    mine.size() + " of " + n + " " + family + " cases failed");
        }
    }

    private static List<String> withAuth(List<String> headers, Identity who) {
        List<String> all = new ArrayList<>(headers);
        if (who.authorization() != null) {
            all.add("Authorization");
            all.add(who.authorization());
        }
        return all;
    }

    private void exchange(Case c) {
        cases++;
        RawHttp.Response r;
        try {
            r = http.send(c.method(), c.target().getBytes(StandardCharsets.UTF_8), c.headers(), c.body());
        } catch (UncheckedIOException e) {
            // OPEN finding 1: a write the embedded backend never answers (see OPEN_FINDINGS)
            open(c, "no answer within " + RawHttp.TIMEOUT_SECONDS + " s: " + e.getMessage());
            lastUnanswered = c.family() + c.number();
            unansweredAt = c.number();
            FIGURES.computeIfAbsent("all", k -> new int[6])[0]++;
            return;
        }
        int slot = r.status() == 501 ? 1 : Math.min(r.status() / 100, 5);
        FIGURES.computeIfAbsent(c.family() + " / " + c.who().name(), k -> new int[6])[slot]++;
        FIGURES.computeIfAbsent("all", k -> new int[6])[slot]++;
        String problem = judge(c, r);
        if (problem != null) {
            fail(c, problem + " → " + r.status() + " " + abbreviate(r.text()));
        }
        boolean rejected = r.status() >= 400;
        boolean read = c.method().equals("GET") || c.method().equals("HEAD") || c.method().equals("OPTIONS");
        boolean mayWrite = !read || c.target().contains("_aggregate");
        // a read other than an aggregation has no write path: every 8th rejected one is checked all the same
        if (mayWrite || rejected && c.number() % 8 == 0) {
            Map<String, String> before = new LinkedHashMap<>(snapshot);
            takeSnapshot();
            if (rejected && !before.equals(snapshot)) {
                String what = "a rejected request (" + r.status() + ") changed data: " + difference(before, snapshot);
                if (onlyDatabaseListChanged(before, snapshot)
                        || unansweredAt >= 0 && c.number() - unansweredAt < 100 && lastUnanswered.startsWith(c.family())) {
                    // a request that did not answer may still complete and change data later
                    open(c, what); // OPEN finding 2 (see OPEN_FINDINGS)
                } else {
                    fail(c, what);
                }
            } else if (!c.who().root() && !protectedPart(before).equals(protectedPart(snapshot))) {
                fail(c, "the scoped user changed what it may not: " + difference(protectedPart(before), protectedPart(snapshot)));
            }
            if (!seeded()) {
                reseed();
                takeSnapshot();
            }
        }
    }

    /** What is wrong with an answer, or null. */
    private String judge(Case c, RawHttp.Response r) {
        String text = r.text();
        if (r.status() >= 500 && !(r.status() == 501 && text.contains("\"not-implemented\""))) {
            return "a 5xx";
        }
        String asked = requestText(c);
        if (r.status() >= 400 && !c.method().equals("HEAD")) {
            if (!r.header("Content-Type").startsWith("application/problem+json")) {
                return "an error without problem+json (" + r.header("Content-Type") + ")";
            }
            try {
                JsonNode json = MAPPER.readTree(text);
                if (json == null || !json.isObject() || json.path("status").asInt() != r.status()
                        || !json.hasNonNull("type") || !json.hasNonNull("title")) {
                    return "a malformed problem";
                }
            } catch (IOException e) {
                return "a problem that is not JSON";
            }
        }
        for (String word : INTERNALS) {
            if (text.contains(word) && !asked.contains(word)) {
                return "internals in the answer (" + word.strip() + ")";
            }
        }
        if (!c.who().root()) {
            for (String word : HIDDEN_VALUES) {
                if (text.contains(word) && !asked.contains(word)) {
                    return "a hidden value in the answer (" + word + ")";
                }
            }
        }
        if (!c.who().root() || c.target().startsWith("/api/")) {
            for (String name : hiddenNames) {
                if (text.contains(name) && !asked.contains(name)) {
                    return "a hidden collection's real name in the answer (" + name + ")";
                }
            }
        }
        return null;
    }

    private static String requestText(Case c) {
        String target;
        try {
            target = URLDecoder.decode(c.target().replace("+", "%2B"), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            target = c.target();
        }
        return c.target() + " " + target + " " + (c.body() == null ? "" : new String(c.body(), StandardCharsets.UTF_8));
    }

    /**
     * Findings of this suite not fixed yet, reported in the figures (and docs/security.md#fuzzing) instead of failing
     * the build: (1) on the embedded backend, a PATCH of a database's metadata with a key such as {@code "n.$"} never
     * answers: mongo-java-server sends its write error without a code, the driver's callback fails on it and the
     * request stays in flight until shutdown (the same failure for a dotted field name in a document is fixed:
     * MongoDocumentStoreTest); (2) a request answered 404 on a path of a missing database created that database (fixed
     * for a document's PATCH, PUT and DELETE: FuzzFindingsE2ETest).
     */
    private static final List<String> OPEN_FINDINGS = new ArrayList<>();

    private static void open(Case c, String what) {
        synchronized (OPEN_FINDINGS) {
            OPEN_FINDINGS.add(c.family() + " " + what + "\n    " + c.describe());
        }
    }

    private static boolean onlyDatabaseListChanged(Map<String, String> before, Map<String, String> after) {
        for (Map.Entry<String, String> part : before.entrySet()) {
            if (!part.getKey().equals("/") && !part.getValue().equals(after.get(part.getKey()))) {
                return false;
            }
        }
        return true;
    }

    private static void fail(Case c, String what) {
        synchronized (FAILURES) {
            FAILURES.add(c.family() + " " + what + "\n    " + c.describe());
        }
    }

    // ---------------------------------------------------------------- data

    private static final String SEED_POSTS = """
            [{"_id": "a1", "author": "alice", "published": false, "title": "alice draft", "secret": "S3CR3T-a1", "n": 1,
              "tags": ["x", "y"], "nested": {"x": 1, "y": {"z": "deep"}}},
             {"_id": "a2", "author": "alice", "published": true, "title": "alice public", "secret": "S3CR3T-a2", "n": 2,
              "d": {"$date": "2024-01-02T03:04:05Z"}},
             {"_id": "b1", "author": "bob", "published": false, "title": "BOBDRAFT-1", "secret": "S3CR3T-b1", "n": 3},
             {"_id": "b2", "author": "bob", "published": true, "title": "bob public", "secret": "S3CR3T-b2", "n": 4,
              "ref": {"$ref": "hidden", "$id": "h1"}},
             {"_id": "b3", "author": "bob", "published": true, "title": "bob linked", "secret": "S3CR3T-b3", "n": 5,
              "ref": {"$ref": "posts", "$id": "b1"}, "price": {"$numberDecimal": "9.99"}},
             {"_id": 5, "author": "bob", "published": false, "title": "BOBDRAFT-5", "secret": "S3CR3T-5", "n": 6},
             {"_id": {"$oid": "5f43a1b2c3d4e5f6a7b8c9d0"}, "author": "carol", "published": true, "title": "carol",
              "secret": "S3CR3T-c", "tags": []}]""";

    /** Whether the snapshot is that of freshly seeded data. */
    private boolean seeded() {
        if (SEEDED == null) {
            return false;
        }
        for (Map.Entry<String, String> part : SEEDED.entrySet()) {
            if (part.getKey().contains("pagesize") && !part.getValue().equals(snapshot.get(part.getKey()))) {
                return false;
            }
        }
        return true;
    }

    private static Map<String, String> SEEDED;

    private static void reseed() {
        for (String coll : List.of("/" + db + "/posts", "/" + db + "/hidden", "/" + vaultDb + "/" + vaultColl)) {
            RawHttp.Response drop = http.send("DELETE", (coll + "?force=true").getBytes(StandardCharsets.UTF_8),
                    List.of("Authorization", ROOT.authorization()), null);
            assertTrue(drop.status() == 204 || drop.status() == 404, "drop " + coll + ": " + drop.status() + " " + drop.text());
        }
        post("/" + db + "/posts", SEED_POSTS);
        post("/" + db + "/hidden", "[{\"_id\": \"h1\", \"v\": \"HIDDENVAL-1\"}, {\"_id\": \"h2\", \"v\": \"HIDDENVAL-2\"}]");
        post("/" + vaultDb + "/" + vaultColl, "[{\"_id\": \"e1\", \"v\": \"VAULTVAL-1\"}]");
    }

    private static void post(String coll, String json) {
        RawHttp.Response r = http.send("POST", coll.getBytes(StandardCharsets.UTF_8), List.of("Authorization",
                ROOT.authorization(), "Content-Type", "application/json"), json.getBytes(StandardCharsets.UTF_8));
        assertEquals(201, r.status(), r.text());
    }

    /** The stored data as the root user sees it: the seeded collections, the database's collections, the databases. */
    private void takeSnapshot() {
        snapshot.clear();
        for (String part : List.of("/" + db + "/posts?pagesize=1000&sort=%7B%22_id%22%3A1%7D",
                "/" + db + "/hidden?pagesize=1000", "/" + vaultDb + "/" + vaultColl + "?pagesize=1000", "/" + db, "/")) {
            RawHttp.Response r = http.send("GET", part.getBytes(StandardCharsets.UTF_8),
                    List.of("Authorization", ROOT.authorization()), null);
            snapshot.put(part, r.status() + " " + r.text());
        }
    }

    /** The part of a snapshot the scoped user may never change: other authors' posts, the hidden collections. */
    private static Map<String, String> protectedPart(Map<String, String> snapshot) {
        Map<String, String> part = new LinkedHashMap<>();
        snapshot.forEach((key, value) -> {
            if (key.startsWith("/" + db + "/posts")) {
                int space = value.indexOf(' ');
                try {
                    JsonNode docs = MAPPER.readTree(value.substring(space + 1));
                    List<String> others = new ArrayList<>();
                    for (JsonNode d : docs) {
                        if (!"alice".equals(d.path("author").asText())) {
                            others.add(d.toString());
                        }
                    }
                    part.put(key, value.substring(0, space) + " " + others);
                } catch (IOException e) {
                    part.put(key, value);
                }
            } else if (!key.equals("/" + db) && !key.equals("/")) {
                part.put(key, value);
            }
        });
        return part;
    }

    private static String difference(Map<String, String> before, Map<String, String> after) {
        StringBuilder b = new StringBuilder();
        before.forEach((key, value) -> {
            if (!value.equals(after.get(key))) {
                b.append("\n      ").append(key).append(": ").append(abbreviate(value)).append("\n   →  ")
                        .append(abbreviate(String.valueOf(after.get(key))));
            }
        });
        return b.toString();
    }

    private static String abbreviate(String s) {
        return s.length() <= 600 ? s : s.substring(0, 600) + "…(" + s.length() + " chars)";
    }

    private static String basic(String user, String password) {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    static {
        // the run's backend, printed once, so that the figures say what they were measured on
        TestBackend.get();
    }
}
