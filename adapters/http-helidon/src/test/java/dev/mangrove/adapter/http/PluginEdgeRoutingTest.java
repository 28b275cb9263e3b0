package dev.mangrove.adapter.http;

import dev.mangrove.application.port.in.ExtensionUseCase;
import dev.mangrove.application.port.in.InterceptorChain;
import dev.mangrove.domain.document.Document;
import dev.mangrove.domain.resource.Mount;
import dev.mangrove.domain.resource.MountTable;
import dev.mangrove.domain.resource.ResourceKind;
import dev.mangrove.plugin.spi.DocumentStream;
import dev.mangrove.plugin.spi.ExtensionResponse;
import dev.mangrove.plugin.spi.InterceptedRequest;
import dev.mangrove.plugin.spi.InterceptedResponse;
import io.helidon.http.HeaderNames;
import io.helidon.webclient.http1.Http1ClientResponse;
import io.helidon.webserver.http.HttpRouting;
import io.helidon.webserver.testing.junit5.DirectClient;
import io.helidon.webserver.testing.junit5.RoutingTest;
import io.helidon.webserver.testing.junit5.SetUpRoute;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The plugin side of the edge with fakes: every response kind a plugin can answer, and interceptors that
 * run on the parsed request (their changes reach the handler) and only for the kinds they apply to.
 */
@RoutingTest
class PluginEdgeRoutingTest {
    static final FakeUseCases FAKES = new FakeUseCases();
    static final List<ResourceKind> INTERCEPTED = new CopyOnWriteArrayList<>();
    private final DirectClient client;

    PluginEdgeRoutingTest(DirectClient client) {
        this.client = client;
    }

    @SetUpRoute
    static void routing(HttpRouting.Builder routing) {
        List<Document> three = List.of(new Document(Map.of("n", 1)), new Document(Map.of("n", 2)),
                new Document(Map.of("n", 3)));
        ExtensionUseCase plugins = request -> Optional.of(switch (request.name()) {
            case "_bytes" -> ExtensionResponse.bytes("text/plain; charset=utf-8",
                    "hi".getBytes(StandardCharsets.UTF_8));
            case "_stream" -> ExtensionResponse.documents(DocumentStream.of(three));
            case "_events" -> ExtensionResponse.events(sink -> {
                sink.send("tick", Map.of("n", 1));
                sink.send(null, Map.of("n", 2));
            });
            default -> ExtensionResponse.ok(Map.of("name", request.name())).withHeader("X-Plugin", "yes");
        });
        // pages of two on collections, and marks which kinds it ran for; never runs on documents
        InterceptorChain chain = new InterceptorChain() {
            @Override
            public InterceptedRequest before(InterceptedRequest request) {
                INTERCEPTED.add(request.kind());
                return request.kind() == ResourceKind.COLLECTION ? request.withParameter("pagesize", "2") : request;
            }

            @Override
            public InterceptedResponse after(InterceptedRequest request, InterceptedResponse response) {
                return response.withHeader("X-Intercepted", request.kind().name());
            }

            @Override
            public boolean isEmpty() {
                return false;
            }

            @Override
            public boolean appliesTo(ResourceKind kind) {
                return kind != ResourceKind.DOCUMENT;
            }
        };
        MangroveHttp.create(MountTable.create(List.of(Mount.of("*", "/"))), FAKES.useCases(), HttpSettings.DEFAULTS,
                RequestObserver.NONE, plugins, chain).routing(routing);
    }

    @BeforeEach
    void reset() {
        FAKES.reset();
        INTERCEPTED.clear();
    }

    @Test
    void aJsonValueWithItsHeaders() {
        try (Http1ClientResponse r = client.get("/_json").request()) {
            assertEquals(200, r.status().code());
            assertEquals("{\"name\":\"_json\"}", r.as(String.class));
            assertEquals("yes", r.headers().first(HeaderNames.create("X-Plugin")).orElse(null));
        }
    }

    @Test
    void bytesWithTheirContentType() {
        try (Http1ClientResponse r = client.get("/_bytes").request()) {
            assertEquals("hi", r.as(String.class));
            assertEquals("text/plain; charset=utf-8", r.headers().contentType().orElseThrow().text());
        }
    }

    @Test
    void aStreamOfDocumentsAsAJsonArrayOrNdjson() {
        try (Http1ClientResponse r = client.get("/_stream").request()) {
            assertEquals("[{\"n\":1},{\"n\":2},{\"n\":3}]", r.as(String.class));
        }
        try (Http1ClientResponse r = client.get("/_stream").header(HeaderNames.ACCEPT, "application/x-ndjson")
                .request()) {
            assertEquals("{\"n\":1}\n{\"n\":2}\n{\"n\":3}\n", r.as(String.class));
            assertEquals("application/x-ndjson", r.headers().contentType().orElseThrow().text());
        }
    }

    @Test
    void serverSentEvents() {
        try (Http1ClientResponse r = client.get("/_events").request()) {
            assertEquals("text/event-stream", r.headers().contentType().orElseThrow().text());
            assertEquals("event: tick\ndata: {\"n\":1}\n\ndata: {\"n\":2}\n\n", r.as(String.class));
        }
    }

    @Test
    void theHandlerServesTheRequestTheInterceptorsChanged() {
        try (Http1ClientResponse r = client.get("/db/coll").queryParam("sort", "{\"a\":1}").request()) {
            assertEquals(200, r.status().code());
            String link = r.headers().first(HeaderNames.LINK).orElse("");
            assertTrue(link.contains("pagesize=2"), link);
            assertEquals("COLLECTION", r.headers().first(HeaderNames.create("X-Intercepted")).orElse(null));
        }
        assertEquals(List.of(ResourceKind.COLLECTION), INTERCEPTED);
    }

    @Test
    void aRequestPaysOnlyForTheInterceptorsThatApply() {
        try (Http1ClientResponse r = client.get("/db/coll/1").request()) {
            assertEquals(200, r.status().code());
            assertTrue(r.headers().first(HeaderNames.create("X-Intercepted")).isEmpty());
        }
        assertEquals(List.of(), INTERCEPTED);
        assertEquals(List.of("GetDocumentUseCase.get"), FAKES.calls);
    }
}
