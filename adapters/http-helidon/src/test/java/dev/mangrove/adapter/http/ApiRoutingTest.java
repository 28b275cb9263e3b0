package dev.mangrove.adapter.http;

import dev.mangrove.adapter.http.json.ExtendedJson;
import dev.mangrove.domain.error.ErrorKind;
import dev.mangrove.domain.error.MangroveException;
import dev.mangrove.domain.resource.Mount;
import dev.mangrove.domain.resource.MountTable;
import dev.mangrove.domain.resource.ResourceKind;
import dev.mangrove.domain.resource.Verb;
import io.helidon.http.HeaderNames;
import io.helidon.http.Method;
import io.helidon.webclient.http1.Http1ClientResponse;
import io.helidon.webserver.http.HttpRouting;
import io.helidon.webserver.testing.junit5.DirectClient;
import io.helidon.webserver.testing.junit5.RoutingTest;
import io.helidon.webserver.testing.junit5.SetUpRoute;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Every entry of the route table over HTTP, in memory, with fake use cases (no MongoDB). */
@RoutingTest
class ApiRoutingTest {
    static final MountTable MOUNTS = MountTable.create(List.of(Mount.of("*", "/")));
    static final FakeUseCases FAKES = new FakeUseCases();
    static final List<String> LABELS = new CopyOnWriteArrayList<>();
    /** A path of every resource kind, under the mount {@code * → /}. */
    static final Map<ResourceKind, String> SAMPLES = new EnumMap<>(Map.ofEntries(
            Map.entry(ResourceKind.ROOT, "/"),
            Map.entry(ResourceKind.ROOT_EXTENSION, "/_ext"),
            Map.entry(ResourceKind.DATABASE, "/db"),
            Map.entry(ResourceKind.DATABASE_META, "/db/_meta"),
            Map.entry(ResourceKind.DATABASE_SIZE, "/db/_size"),
            Map.entry(ResourceKind.SCHEMAS, "/db/_schemas"),
            Map.entry(ResourceKind.SCHEMA, "/db/_schemas/s1"),
            Map.entry(ResourceKind.DATABASE_EXTENSION, "/db/_ext"),
            Map.entry(ResourceKind.COLLECTION, "/db/coll"),
            Map.entry(ResourceKind.COLLECTION_META, "/db/coll/_meta"),
            Map.entry(ResourceKind.COLLECTION_SIZE, "/db/coll/_size"),
            Map.entry(ResourceKind.BULK_DOCUMENTS, "/db/coll/*"),
            Map.entry(ResourceKind.INDEXES, "/db/coll/_indexes"),
            Map.entry(ResourceKind.INDEX, "/db/coll/_indexes/i1"),
            Map.entry(ResourceKind.AGGREGATION, "/db/coll/_aggrs/a1"),
            Map.entry(ResourceKind.AGGREGATE, "/db/coll/_aggregate"),
            Map.entry(ResourceKind.DISTINCT, "/db/coll/_distinct"),
            Map.entry(ResourceKind.STREAM, "/db/coll/_streams/s1"),
            Map.entry(ResourceKind.COLLECTION_EXTENSION, "/db/coll/_ext"),
            Map.entry(ResourceKind.DOCUMENT, "/db/coll/d1"),
            Map.entry(ResourceKind.USERS, "/_users"),
            Map.entry(ResourceKind.USER, "/_users/u1"),
            Map.entry(ResourceKind.API_KEYS, "/_keys"),
            Map.entry(ResourceKind.API_KEY, "/_keys/k1"),
            Map.entry(ResourceKind.FILE_BUCKET, "/db/fs.files"),
            Map.entry(ResourceKind.FILE, "/db/fs.files/f1"),
            Map.entry(ResourceKind.FILE_BINARY, "/db/fs.files/f1/binary")));
    /** The use cases each operation calls first, in order (the kind's sample path, the verb). */
    static final Map<String, String> CALLS = Map.ofEntries(
            Map.entry("ROOT GET", "BrowseCatalogUseCase.databases"),
            Map.entry("DATABASE GET", "BrowseCatalogUseCase.collections, ManageCatalogUseCase.databaseMetadata"),
            Map.entry("DATABASE PUT", "ManageCatalogUseCase.putDatabase"),
            Map.entry("DATABASE PATCH", "ManageCatalogUseCase.patchDatabase"),
            Map.entry("DATABASE POST", "ManageCatalogUseCase.createCollections"),
            Map.entry("DATABASE DELETE", "ManageCatalogUseCase.dropDatabase"),
            Map.entry("DATABASE_META GET", "ManageCatalogUseCase.databaseMetadata"),
            Map.entry("DATABASE_SIZE GET", "BrowseCatalogUseCase.collections"),
            Map.entry("SCHEMAS GET", "ManageSchemasUseCase.schemas"),
            Map.entry("SCHEMAS POST", "ManageSchemasUseCase.create"),
            Map.entry("SCHEMAS PUT", "ManageSchemasUseCase.createStore"),
            Map.entry("SCHEMA GET", "ManageSchemasUseCase.schema"),
            Map.entry("SCHEMA PUT", "ManageSchemasUseCase.put"),
            Map.entry("SCHEMA DELETE", "ManageSchemasUseCase.delete"),
            Map.entry("COLLECTION GET", "ManageCatalogUseCase.collectionMetadata, FindDocumentsUseCase.find"),
            Map.entry("COLLECTION POST", "InsertDocumentsUseCase.save"),
            Map.entry("COLLECTION PUT", "ManageCatalogUseCase.putCollection"),
            Map.entry("COLLECTION PATCH", "BulkWriteDocumentsUseCase.updateAll"),
            Map.entry("COLLECTION DELETE", "ManageCatalogUseCase.dropCollection"),
            Map.entry("COLLECTION_META GET", "ManageCatalogUseCase.collectionMetadata"),
            Map.entry("COLLECTION_SIZE GET", "FindDocumentsUseCase.count"),
            Map.entry("BULK_DOCUMENTS PATCH", "BulkWriteDocumentsUseCase.updateAll"),
            Map.entry("BULK_DOCUMENTS DELETE", "BulkWriteDocumentsUseCase.deleteAll"),
            Map.entry("INDEXES GET", "ManageIndexesUseCase.indexes"),
            Map.entry("INDEX PUT", "ManageIndexesUseCase.create"),
            Map.entry("INDEX DELETE", "ManageIndexesUseCase.drop"),
            Map.entry("DOCUMENT GET", "GetDocumentUseCase.get"),
            Map.entry("DOCUMENT PUT", "WriteDocumentUseCase.replace"),
            Map.entry("DOCUMENT PATCH", "WriteDocumentUseCase.patch"),
            Map.entry("DOCUMENT DELETE", "WriteDocumentUseCase.delete"),
            Map.entry("STREAM GET", "-"),
            // user and key management answer 501 without security (AdminRoutingTest covers them with it)
            Map.entry("USERS GET", "-"),
            Map.entry("USERS POST", "-"),
            Map.entry("USER GET", "-"),
            Map.entry("USER PATCH", "-"),
            Map.entry("USER DELETE", "-"),
            Map.entry("API_KEYS GET", "-"),
            Map.entry("API_KEYS POST", "-"),
            Map.entry("API_KEY DELETE", "-"),
            Map.entry("FILE_BUCKET GET", "ManageCatalogUseCase.collectionMetadata, FindDocumentsUseCase.find"),
            Map.entry("FILE_BUCKET POST", "ManageFilesUseCase.upload"),
            Map.entry("FILE_BUCKET PUT", "ManageFilesUseCase.createBucket"),
            Map.entry("FILE_BUCKET DELETE", "ManageFilesUseCase.dropBucket"),
            Map.entry("FILE GET", "GetDocumentUseCase.get"),
            Map.entry("FILE PUT", "ManageFilesUseCase.updateMetadata"),
            Map.entry("FILE PATCH", "ManageFilesUseCase.updateMetadata"),
            Map.entry("FILE DELETE", "ManageFilesUseCase.delete"),
            Map.entry("FILE_BINARY GET", "ManageFilesUseCase.describe"));
    static final Set<ResourceKind> PLUGIN_KINDS = EnumSet.of(ResourceKind.ROOT_EXTENSION,
            ResourceKind.DATABASE_EXTENSION, ResourceKind.COLLECTION_EXTENSION, ResourceKind.DISTINCT,
            ResourceKind.AGGREGATE, ResourceKind.AGGREGATION);

    private final DirectClient client;

    ApiRoutingTest(DirectClient client) {
        this.client = client;
    }

    @SetUpRoute
    static void routing(HttpRouting.Builder routing) {
        http().routing(routing);
    }

    static MangroveHttp http() {
        return MangroveHttp.create(MOUNTS, FAKES.useCases(), HttpSettings.DEFAULTS,
                (method, route, status, nanos) -> LABELS.add(method + " " + route + " " + status),
                FAKES.extensions());
    }

    static RouteTable table() {
        return http().table(ExtendedJson.create(100));
    }

    @BeforeEach
    void reset() {
        FAKES.reset();
        LABELS.clear();
    }

    private Http1ClientResponse send(Verb verb, String pathAndQuery) {
        int q = pathAndQuery.indexOf('?');
        var request = client.method(Method.create(verb.name())).path(q < 0 ? pathAndQuery
                : pathAndQuery.substring(0, q));
        if (q >= 0) {
            String[] kv = pathAndQuery.substring(q + 1).split("=", 2);
            request.queryParam(kv[0], java.net.URLDecoder.decode(kv[1], java.nio.charset.StandardCharsets.UTF_8));
        }
        if (verb == Verb.POST && pathAndQuery.equals(SAMPLES.get(ResourceKind.FILE_BUCKET))) {
            return request.header(HeaderNames.CONTENT_TYPE, "multipart/form-data; boundary=b").submit(
                    "--b\r\nContent-Disposition: form-data; name=\"file\"; filename=\"f.txt\"\r\n\r\nhi\r\n--b--\r\n");
        }
        if (verb == Verb.POST || verb == Verb.PUT || verb == Verb.PATCH) {
            return request.header(HeaderNames.CONTENT_TYPE, "application/json").submit("{\"a\": 1}");
        }
        return request.request();
    }

    @Test
    void everyKindHasOneEntryAndEverySampleResolvesToIt() {
        RouteTable table = table();
        Set<ResourceKind> declared = table.routes().stream().map(RouteTable.Route::kind)
                .collect(Collectors.toCollection(() -> EnumSet.noneOf(ResourceKind.class)));
        assertEquals(EnumSet.allOf(ResourceKind.class), declared, "every resource kind the mounts resolve to");
        for (Map.Entry<ResourceKind, String> sample : SAMPLES.entrySet()) {
            assertEquals(sample.getKey(), MOUNTS.resolve(sample.getValue()).orElseThrow().kind(), sample.getValue());
        }
        // the operations declared are exactly the ones this test expects a use case for
        Set<String> operations = new java.util.TreeSet<>();
        for (RouteTable.Route route : table.routes()) {
            route.operations().keySet().forEach(verb -> operations.add(route.kind() + " " + verb));
        }
        assertEquals(new java.util.TreeSet<>(CALLS.keySet()), operations);
    }

    @Test
    void everyOperationReachesItsUseCase() {
        for (Map.Entry<String, String> expected : CALLS.entrySet()) {
            String[] kv = expected.getKey().split(" ");
            ResourceKind kind = ResourceKind.valueOf(kv[0]);
            Verb verb = Verb.valueOf(kv[1]);
            FAKES.reset();
            // bulk writes need a filter (the use case's command refuses them without one)
            String path = SAMPLES.get(kind) + (kind == ResourceKind.BULK_DOCUMENTS
                    || expected.getKey().equals("COLLECTION PATCH") ? "?filter=%7B%22a%22%3A1%7D" : "");
            try (Http1ClientResponse r = send(verb, path)) {
                if (expected.getValue().equals("-")) {
                    assertEquals(501, r.status().code(), expected.getKey());
                    assertEquals(List.of(), FAKES.calls, expected.getKey());
                    continue;
                }
                assertTrue(r.status().code() < 300, expected.getKey() + " → " + r.status() + " " + body(r));
                List<String> calls = List.of(expected.getValue().split(", "));
                assertEquals(calls, FAKES.calls.subList(0, Math.min(calls.size(), FAKES.calls.size())),
                        expected.getKey() + " " + FAKES.calls);
            }
        }
    }

    @Test
    void aCollectionDeleteWithAFilterDeletesDocumentsInsteadOfDroppingIt() {
        try (Http1ClientResponse r = client.delete("/db/coll").queryParam("filter", "{\"a\": 1}").request()) {
            assertEquals(200, r.status().code(), body(r));
        }
        assertEquals(List.of("BulkWriteDocumentsUseCase.deleteAll"), FAKES.calls);
    }

    @Test
    void everyOtherVerbIs405WithTheAllowOfTheTable() {
        RouteTable table = table();
        for (RouteTable.Route route : table.routes()) {
            if (route.pluginVerbs()) {
                continue;
            }
            String allow = route.verbs().stream().map(Enum::name).collect(Collectors.joining(", "));
            for (Verb verb : Verb.values()) {
                FAKES.reset();
                try (Http1ClientResponse r = send(verb, SAMPLES.get(route.kind()))) {
                    String what = route.kind() + " " + verb;
                    if (verb == Verb.OPTIONS) {
                        assertEquals(204, r.status().code(), what);
                        assertEquals(allow, r.headers().first(HeaderNames.ALLOW).orElse(null), what);
                    } else if (route.verbs().contains(verb)) {
                        assertNotEquals(405, r.status().code(), what);
                    } else {
                        assertEquals(405, r.status().code(), what);
                        assertEquals(allow, r.headers().first(HeaderNames.ALLOW).orElse(null), what);
                        assertEquals(List.of(), FAKES.calls, what + " calls nothing");
                    }
                }
            }
        }
    }

    @Test
    void pluginRoutesPassEveryVerbToThePlugins() {
        for (ResourceKind kind : PLUGIN_KINDS) {
            for (Verb verb : List.of(Verb.GET, Verb.POST, Verb.DELETE)) {
                FAKES.reset();
                try (Http1ClientResponse r = send(verb, SAMPLES.get(kind))) {
                    assertEquals(200, r.status().code(), kind + " " + verb);
                    assertEquals(1, FAKES.calls.size(), kind + " " + verb);
                    assertTrue(FAKES.calls.get(0).startsWith("ExtensionUseCase.handle"), FAKES.calls.toString());
                }
            }
        }
    }

    @Test
    void everyRequestIsLabelledWithItsRouteTemplate() {
        Map<String, String> expected = Map.of("/db/coll/d1", "/{db}/{coll}/{docid}", "/db/coll/_indexes/i1",
                "/{db}/{coll}/_indexes/{name}", "/", "/", "/_ext", "/{extension}", "/db/coll/*", "/{db}/{coll}/*",
                "/db/_schemas/s1", "/{db}/_schemas/{id}");
        List<String> seen = new ArrayList<>();
        for (Map.Entry<String, String> e : expected.entrySet()) {
            LABELS.clear();
            send(Verb.GET, e.getKey()).close();
            seen.add(e.getKey());
            awaitLabel(LABELS, "GET " + e.getValue() + " ");
        }
        assertEquals(expected.size(), seen.size());
    }

    /** The access log observes a request just after its response is sent: waits for that entry to arrive. */
    static void awaitLabel(List<String> labels, String expected) {
        for (int i = 0; i < 500 && labels.stream().noneMatch(l -> l.startsWith(expected)); i++) {
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        assertTrue(labels.stream().anyMatch(l -> l.startsWith(expected)), "expected " + expected + " among " + labels);
    }

    static String body(Http1ClientResponse r) {
        return r.entity().hasEntity() ? r.as(String.class) : "";
    }

    @Test
    void problemsAreMappedToTheirStatusAsProblemJson() {
        FAKES.failWith(() -> MangroveException.notFound("document-not-found", "No such document"));
        try (Http1ClientResponse r = send(Verb.GET, "/db/coll/d1")) {
            assertEquals(404, r.status().code());
            assertEquals(Problems.MEDIA_TYPE, r.headers().contentType().orElseThrow().text());
            assertTrue(r.as(String.class).contains("\"code\":\"document-not-found\""));
        }
        FAKES.failWith(() -> MangroveException.of(ErrorKind.CONFLICT, "exists", "It exists"));
        try (Http1ClientResponse r = send(Verb.POST, "/db/coll")) {
            assertEquals(409, r.status().code());
        }
        FAKES.failWith(() -> new IllegalStateException("a bug"));
        try (Http1ClientResponse r = send(Verb.GET, "/db/coll/d1")) {
            assertEquals(500, r.status().code());
            assertTrue(r.as(String.class).contains("internal-error"));
        }
    }

    @Test
    void countsSayTheirStrategy() {
        try (Http1ClientResponse r = client.get("/db/coll/_size").request()) {
            assertEquals(200, r.status().code(), body(r));
            assertEquals("exact", r.headers().first(HeaderNames.create("X-Count-Strategy")).orElse(null));
        }
        try (Http1ClientResponse r = client.get("/db/coll").queryParam("count", "estimated").request()) {
            assertEquals(200, r.status().code(), body(r));
            assertEquals("estimated", r.headers().first(HeaderNames.create("X-Count-Strategy")).orElse(null));
        }
        // a filter makes the count exact even when an estimate was asked for
        try (Http1ClientResponse r = client.get("/db/coll").queryParam("count", "estimated")
                .queryParam("filter", "{\"a\": 1}").request()) {
            assertEquals(200, r.status().code(), body(r));
            assertEquals("exact", r.headers().first(HeaderNames.create("X-Count-Strategy")).orElse(null));
        }
    }

    @Test
    void listingsCarryTheETagOfTheirMetadata() {
        for (String path : List.of("/db", "/db/coll")) {
            try (Http1ClientResponse r = client.get(path).request()) {
                assertEquals(200, r.status().code(), path + " " + body(r));
                assertTrue(r.headers().first(HeaderNames.ETAG).orElse("").startsWith("\""), path);
            }
        }
    }

    @Test
    void putOnTheSchemaStoreCreatesItAnd204sWhenItExists() {
        try (Http1ClientResponse r = client.put("/db/_schemas").request()) {
            assertEquals(204, r.status().code(), body(r)); // the fake answers false: the store exists
        }
        assertEquals(List.of("ManageSchemasUseCase.createStore"), FAKES.calls);
    }

    @Test
    void postWithAnUnknownWriteModeIsRefusedBeforeAnyUseCase() {
        try (Http1ClientResponse r = client.post("/db/coll").queryParam("wm", "bogus")
                .header(HeaderNames.CONTENT_TYPE, "application/json").submit("{\"a\": 1}")) {
            assertEquals(400, r.status().code(), body(r));
        }
        assertEquals(List.of(), FAKES.calls);
    }

    @Test
    void anArrayPostedWithAWriteModeReportsTheMatchedCount() {
        try (Http1ClientResponse r = client.post("/db/coll").queryParam("wm", "upsert")
                .header(HeaderNames.CONTENT_TYPE, "application/json").submit("[{\"_id\": 1}]")) {
            String body = body(r);
            assertEquals(201, r.status().code(), body); // the fake inserted id1
            assertTrue(body.contains("\"matchedCount\":0"), body);
        }
        try (Http1ClientResponse r = client.post("/db/coll")
                .header(HeaderNames.CONTENT_TYPE, "application/json").submit("[{\"_id\": 1}]")) {
            assertEquals(201, r.status().code());
            assertTrue(!r.as(String.class).contains("matchedCount"), "a plain insert matches nothing");
        }
    }

    @Test
    void badNamesAreRefusedBeforeAnyUseCase() {
        try (Http1ClientResponse r = send(Verb.GET, "/admin/coll")) {
            assertEquals(403, r.status().code());
        }
        try (Http1ClientResponse r = send(Verb.GET, "/a.b/coll")) {
            assertEquals(400, r.status().code());
        }
        assertEquals(List.of(), FAKES.calls);
    }
}
