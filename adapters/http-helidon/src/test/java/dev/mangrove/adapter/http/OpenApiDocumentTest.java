package dev.mangrove.adapter.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mangrove.adapter.http.json.ExtendedJson;
import dev.mangrove.application.port.in.AccessDecision;
import dev.mangrove.application.port.in.ExtensionUseCase;
import dev.mangrove.domain.resource.Mount;
import dev.mangrove.domain.resource.MountTable;
import dev.mangrove.domain.resource.ResourceKind;
import dev.mangrove.domain.resource.Verb;
import dev.mangrove.domain.security.DataScope;
import dev.mangrove.plugin.spi.Endpoint;
import dev.mangrove.plugin.spi.EndpointDescription;
import dev.mangrove.plugin.spi.ExtensionRequest;
import dev.mangrove.plugin.spi.ExtensionResponse;
import dev.mangrove.plugin.spi.ExtensionScope;
import io.swagger.v3.parser.OpenAPIV3Parser;
import io.swagger.v3.parser.core.models.ParseOptions;
import io.swagger.v3.parser.core.models.SwaggerParseResult;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The OpenAPI document for several configurations: it validates with swagger-parser with no message, and
 * lists exactly what the route table serves (docs/api.md#openapi).
 */
class OpenApiDocumentTest {
    private static final FakeUseCases FAKES = new FakeUseCases();
    private static final MountTable ALL = MountTable.create(List.of(Mount.of("*", "/")));

    /** Plugin endpoints as the plugin host lists them: the distinct plugin, a root and a database endpoint. */
    private static final ExtensionUseCase PLUGINS = new ExtensionUseCase() {
        @Override
        public Optional<ExtensionResponse> handle(ExtensionRequest request) {
            return Optional.of(ExtensionResponse.ok(Map.of()));
        }

        @Override
        public List<Endpoint> endpoints() {
            return List.of(
                    new Endpoint(ExtensionScope.ROOT, "_plugins", Set.of(Verb.GET), r -> null,
                            EndpointDescription.of("lists the plugins").response(200, "the plugins")),
                    new Endpoint(ExtensionScope.COLLECTION, "_distinct", Set.of(Verb.GET, Verb.HEAD), r -> null,
                            EndpointDescription.of("distinct values").parameter("fields", "the fields", true)
                                    .response(200, "the values").response(400, "bad filter")),
                    new Endpoint(ExtensionScope.ROOT, "_hello", Set.of(Verb.GET), r -> null),
                    new Endpoint(ExtensionScope.DATABASE, "_stats", Set.of(Verb.GET, Verb.POST), r -> null,
                            EndpointDescription.of("statistics").subpath("{name}").requestBody("options")));
        }
    };

    private static MangroveHttp http(MountTable mounts, ExtensionUseCase plugins) {
        return MangroveHttp.create(mounts, FAKES.useCases(), HttpSettings.DEFAULTS, (m, r, s, n) -> { }, plugins);
    }

    private static HttpSecurity security(java.util.function.Predicate<String> allowedPaths) {
        return new HttpSecurity((credentials, address) -> null, (credentials, address) -> null,
                request -> allowedPaths.test(request.path()) ? AccessDecision.allow(DataScope.UNRESTRICTED)
                        : AccessDecision.deny("no"), true, true, "test");
    }

    private static ObjectNode document(MangroveHttp http, OpenApi.Access access, OpenApi.Catalog catalog) {
        RouteTable table = http.table(ExtendedJson.create(100));
        return http.openApi(table).document(access, catalog);
    }

    /** Parses and validates with swagger-parser; every message fails the test. */
    static void assertValid(ObjectNode document) {
        ParseOptions options = new ParseOptions();
        options.setResolve(true);
        SwaggerParseResult result = new OpenAPIV3Parser().readContents(document.toPrettyString(), null, options);
        assertNotNull(result.getOpenAPI(), () -> "not parsed: " + result.getMessages());
        assertEquals(List.of(), result.getMessages(), "swagger-parser messages");
        assertEquals("3.1.0", result.getOpenAPI().getOpenapi());
    }

    /** Every listed operation resolves through the route table to a route answering its verb. */
    static void assertServed(RouteTable table, ObjectNode document) {
        for (Iterator<Map.Entry<String, JsonNode>> paths = document.get("paths").fields(); paths.hasNext(); ) {
            Map.Entry<String, JsonNode> entry = paths.next();
            String sample = entry.getKey().replace("{db}", "sampledb").replace("{coll}", "samplecoll")
                    .replaceAll("\\{[A-Za-z0-9_]+}", "s1");
            for (Iterator<String> verbs = entry.getValue().fieldNames(); verbs.hasNext(); ) {
                String verb = verbs.next().toUpperCase(java.util.Locale.ROOT);
                RouteTable.Resolution r = table.resolve(verb, sample);
                if (r.fixed() != null) {
                    assertTrue(r.fixed().documented().contains(verb), verb + " " + sample);
                    continue;
                }
                assertNotNull(r.route(), () -> verb + " " + sample + " is not served");
                assertTrue(r.route().verbs().contains(Verb.valueOf(verb)), verb + " " + sample);
                assertTrue(r.resolved().mount().methods().allows(r.resolved().kind().level(), Verb.valueOf(verb)),
                        verb + " " + sample + " is refused by its mount");
            }
        }
    }

    /** The (verb path) pairs of a document. */
    static Set<String> operations(ObjectNode document) {
        Set<String> out = new TreeSet<>();
        document.get("paths").fields().forEachRemaining(e -> e.getValue().fieldNames()
                .forEachRemaining(v -> out.add(v.toUpperCase(java.util.Locale.ROOT) + " " + e.getKey())));
        return out;
    }

    /** What the route table serves under the mounts, as the document should list it with full access. */
    static Set<String> expected(RouteTable table, MountTable mounts, List<Endpoint> endpoints) {
        Set<String> out = new TreeSet<>();
        for (RouteTable.Fixed fixed : table.fixed()) {
            fixed.documented().forEach(m -> out.add(m + " " + fixed.path()));
        }
        for (Mount mount : mounts.mounts()) {
            for (RouteTable.Route route : table.routes()) {
                boolean serves = switch (mount.target()) {
                    case ALL_DATABASES -> true;
                    case DATABASE -> route.kind().level() != dev.mangrove.domain.resource.Level.ROOT;
                    // a collection mount serves a bucket's resources only when it mounts a bucket (name.files)
                    case COLLECTION -> route.kind().level().ordinal() >= dev.mangrove.domain.resource.Level.COLLECTION.ordinal()
                            && EnumSet.of(ResourceKind.FILE_BUCKET, ResourceKind.FILE, ResourceKind.FILE_BINARY)
                                    .contains(route.kind()) == mount.collectionName().endsWith(".files");
                };
                if (!serves) {
                    continue;
                }
                String label = route.label(mount);
                if (!route.pluginVerbs()) {
                    for (Verb verb : route.operations().keySet()) {
                        if (mount.methods().allows(route.kind().level(), verb)) {
                            out.add(verb + " " + label);
                        }
                    }
                    continue;
                }
                for (Endpoint e : endpoints) {
                    String path = switch (route.kind()) {
                        case DISTINCT -> e.name().equals("_distinct") ? label : null;
                        case AGGREGATE -> e.name().equals("_aggregate") ? label : null;
                        case AGGREGATION -> e.name().equals("_aggrs") ? label : null;
                        case ROOT_EXTENSION -> e.scope() == ExtensionScope.ROOT ? label.replace("{extension}", e.name()) : null;
                        case DATABASE_EXTENSION -> e.scope() == ExtensionScope.DATABASE ? label.replace("{extension}", e.name()) : null;
                        case COLLECTION_EXTENSION -> e.scope() == ExtensionScope.COLLECTION
                                && !Set.of("_distinct", "_aggregate", "_aggrs").contains(e.name())
                                ? label.replace("{extension}", e.name()) : null;
                        default -> null;
                    };
                    if (path == null) {
                        continue;
                    }
                    String full = e.description().subpath().isEmpty() ? path : path + "/" + e.description().subpath();
                    e.verbs().stream().filter(v -> v != Verb.HEAD && v != Verb.OPTIONS)
                            .forEach(v -> out.add(v + " " + full));
                }
            }
        }
        return out;
    }

    @Test
    void theDefaultDocumentIsValidAndListsEveryRouteOfTheTable() {
        MangroveHttp http = http(ALL, ExtensionUseCase.NONE);
        RouteTable table = http.table(ExtendedJson.create(100));
        ObjectNode doc = http.openApi(table).document(OpenApi.Access.ALL, OpenApi.Catalog.NONE);
        assertValid(doc);
        assertServed(table, doc);
        assertEquals(expected(table, ALL, List.of()), operations(doc));
        assertTrue(operations(doc).contains("GET /{db}/{coll}/{docid}"));
        assertTrue(operations(doc).contains("GET /_openapi"));
        assertTrue(operations(doc).contains("GET /_docs"));
        // no plugin is enabled: nothing a plugin would serve is listed
        assertFalse(operations(doc).stream().anyMatch(o -> o.contains("_distinct") || o.contains("{extension}")));
        // a problem is application/problem+json
        assertEquals("#/components/schemas/Problem", doc.at("/paths/~1{db}~1{coll}~1{docid}/get/responses/404/content")
                .get("application/problem+json").get("schema").get("$ref").asText());
        // query parameters come from the route table's notation
        List<String> names = new ArrayList<>();
        doc.at("/paths/~1{db}~1{coll}/get/parameters").forEach(p -> names.add(p.get("name").asText()));
        assertTrue(names.containsAll(List.of("db", "coll", "filter", "sort", "keys", "page", "pagesize")), names::toString);
        assertTrue(doc.at("/paths/~1{db}~1{coll}~1*/patch/parameters").findValues("required").size() >= 3,
                "filter (mandatory) is required");
    }

    @Test
    void theValidatorReportsABrokenDocument() {
        MangroveHttp http = http(ALL, ExtensionUseCase.NONE);
        ObjectNode doc = document(http, OpenApi.Access.ALL, OpenApi.Catalog.NONE);
        ObjectNode get = (ObjectNode) doc.at("/paths/~1{db}~1{coll}~1{docid}/get");
        get.remove("responses");
        get.putArray("parameters");
        SwaggerParseResult result = new OpenAPIV3Parser().readContents(doc.toString(), null, new ParseOptions());
        assertFalse(result.getMessages().isEmpty(), "a document without responses and path parameters is reported");
    }

    @Test
    void mountsListMountedNamesOnly() {
        MountTable mounts = MountTable.create(List.of(Mount.of("/realdb", "/api"), Mount.of("/realdb/orders", "/o"),
                Mount.of("*", "/")));
        MangroveHttp http = http(mounts, ExtensionUseCase.NONE);
        RouteTable table = http.table(ExtendedJson.create(100));
        ObjectNode doc = http.openApi(table).document(OpenApi.Access.ALL, OpenApi.Catalog.NONE);
        assertValid(doc);
        assertServed(table, doc);
        assertEquals(expected(table, mounts, List.of()), operations(doc));
        assertTrue(operations(doc).contains("GET /api/{coll}/{docid}"));
        assertTrue(operations(doc).contains("GET /o/{docid}"));
        assertFalse(doc.get("paths").toString().contains("realdb"), "a real name behind a mount is never shown");
        assertFalse(operations(doc).contains("GET /o/_schemas"), "a collection mount has no database resources");
    }

    @Test
    void pluginEndpointsAreListedAsThePluginsDescribeThem() {
        MangroveHttp http = http(ALL, PLUGINS);
        RouteTable table = http.table(ExtendedJson.create(100));
        ObjectNode doc = http.openApi(table).document(OpenApi.Access.ALL, OpenApi.Catalog.NONE);
        assertValid(doc);
        assertServed(table, doc);
        assertEquals(expected(table, ALL, PLUGINS.endpoints()), operations(doc));
        assertTrue(operations(doc).containsAll(List.of("GET /{db}/{coll}/_distinct", "GET /_hello", "GET /_plugins",
                "POST /{db}/_stats/{name}")));
        assertEquals("distinct values", doc.at("/paths/~1{db}~1{coll}~1_distinct/get/summary").asText());
        assertTrue(doc.at("/paths/~1{db}~1{coll}~1_distinct/get/parameters").toString().contains("\"fields\""));
    }

    @Test
    void securityOnListsTheSchemesAndOnlyWhatTheCallerMayUse() {
        MangroveHttp http = http(MountTable.create(List.of(Mount.of("*", "/"))), ExtensionUseCase.NONE)
                .withSecurity(security(path -> path.startsWith("/shop")), CorsSettings.NONE)
                .withGet("/metrics", (req, res) -> res.send(""));
        RouteTable table = http.table(ExtendedJson.create(100));
        OpenApi openApi = http.openApi(table);
        OpenApi.Catalog catalog = new FakeCatalog(Map.of("shop", List.of("orders"), "hr", List.of("salaries")), Map.of());
        ObjectNode doc = openApi.document(OpenApiEndpointsAccess.of(http, table, path -> path.startsWith("/shop")),
                catalog);
        assertValid(doc);
        assertServed(table, doc);
        Set<String> ops = operations(doc);
        assertTrue(ops.contains("GET /shop/orders/{docid}"), ops::toString);
        assertTrue(ops.contains("POST /token") && ops.contains("GET /me") && ops.contains("GET /health/ready"));
        assertFalse(ops.stream().anyMatch(o -> o.contains("hr") || o.contains("salaries")), "not what is denied");
        assertFalse(ops.contains("GET /metrics"), "the ACL denies /metrics");
        assertFalse(ops.contains("GET /{db}/{coll}"), "the caller may not use every collection");
        assertEquals("basic", doc.at("/components/securitySchemes/basicAuth/scheme").asText());
        assertEquals("JWT", doc.at("/components/securitySchemes/bearerAuth/bearerFormat").asText());
        assertTrue(doc.at("/paths/~1shop~1orders/get/responses").has("401"));

        ObjectNode admin = openApi.document(OpenApi.Access.ALL, catalog);
        assertValid(admin);
        assertTrue(operations(admin).contains("GET /{db}/{coll}"), "a caller who may use everything gets the templates");
        assertTrue(operations(admin).contains("GET /metrics"));
    }

    @Test
    void anApiKeyHeaderIsListedAsASchemeWhenConfigured() {
        MangroveHttp http = http(ALL, ExtensionUseCase.NONE);
        RouteTable table = http.table(ExtendedJson.create(100));
        ObjectNode doc = new OpenApi(table, ALL, new OpenApi.Schemes(true, true, false, Optional.of("X-API-Key")),
                List.of(), "Mangrove", "test").document(OpenApi.Access.ALL, OpenApi.Catalog.NONE);
        assertValid(doc);
        assertEquals("header", doc.at("/components/securitySchemes/apiKey/in").asText());
        assertEquals("X-API-Key", doc.at("/components/securitySchemes/apiKey/name").asText());
        assertFalse(doc.at("/components/securitySchemes").has("bearerAuth"), "only the configured schemes");
        assertEquals("[{\"basicAuth\":[]},{\"apiKey\":[]},{}]", doc.get("security").toString());
    }

    @Test
    void aCollectionBoundToASchemaHasThatSchemaAsItsDocumentSchema() {
        MangroveHttp http = http(ALL, ExtensionUseCase.NONE);
        RouteTable table = http.table(ExtendedJson.create(100));
        Map<String, Object> schema = Map.of("_id", "product", "$schema", "http://json-schema.org/draft-07/schema#",
                "type", "object", "required", List.of("name"),
                "properties", Map.of("name", Map.of("type", "string"), "price", Map.of("type", "number", "minimum", 0)));
        OpenApi.Catalog catalog = new FakeCatalog(Map.of("shop", List.of("products", "free")),
                Map.of("shop/products", schema));
        ObjectNode doc = http.openApi(table).document(OpenApi.Access.ALL, catalog);
        assertValid(doc);
        assertServed(table, doc);
        assertEquals("#/components/schemas/shop.products",
                doc.at("/paths/~1shop~1products~1{docid}/get/responses/200/content/application~1json/schema/$ref").asText());
        assertEquals("#/components/schemas/shop.products",
                doc.at("/paths/~1shop~1products~1{docid}/put/requestBody/content/application~1json/schema/$ref").asText());
        assertEquals("string", doc.at("/components/schemas/shop.products/properties/name/type").asText());
        assertFalse(doc.at("/components/schemas/shop.products").has("_id"));
        assertFalse(doc.get("paths").has("/shop/free"), "an unbound collection stays under the templates");
    }

    @Test
    void disabledListsNeitherTheDocumentNorThePage() {
        MangroveHttp http = http(ALL, ExtensionUseCase.NONE).withOpenApi(OpenApiSettings.DISABLED);
        RouteTable table = http.table(ExtendedJson.create(100));
        ObjectNode doc = http.openApi(table).document(OpenApi.Access.ALL, OpenApi.Catalog.NONE);
        assertValid(doc);
        assertFalse(operations(doc).contains("GET /_openapi"));
        assertFalse(operations(doc).contains("GET /_docs"));
        MangroveHttp moved = http(ALL, ExtensionUseCase.NONE).withOpenApi(new OpenApiSettings(true, "/api-docs"));
        ObjectNode doc2 = moved.openApi(moved.table(ExtendedJson.create(100))).document(OpenApi.Access.ALL,
                OpenApi.Catalog.NONE);
        assertTrue(operations(doc2).contains("GET /api-docs"));
    }

    /** Names and bindings of a fake server. */
    record FakeCatalog(Map<String, List<String>> names, Map<String, Map<String, Object>> bound) implements OpenApi.Catalog {
        @Override
        public List<String> databases() {
            return new TreeSet<>(names.keySet()).stream().toList();
        }

        @Override
        public List<String> collections(String database) {
            return names.getOrDefault(database, List.of());
        }

        @Override
        public Optional<Map<String, Object>> boundSchema(String database, String collection) {
            return Optional.ofNullable(bound.get(database + "/" + collection));
        }
    }

    /** The ACL access of the document handler, over a predicate on paths. */
    static final class OpenApiEndpointsAccess {
        static OpenApi.Access of(MangroveHttp http, RouteTable table, java.util.function.Predicate<String> allowed) {
            return (verb, path) -> allowed.test(path);
        }
    }
}
