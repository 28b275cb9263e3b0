package dev.mangrove.bootstrap;

import com.fasterxml.jackson.databind.JsonNode;
import dev.mangrove.adapter.http.MangroveHttp;
import dev.mangrove.adapter.http.RequestObserver;
import dev.mangrove.adapter.http.UseCases;
import dev.mangrove.adapter.mongo.MongoBackend;
import dev.mangrove.adapter.mongo.MongoBackendSettings;
import dev.mangrove.application.service.CatalogService;
import dev.mangrove.application.service.DocumentService;
import dev.mangrove.application.service.HealthService;
import dev.mangrove.application.service.ManagementService;
import dev.mangrove.bootstrap.e2e.Http;
import dev.mangrove.bootstrap.e2e.TestServer;
import dev.mangrove.domain.query.Filter;
import dev.mangrove.domain.query.Projection;
import dev.mangrove.domain.security.DataScope;
import io.helidon.webserver.WebServer;
import io.helidon.webserver.http.FilterChain;
import io.helidon.webserver.http.RoutingRequest;
import io.helidon.webserver.http.RoutingResponse;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The ACL's data scope applied over real HTTP on every document route (docs/security.md). The security filter
 * is not part of this test: a test-only Helidon filter, registered before Mangrove's routes, puts the
 * {@link DataScope} named by the {@code X-Test-Scope} header into the request context, exactly where
 * the security filter puts it. Without the header the request is unrestricted (the "admin" view).
 */
class DataScopeE2ETest {
    private static final String SCOPE_HEADER = "X-Test-Scope";
    private static WebServer server;
    private static MongoBackend mongo;
    private static AutoCloseable embedded;
    private static Http http;
    private static String coll;
    private static int run;

    /** Reads published posts and its own, writes its own, signs what it writes, never sees {@code notes}. */
    private static DataScope author(String name) {
        Filter read = new Filter.Expression(Map.of("$or", List.of(Map.of("published", true), Map.of("author", name))));
        Filter write = new Filter.Expression(Map.of("author", name));
        return new DataScope(read, write, Map.of("author", name), new Projection(Map.of("notes", 0)));
    }

    @BeforeAll
    static void start() {
        Settings settings = Settings.read(TestServer.config(Map.of("server.port", "0",
                "mangrove.embedded.in-memory", "true", "mangrove.writes.require-force", "true")));
        String uri;
        boolean isEmbedded = settings.mongoUri().isEmpty()
                && dev.mangrove.bootstrap.e2e.TestBackend.get().uri().isEmpty();
        if (isEmbedded) {
            EmbeddedBackend backend = EmbeddedBackend.start(settings.dataDir(), true);
            embedded = backend;
            uri = backend.uri();
        } else {
            uri = dev.mangrove.bootstrap.e2e.TestBackend.get().uri().orElseGet(() -> settings.mongoUri().orElseThrow());
        }
        mongo = MongoBackend.connect(new MongoBackendSettings(uri, settings.serverSelectionTimeout(),
                settings.queryTimeLimit(), isEmbedded, builder -> { }));
        DocumentService documents = new DocumentService(mongo.documents(), mongo.catalog(), settings.writes());
        ManagementService management = new ManagementService(mongo.catalog(), mongo.admin(), mongo.indexes());
        UseCases useCases = new UseCases(new CatalogService(mongo.catalog()), documents, documents, documents,
                documents, new HealthService(mongo.status()), documents, management, management,
                new dev.mangrove.application.service.SchemaService(mongo.schemas(),
                        dev.mangrove.adapter.schema.NetworkntSchemaValidator.create()));
        MangroveHttp mangrove = MangroveHttp.create(settings.mounts(), useCases, settings.http(), RequestObserver.NONE);
        Map<String, DataScope> scopes = Map.of("alice", author("alice"), "bob", author("bob"));
        server = WebServer.builder().host("127.0.0.1").port(0)
                .routing(routing -> {
                    // TEST ONLY: stands in for the security filter
                    routing.addFilter((FilterChain chain, RoutingRequest req, RoutingResponse res) -> {
                        req.headers().first(io.helidon.http.HeaderNames.create(SCOPE_HEADER))
                                .map(scopes::get).ifPresent(scope -> MangroveHttp.scope(req, scope));
                        chain.proceed();
                    });
                    mangrove.routing(routing);
                })
                .build().start();
        http = new Http("http://127.0.0.1:" + server.port());
    }

    @AfterAll
    static void stop() throws Exception {
        if (server != null) {
            server.stop();
        }
        if (mongo != null) {
            mongo.close();
        }
        if (embedded != null) {
            embedded.close();
        }
    }

    @BeforeEach
    void seed() {
        coll = "/" + TestServer.freshDatabase("scope") + "/posts" + (++run);
        Http.Response r = http.post(coll, """
                [{"_id": "alice-draft", "author": "alice", "published": false, "title": "a", "notes": "alice note"},
                 {"_id": "bob-draft", "author": "bob", "published": false, "title": "b", "notes": "bob secret"},
                 {"_id": "bob-public", "author": "bob", "published": true, "title": "c", "notes": "bob note"}]""");
        assertEquals(201, r.status(), r.body());
    }

    private static String[] as(String user) {
        return new String[] {SCOPE_HEADER, user};
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    private static List<String> ids(JsonNode array) {
        List<String> ids = new ArrayList<>();
        array.forEach(d -> ids.add(d.get("_id").asText()));
        return ids;
    }

    private static void noNotes(JsonNode array) {
        array.forEach(d -> assertFalse(d.has("notes"), d.toString()));
    }

    /** The document as the unrestricted view sees it. */
    private static JsonNode stored(String id) {
        Http.Response r = http.get(coll + "/" + id);
        assertEquals(200, r.status(), r.body());
        return r.json();
    }

    private static void problem(Http.Response r, int status, String code) {
        assertEquals(status, r.status(), r.body());
        assertEquals(code, r.json().get("code").asText(), r.body());
    }

    @Test
    void anotherUsersHiddenDocumentIsNotFoundByIdLikeAMissingOne() {
        Http.Response hidden = http.get(coll + "/bob-draft", as("alice"));
        Http.Response missing = http.get(coll + "/no-such-post", as("alice"));
        problem(hidden, 404, "document-not-found");
        problem(missing, 404, "document-not-found");
        assertEquals(404, http.send("HEAD", coll + "/bob-draft", null, null, as("alice")).status());
        assertEquals(200, http.get(coll + "/bob-draft", as("bob")).status());

        Http.Response own = http.get(coll + "/alice-draft", as("alice"));
        assertEquals(200, own.status());
        assertFalse(own.json().has("notes"));
        String etag = own.header("ETag").orElseThrow();
        assertEquals(304, http.get(coll + "/alice-draft", as("alice")[0], "alice", "If-None-Match", etag).status());
        assertEquals(200, http.get(coll + "/bob-draft", "If-None-Match", etag).status());
        assertFalse(etag.equals(http.get(coll + "/alice-draft").header("ETag").orElseThrow()),
                "the ETag is that of the document as the caller sees it");
    }

    @Test
    void collectionReadsCountsAndSizesStayWithinTheReadFilter() {
        Http.Response all = http.get(coll + "?count=true", as("alice"));
        assertEquals(200, all.status(), all.body());
        assertEquals(List.of("alice-draft", "bob-public"), ids(all.json()));
        noNotes(all.json());
        assertEquals("2", all.header("X-Total-Count").orElseThrow());
        assertEquals("2", http.get(coll + "?count=estimated", as("alice")).header("X-Total-Count").orElseThrow());

        Http.Response byFilter = http.get(coll + "?filter=" + enc("{\"author\": \"bob\"}"), as("alice"));
        assertEquals(List.of("bob-public"), ids(byFilter.json()));
        assertEquals(List.of("bob-public"), ids(http.get(coll + "?author=bob", as("alice")).json()));
        assertTrue(ids(http.get(coll + "?where=" + enc("{'published': false, 'author': 'bob'}"), as("alice")).json())
                .isEmpty());
        assertTrue(ids(http.get(coll + "?filter=" + enc("{\"_id\": \"bob-draft\"}"), as("alice")).json()).isEmpty());

        assertEquals(2, http.get(coll + "/_size", as("alice")).json().get("_size").asInt());
        assertEquals(0, http.get(coll + "/_size?filter=" + enc("{\"published\": false, \"author\": \"bob\"}"),
                as("alice")).json().get("_size").asInt());
        assertEquals(3, http.get(coll + "/_size").json().get("_size").asInt());

        Http.Response hal = http.get(coll + "?rep=hal&count=true&pagesize=1", as("alice"));
        JsonNode body = hal.json();
        assertEquals(2, body.get("_meta").get("total").asInt(), hal.body());
        assertTrue(body.get("_links").get("last").get("href").asText().contains("page=2"), hal.body());
        noNotes(body.get("_items"));

        Http.Response unpaged = http.get(coll + "?pagination=false", as("alice"));
        assertEquals(List.of("alice-draft", "bob-public"), ids(unpaged.json()));
        noNotes(unpaged.json());
    }

    @Test
    void streamingFormatsShowOnlyTheScope() {
        Http.Response ndjson = http.get(coll, as("alice")[0], "alice", "Accept", "application/x-ndjson");
        assertEquals(200, ndjson.status());
        String[] lines = ndjson.body().strip().split("\n");
        assertEquals(2, lines.length, ndjson.body());
        assertFalse(ndjson.body().contains("notes") || ndjson.body().contains("secret"), ndjson.body());
        assertFalse(ndjson.body().contains("bob-draft"), ndjson.body());

        Http.Response csv = http.get(coll, as("alice")[0], "alice", "Accept", "text/csv");
        assertEquals(200, csv.status());
        String[] rows = csv.body().strip().split("\r\n");
        assertEquals(3, rows.length, csv.body());
        assertFalse(rows[0].contains("notes"), rows[0]);
        assertFalse(csv.body().contains("bob-draft") || csv.body().contains("note"), csv.body());
        Http.Response unpagedCsv = http.get(coll + "?pagination=false", as("alice")[0], "alice", "Accept", "text/csv");
        assertEquals(3, unpagedCsv.body().strip().split("\r\n").length, unpagedCsv.body());
    }

    @Test
    void singleDocumentWritesOutsideTheScopeAreRefusedAndChangeNothing() {
        JsonNode bobDraft = stored("bob-draft");
        JsonNode bobPublic = stored("bob-public");
        problem(http.put(coll + "/bob-draft", "{\"title\": \"x\"}", as("alice")), 404, "document-not-found");
        problem(http.put(coll + "/bob-public", "{\"title\": \"x\"}", as("alice")), 403, "forbidden");
        problem(http.put(coll + "/bob-draft?wm=upsert", "{\"title\": \"x\"}", as("alice")), 409, "duplicate-key");
        problem(http.put(coll + "/bob-public?wm=upsert", "{\"title\": \"x\"}", as("alice")), 403, "forbidden");
        problem(http.put(coll + "/bob-draft?wm=insert", "{\"title\": \"x\"}", as("alice")), 409, "duplicate-key");
        problem(http.patch(coll + "/bob-draft", "{\"title\": \"x\"}", as("alice")), 404, "document-not-found");
        problem(http.patch(coll + "/bob-public", "{\"title\": \"x\"}", as("alice")), 403, "forbidden");
        problem(http.patch(coll + "/bob-draft?wm=upsert", "{\"title\": \"x\"}", as("alice")), 409, "duplicate-key");
        problem(http.delete(coll + "/bob-draft", as("alice")), 404, "document-not-found");
        problem(http.delete(coll + "/bob-public", as("alice")), 403, "forbidden");

        String visibleTag = http.get(coll + "/bob-public", as("alice")).header("ETag").orElseThrow();
        problem(http.patch(coll + "/bob-public", "{\"title\": \"x\"}", as("alice")[0], "alice", "If-Match", visibleTag),
                403, "forbidden");
        problem(http.delete(coll + "/bob-public", as("alice")[0], "alice", "If-Match", visibleTag), 403, "forbidden");
        String hiddenTag = http.get(coll + "/bob-draft").header("ETag").orElseThrow();
        problem(http.delete(coll + "/bob-draft", as("alice")[0], "alice", "If-Match", hiddenTag), 412,
                "precondition-failed");

        assertEquals(bobDraft, stored("bob-draft"));
        assertEquals(bobPublic, stored("bob-public"));
    }

    @Test
    void ownDocumentsCanBeWrittenAndMergeRequestOverridesAForgedAuthor() {
        Http.Response created = http.post(coll, "{\"_id\": \"forged\", \"author\": \"bob\", \"title\": \"t\"}",
                as("alice"));
        assertEquals(201, created.status(), created.body());
        assertEquals("alice", stored("forged").get("author").asText());
        assertEquals(201, http.post(coll, "[{\"_id\": \"f1\", \"author\": \"bob\"}, {\"_id\": \"f2\"}]",
                as("alice")).status());
        assertEquals("alice", stored("f1").get("author").asText());
        assertEquals("alice", stored("f2").get("author").asText());

        Http.Response put = http.put(coll + "/alice-draft", "{\"author\": \"bob\", \"title\": \"new\"}",
                as("alice")[0], "alice", "Prefer", "return=representation");
        assertEquals(200, put.status(), put.body());
        assertEquals("alice", put.json().get("author").asText());
        assertEquals("alice", stored("alice-draft").get("author").asText());

        Http.Response patch = http.patch(coll + "/alice-draft", "{\"author\": \"bob\", \"n\": 1}",
                as("alice")[0], "alice", "Prefer", "return=representation");
        assertEquals(200, patch.status(), patch.body());
        assertEquals("alice", patch.json().get("author").asText());
        assertEquals("alice", stored("alice-draft").get("author").asText());
        String etag = patch.header("ETag").orElseThrow();
        assertEquals(204, http.patch(coll + "/alice-draft", "{\"n\": 2}", as("alice")[0], "alice", "If-Match", etag)
                .status(), "the ETag of a scoped answer is usable for the next conditional write");

        Http.Response upsert = http.patch(coll + "/brand-new?wm=upsert", "{\"title\": \"u\"}", as("alice"));
        assertEquals(201, upsert.status(), upsert.body());
        assertEquals("alice", stored("brand-new").get("author").asText());
        assertEquals(204, http.delete(coll + "/brand-new", as("alice")).status());
        assertEquals(404, http.get(coll + "/brand-new").status());
    }

    @Test
    void projectResponseHidesTheFieldInWriteAnswersAndEveryRepresentation() {
        Http.Response patched = http.patch(coll + "/alice-draft", "{\"title\": \"z\"}", as("alice")[0], "alice",
                "Prefer", "return=representation");
        assertEquals(200, patched.status(), patched.body());
        assertFalse(patched.json().has("notes"), patched.body());
        Http.Response put = http.put(coll + "/alice-draft", "{\"title\": \"y\", \"notes\": \"kept hidden\"}",
                as("alice")[0], "alice", "Prefer", "return=representation");
        assertFalse(put.json().has("notes"), put.body());
        Http.Response hal = http.get(coll + "?rep=hal", as("alice"));
        noNotes(hal.json().get("_items"));
        Http.Response keys = http.get(coll + "?keys=" + enc("{\"title\": 1}"), as("alice"));
        assertEquals(200, keys.status(), keys.body());
        noNotes(keys.json());
        Http.Response excluded = http.get(coll + "?keys=" + enc("{\"title\": 0}"), as("alice"));
        assertEquals(200, excluded.status(), excluded.body());
        excluded.json().forEach(d -> assertFalse(d.has("notes") || d.has("title"), d.toString()));
    }

    @Test
    void namingAHiddenFieldInAFilterSortOrProjectionIsForbidden() {
        List<String> queries = List.of(
                "?filter=" + enc("{\"notes\": \"bob note\"}"),
                "?filter=" + enc("{\"$or\": [{\"title\": \"x\"}, {\"notes\": {\"$regex\": \"^b\"}}]}"),
                "?where=" + enc("{'notes': '/^bob/'}"),
                "?notes=bob%20note",
                "?and=" + enc("(title.eq[str].c,notes.eq[str].x)"),
                "?sort=notes",
                "?sort=" + enc("{\"notes\": -1}"),
                "?keys=" + enc("{\"notes\": 1}"),
                "?hint=" + enc("{\"notes\": 1}"));
        for (String query : queries) {
            problem(http.get(coll + query, as("alice")), 403, "forbidden-field");
            problem(http.get(coll + query, as("alice")[0], "alice", "Accept", "application/x-ndjson"), 403,
                    "forbidden-field");
        }
        problem(http.get(coll + "/_size?filter=" + enc("{\"notes\": \"bob note\"}"), as("alice")), 403,
                "forbidden-field");
        problem(http.get(coll + "?count=true&filter=" + enc("{\"notes\": \"bob note\"}"), as("alice")), 403,
                "forbidden-field");
        problem(http.patch(coll + "/*?force=true&filter=" + enc("{\"notes\": \"alice note\"}"), "{\"x\": 1}",
                as("alice")), 403, "forbidden-field");
        problem(http.delete(coll + "/*?force=true&filter=" + enc("{\"notes\": \"alice note\"}"), as("alice")), 403,
                "forbidden-field");
        problem(http.patch(coll + "/alice-draft", "{\"$max\": {\"notes\": \"z\"}}", as("alice")), 403,
                "forbidden-field");
        assertEquals("alice note", stored("alice-draft").get("notes").asText());
        assertEquals(1, http.get(coll + "?filter=" + enc("{\"notes\": \"bob secret\"}")).json().size(),
                "the unrestricted view may filter on it");
    }

    @Test
    void bulkWritesTouchOnlyTheCallersDocumentsAndCountWithinTheScope() {
        Http.Response unforced = http.delete(coll + "/*?filter=" + enc("{\"title\": {\"$exists\": true}}"),
                as("alice"));
        problem(unforced, 400, "force-required");
        assertTrue(unforced.json().get("detail").asText().contains("1 of 2 documents"), unforced.body());

        Http.Response patch = http.patch(coll + "/*?force=true&filter=" + enc("{}"), "{\"seen\": true, \"author\": \"bob\"}",
                as("alice"));
        assertEquals(200, patch.status(), patch.body());
        assertEquals(1, patch.json().get("matchedCount").asInt());
        assertTrue(stored("alice-draft").get("seen").asBoolean());
        assertEquals("alice", stored("alice-draft").get("author").asText());
        assertFalse(stored("bob-public").has("seen"));
        assertFalse(stored("bob-draft").has("seen"));

        Http.Response byFilter = http.patch(coll + "?force=true&author=bob", "{\"seen\": true}", as("alice"));
        assertEquals(200, byFilter.status(), byFilter.body());
        assertEquals(0, byFilter.json().get("matchedCount").asInt());

        Http.Response delete = http.delete(coll + "/*?force=true&filter=" + enc("{}"), as("alice"));
        assertEquals(200, delete.status(), delete.body());
        assertEquals(1, delete.json().get("deletedCount").asInt());
        assertEquals(0, http.delete(coll + "?force=true&author=bob", as("alice")).json().get("deletedCount").asInt());
        assertEquals(List.of("bob-draft", "bob-public"), ids(http.get(coll).json()));
    }
}
