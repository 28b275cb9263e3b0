package dev.mangrove.bootstrap.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import dev.mangrove.bootstrap.Mangrove;
import io.swagger.v3.parser.OpenAPIV3Parser;
import io.swagger.v3.parser.core.models.ParseOptions;
import io.swagger.v3.parser.core.models.SwaggerParseResult;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code GET /_openapi} of real servers (docs/api.md#openapi): for the default configuration, with the plugins
 * disabled, with a collection bound to a JSON Schema and with security on, the document validates with
 * swagger-parser with no message, and it lists exactly what the server's router answers (asked with
 * {@code OPTIONS} on a path of every kind).
 */
class OpenApiE2ETest {
    /** A path of every kind the router resolves, under the default mount. */
    private static final List<String> SAMPLES = List.of("/", "/db", "/db/_meta", "/db/_size", "/db/_schemas",
            "/db/_schemas/s1", "/db/coll", "/db/coll/_meta", "/db/coll/_size", "/db/coll/*", "/db/coll/_indexes",
            "/db/coll/_indexes/i1", "/db/coll/_aggrs/a1", "/db/coll/_aggregate", "/db/coll/_distinct",
            "/db/coll/_streams/s1", "/db/coll/d1");

    static JsonNode validDocument(Http http, String... headers) {
        Http.Response r = http.get("/_openapi", headers);
        assertEquals(200, r.status(), r.toString());
        SwaggerParseResult result = new OpenAPIV3Parser().readContents(r.body(), null, new ParseOptions());
        assertNotNull(result.getOpenAPI(), () -> "not parsed: " + result.getMessages());
        assertEquals(List.of(), result.getMessages(), "swagger-parser messages");
        return r.json();
    }

    /** The documented verbs of the document path that matches a concrete path (a placeholder is never a reserved {@code _name}). */
    private static Set<String> documented(JsonNode doc, String path) {
        Set<String> verbs = new TreeSet<>();
        String best = null;
        for (String template : (Iterable<String>) doc.get("paths")::fieldNames) {
            String regex = Arrays.stream(template.split("/", -1)).map(s -> s.matches("\\{[^}]+}") ? "[^/_][^/]*"
                    : Pattern.quote(s)).collect(Collectors.joining("/"));
            if (path.matches(regex) && (best == null || template.chars().filter(c -> c == '{').count()
                    < best.chars().filter(c -> c == '{').count())) {
                best = template;
            }
        }
        if (best != null) {
            doc.get("paths").get(best).fieldNames().forEachRemaining(v -> verbs.add(v.toUpperCase(Locale.ROOT)));
        }
        return verbs;
    }

    /** What the router answers on a path, by its Allow header (OPTIONS, or the plugin's 405). */
    private static Set<String> answered(Http http, String path) {
        Http.Response r = http.send("OPTIONS", path, null, null);
        Set<String> verbs = new TreeSet<>();
        r.header("Allow").ifPresent(allow -> Arrays.stream(allow.split(",")).map(String::trim)
                .filter(v -> !v.isEmpty() && !v.equals("HEAD") && !v.equals("OPTIONS")).forEach(verbs::add));
        return verbs;
    }

    private static void assertMatchesTheRouter(Http http, JsonNode doc) {
        for (String sample : SAMPLES) {
            assertEquals(answered(http, sample), documented(doc, sample), sample);
        }
    }

    @Test
    void theDefaultServerDocumentsExactlyWhatItsRouterAnswers() {
        Http http = new Http(TestServer.shared().url());
        JsonNode doc = validDocument(http);
        assertMatchesTheRouter(http, doc);
        assertTrue(doc.get("paths").has("/{db}/{coll}/_distinct"), "the distinct plugin is on by default");
        assertTrue(doc.get("paths").has("/_plugins"));
        assertTrue(doc.at("/paths/~1{db}~1{coll}~1_distinct/get/parameters")
                .toString().contains("\"fields\""));
        for (String fixed : List.of("/health/live", "/health/ready", "/metrics", "/_openapi", "/_docs")) {
            assertTrue(doc.get("paths").has(fixed), fixed);
            assertEquals(200, http.get(fixed).status(), fixed);
        }
        // the transactions API is served outside the route table: listed too, and answered (501 without a replica set)
        assertTrue(doc.at("/paths/~1_sessions/post").isObject(), "POST /_sessions is listed");
        assertTrue(doc.at("/paths/~1_sessions~1{sid}~1_txns~1{n}/patch/parameters").toString().contains("\"sid\""));
        assertTrue(http.post("/_sessions", "").status() != 404, "POST /_sessions is served");
        Http.Response yaml = http.get("/_openapi?format=yaml");
        assertEquals(200, yaml.status());
        assertTrue(yaml.body().startsWith("openapi: 3.1.0"), yaml.body().substring(0, 40));
        String etag = http.get("/_openapi").header("ETag").orElseThrow();
        assertEquals(304, http.get("/_openapi", "If-None-Match", etag).status());
    }

    @Test
    void withThePluginsDisabledTheirResourcesAreNotListed() {
        try (Mangrove server = TestServer.start(Map.of("mangrove.plugins.distinct.enabled", "false",
                "mangrove.plugins.aggregate.enabled", "false", "mangrove.plugins.embedding.enabled", "false"))) {
            Http http = new Http(server.url());
            JsonNode doc = validDocument(http);
            assertMatchesTheRouter(http, doc);
            List<String> paths = new ArrayList<>();
            doc.get("paths").fieldNames().forEachRemaining(paths::add);
            assertFalse(paths.stream().anyMatch(p -> p.contains("_distinct") || p.contains("_aggr")), paths::toString);
            assertEquals(501, http.get("/db/coll/_distinct?fields=a").status(), "the router does not serve it either");
        }
    }

    @Test
    void aCollectionBoundToAJsonSchemaIsDocumentedWithThatSchema() {
        Http http = new Http(TestServer.shared().url());
        String db = "/" + TestServer.freshDatabase("openapi");
        assertEquals(201, http.put(db, "{}").status());
        assertEquals(201, http.put(db + "/_schemas/product", "{\"type\": \"object\", \"required\": [\"name\"], "
                + "\"properties\": {\"name\": {\"type\": \"string\"}, \"price\": {\"type\": \"number\"}}}").status());
        assertEquals(201, http.put(db + "/products", "{\"jsonSchema\": {\"schemaId\": \"product\"}}").status());
        JsonNode doc = validDocument(http);
        String name = db.substring(1) + ".products";
        assertEquals("#/components/schemas/" + name, doc.at("/paths/" + (db + "/products/{docid}").replace("/", "~1")
                + "/get/responses/200/content/application~1json/schema/$ref").asText());
        assertEquals("string", doc.at("/components/schemas/" + name + "/properties/name/type").asText());
        assertEquals("name", doc.at("/components/schemas/" + name + "/required/0").asText());
    }

    @Test
    void withSecurityOnTheDocumentListsWhatTheCallerMayUse() {
        String password = "Adm1n-pass-openapi";
        try (Mangrove server = TestServer.start(AuthenticationE2ETest.secured(Map.of("mangrove.admin.password",
                password)))) {
            Http http = new Http(server.url());
            JsonNode anonymous = validDocument(http);
            assertTrue(anonymous.get("paths").has("/token"));
            assertFalse(anonymous.get("paths").has("/{db}/{coll}"), "anonymous may not use the collections");
            assertEquals("bearer", anonymous.at("/components/securitySchemes/bearerAuth/scheme").asText());
            assertEquals("basic", anonymous.at("/components/securitySchemes/basicAuth/scheme").asText());
            JsonNode admin = validDocument(http, AuthenticationE2ETest.auth("admin", password));
            assertTrue(admin.get("paths").has("/{db}/{coll}"), "the root role may use everything");
            assertTrue(admin.get("paths").has("/metrics"));
            assertEquals(401, http.get("/_openapi", AuthenticationE2ETest.auth("admin", "wrong")).status());
            assertEquals(200, http.get("/_docs").status(), "the page is public");
        }
    }
}
