package dev.mangrove.adapter.http;

import dev.mangrove.application.port.in.AccessDecision;
import dev.mangrove.application.port.in.AccessRequest;
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
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The security filter with the route table: a refused request is labelled with its own route or
 * {@code unmatched}, never with the route of another resource; the filter's one resolution reaches the
 * handler with the caller's scope.
 */
@RoutingTest
class SecuredRoutingTest {
    static final FakeUseCases FAKES = new FakeUseCases();
    static final List<String> LABELS = new CopyOnWriteArrayList<>();
    static final List<AccessRequest> ASKED = new CopyOnWriteArrayList<>();

    private final DirectClient client;

    SecuredRoutingTest(DirectClient client) {
        this.client = client;
    }

    @SetUpRoute
    static void routing(HttpRouting.Builder routing) {
        HttpSecurity security = new HttpSecurity((credentials, address) -> {
            throw MangroveException.of(ErrorKind.UNAUTHORIZED, "bad-credentials", "no");
        }, (credentials, address) -> {
            throw new IllegalStateException("no login in this test");
        }, request -> {
            ASKED.add(request);
            return request.principal().isAnonymous() && !request.path().startsWith("/open")
                    ? AccessDecision.deny("anonymous") : AccessDecision.allow(DataScope.UNRESTRICTED);
        }, true, false, "test");
        // one database mounted at /shop, one at /open; /metrics is served by the host
        MangroveHttp.create(MountTable.create(List.of(Mount.of("/shop", "/shop"), Mount.of("/open", "/open"))),
                        FAKES.useCases(), HttpSettings.DEFAULTS,
                        (method, route, status, nanos) -> LABELS.add(method + " " + route + " " + status))
                .withSecurity(security, CorsSettings.NONE)
                .withGet("/metrics", (req, res) -> res.send("metrics"))
                .routing(routing);
    }

    @BeforeEach
    void reset() {
        FAKES.reset();
        LABELS.clear();
        ASKED.clear();
    }

    private void assertLabel(String path, String expected) {
        try (Http1ClientResponse r = client.get(path).request()) {
            assertEquals(401, r.status().code(), path);
            assertTrue(r.headers().first(HeaderNames.WWW_AUTHENTICATE).isPresent(), path);
        }
        ApiRoutingTest.awaitLabel(LABELS, expected);
    }

    @Test
    void aRefusedRequestIsLabelledWithItsOwnRoute() {
        assertLabel("/metrics", "GET /metrics 401");
        assertLabel("/shop/things/42", "GET /shop/{coll}/{docid} 401");
        assertLabel("/shop", "GET /shop 401");
    }

    @Test
    void aRefusedRequestToNothingIsUnmatched() {
        assertLabel("/elsewhere/things", "GET unmatched 401");
        LABELS.clear();
        assertLabel("/a.b/coll", "GET unmatched 401");
        assertEquals(List.of(), FAKES.calls);
    }

    @Test
    void theAclSeesTheOneResolutionAndTheHandlerServesIt() {
        try (Http1ClientResponse r = client.get("/open/things/42").request()) {
            assertEquals(200, r.status().code(), ApiRoutingTest.body(r));
        }
        assertTrue(!ASKED.isEmpty());
        for (AccessRequest asked : ASKED) {
            assertEquals(Optional.of("things"), asked.resource().map(resource -> resource.collection().value()));
            assertTrue(asked.principal().isAnonymous());
        }
        assertEquals(List.of("GetDocumentUseCase.get"), FAKES.calls);
        ApiRoutingTest.awaitLabel(LABELS, "GET /open/{coll}/{docid} 200");
    }

    @Test
    void badCredentialsAreRefusedBeforeTheHostsEndpoint() {
        try (Http1ClientResponse r = client.get("/metrics").header(HeaderNames.AUTHORIZATION, "Basic eDp5").request()) {
            assertEquals(401, r.status().code());
            assertTrue(ApiRoutingTest.body(r).contains("bad-credentials"));
        }
        ApiRoutingTest.awaitLabel(LABELS, "GET /metrics 401");
    }
}
