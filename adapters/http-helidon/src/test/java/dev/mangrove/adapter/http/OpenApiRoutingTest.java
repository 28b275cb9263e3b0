package dev.mangrove.adapter.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.mangrove.application.port.in.AccessDecision;
import dev.mangrove.domain.error.ErrorKind;
import dev.mangrove.domain.error.MangroveException;
import dev.mangrove.domain.resource.Mount;
import dev.mangrove.domain.resource.MountTable;
import dev.mangrove.domain.security.DataScope;
import io.helidon.http.HeaderNames;
import io.helidon.webclient.http1.Http1ClientResponse;
import io.helidon.webserver.http.HttpRouting;
import io.helidon.webserver.testing.junit5.DirectClient;
import io.helidon.webserver.testing.junit5.RoutingTest;
import io.helidon.webserver.testing.junit5.SetUpRoute;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code GET /_openapi} and the API page over HTTP with security on: the document authenticates its caller
 * but skips the ACL (it lists what the caller may use), has an ETag honoured by If-None-Match, comes as YAML
 * on request; the page and its assets are public, with a Content-Security-Policy.
 */
@RoutingTest
class OpenApiRoutingTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final DirectClient client;

    OpenApiRoutingTest(DirectClient client) {
        this.client = client;
    }

    @SetUpRoute
    static void routing(HttpRouting.Builder routing) {
        HttpSecurity security = new HttpSecurity((credentials, address) -> {
            throw MangroveException.of(ErrorKind.UNAUTHORIZED, "bad-credentials", "no");
        }, (credentials, address) -> {
            throw new IllegalStateException("no login in this test");
        }, request -> request.path().startsWith("/open") ? AccessDecision.allow(DataScope.UNRESTRICTED)
                : AccessDecision.deny("anonymous"), true, true, "test");
        MangroveHttp.create(MountTable.create(List.of(Mount.of("/shop", "/shop"), Mount.of("/open", "/open"))),
                        new FakeUseCases().useCases(), HttpSettings.DEFAULTS, (method, route, status, nanos) -> { })
                .withSecurity(security, CorsSettings.NONE)
                .routing(routing);
    }

    @Test
    void anonymousGetsTheDocumentOfWhatAnonymousMayUse() throws Exception {
        try (Http1ClientResponse r = client.get("/_openapi").request()) {
            assertEquals(200, r.status().code());
            assertEquals("application/json", r.headers().contentType().orElseThrow().mediaType().text());
            JsonNode doc = JSON.readTree(r.as(String.class));
            assertEquals("3.1.0", doc.get("openapi").asText());
            assertTrue(doc.get("paths").has("/open/{coll}"), doc.get("paths").toString());
            assertFalse(doc.get("paths").has("/shop/{coll}"), "anonymous may not use /shop");
            assertTrue(doc.get("paths").has("/token"));
            OpenApiDocumentTest.assertValid((com.fasterxml.jackson.databind.node.ObjectNode) doc);
        }
    }

    @Test
    void theEtagAnswers304() {
        String etag;
        try (Http1ClientResponse r = client.get("/_openapi").request()) {
            etag = r.headers().first(HeaderNames.ETAG).orElseThrow();
        }
        try (Http1ClientResponse r = client.get("/_openapi").header(HeaderNames.IF_NONE_MATCH, etag).request()) {
            assertEquals(304, r.status().code());
        }
        try (Http1ClientResponse r = client.get("/_openapi").header(HeaderNames.IF_NONE_MATCH, "\"other\"").request()) {
            assertEquals(200, r.status().code());
        }
    }

    @Test
    void yamlOnRequestAndABadFormatIs400() throws Exception {
        try (Http1ClientResponse r = client.get("/_openapi").queryParam("format", "yaml").request()) {
            assertEquals(200, r.status().code());
            assertEquals("application/yaml", r.headers().contentType().orElseThrow().mediaType().text());
            JsonNode doc = new ObjectMapper(new YAMLFactory()).readTree(r.as(String.class));
            assertEquals("3.1.0", doc.get("openapi").asText());
        }
        try (Http1ClientResponse r = client.get("/_openapi").queryParam("format", "xml").request()) {
            assertEquals(400, r.status().code());
            assertTrue(r.headers().contentType().orElseThrow().mediaType().text().equals("application/problem+json"));
        }
    }

    @Test
    void badCredentialsOnTheDocumentAre401() {
        try (Http1ClientResponse r = client.get("/_openapi").header(HeaderNames.AUTHORIZATION, "Basic eDp5").request()) {
            assertEquals(401, r.status().code());
        }
    }

    @Test
    void thePageAndItsAssetsArePublicWithACsp() {
        try (Http1ClientResponse r = client.get("/_docs").request()) {
            assertEquals(200, r.status().code());
            String csp = r.headers().first(io.helidon.http.HeaderNames.create("Content-Security-Policy")).orElseThrow();
            assertTrue(csp.contains("script-src 'self'") && csp.contains("connect-src 'self'"), csp);
            String html = r.as(String.class);
            assertTrue(html.contains("/_docs/swagger-ui-bundle.js"), html);
            assertFalse(html.contains("http"), "no CDN: every asset comes from this server");
        }
        try (Http1ClientResponse r = client.head("/_docs").request()) {
            assertEquals(200, r.status().code(), "HEAD is public as GET");
        }
        try (Http1ClientResponse r = client.head("/_openapi").request()) {
            assertEquals(200, r.status().code());
            assertTrue(r.headers().first(HeaderNames.ETAG).isPresent());
        }
        try (Http1ClientResponse r = client.get("/_docs/swagger-ui-bundle.js").request()) {
            assertEquals(200, r.status().code());
            assertTrue(r.as(String.class).contains("SwaggerUIBundle"));
        }
        try (Http1ClientResponse r = client.get("/_docs/mangrove-init.js").request()) {
            assertEquals(200, r.status().code());
            assertTrue(r.as(String.class).contains("'/_openapi'"));
        }
        try (Http1ClientResponse r = client.get("/_docs/../../etc/passwd").request()) {
            assertTrue(r.status().code() >= 400);
        }
        try (Http1ClientResponse r = client.get("/_docs/index.html").request()) {
            assertEquals(404, r.status().code());
        }
    }
}
