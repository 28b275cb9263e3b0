package dev.mangrove.application.service;

import dev.mangrove.domain.error.ErrorKind;
import dev.mangrove.plugin.spi.ExtensionRequest;
import dev.mangrove.plugin.spi.ExtensionResponse;
import dev.mangrove.plugin.spi.ExtensionScope;
import dev.mangrove.domain.error.MangroveException;
import dev.mangrove.domain.resource.Verb;
import dev.mangrove.plugin.spi.Endpoint;
import dev.mangrove.plugin.spi.Plugin;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PluginHostTest {
    private static LoadedPlugin plugin(String name, Endpoint... endpoints) {
        return new LoadedPlugin(name, "", "1.0", new Plugin() {
            @Override
            public List<Endpoint> endpoints() {
                return List.of(endpoints);
            }
        }, "test");
    }

    private static Endpoint endpoint(ExtensionScope scope, String name, String answer) {
        return new Endpoint(scope, name, Set.of(Verb.GET), r -> ExtensionResponse.ok(Map.of("a", answer)));
    }

    private static ExtensionRequest request(Verb verb, ExtensionScope scope, String name) {
        return new ExtensionRequest(verb, scope, name, null, null, List.of(), Map.of(),
                dev.mangrove.domain.query.Filter.ALL, null);
    }

    @Test
    void servesRegisteredEndpointsByScopeAndName() {
        PluginHost registry = PluginHost.create(List.of(
                plugin("one", endpoint(ExtensionScope.ROOT, "_x", "root")),
                plugin("two", endpoint(ExtensionScope.COLLECTION, "_x", "coll"))));
        assertEquals(Map.of("a", "root"), registry.handle(request(Verb.GET, ExtensionScope.ROOT, "_x")).orElseThrow().body());
        assertEquals(Map.of("a", "coll"),
                registry.handle(request(Verb.GET, ExtensionScope.COLLECTION, "_x")).orElseThrow().body());
        assertTrue(registry.handle(request(Verb.GET, ExtensionScope.DATABASE, "_x")).isEmpty());
        assertEquals(List.of("one", "two"), registry.names());
    }

    @Test
    void anUnservedVerbIs405WithAllow() {
        PluginHost registry = PluginHost.create(List.of(plugin("one", endpoint(ExtensionScope.ROOT, "_x", "r"))));
        MangroveException e = assertThrows(MangroveException.class, () ->
                registry.handle(request(Verb.POST, ExtensionScope.ROOT, "_x")));
        assertEquals(ErrorKind.METHOD_NOT_ALLOWED, e.kind());
        assertEquals(Optional.of(List.of("GET")), e.allowed());
    }

    @Test
    void aPathEndpointServesEveryPathUnderItsPrefixAndRendersItsOwnErrors() {
        Endpoint owned = Endpoint.path("/app/*/endpoint", Set.of(Verb.POST), r -> ExtensionResponse.ok(r.rest()),
                (failure, status) -> ExtensionResponse.ok(Map.of("mine", failure.code())).withStatus(status));
        PluginHost registry = PluginHost.create(List.of(plugin("owner", owned)));
        assertEquals(List.of("/app/*/endpoint"), registry.ownedPaths());
        ExtensionRequest request = new ExtensionRequest(Verb.POST, ExtensionScope.PATH, "/app/*/endpoint", null, null,
                List.of("app", "x", "endpoint", "go"), Map.of(), dev.mangrove.domain.query.Filter.ALL, null);
        assertEquals(List.of("app", "x", "endpoint", "go"), registry.handle(request).orElseThrow().body());
        ExtensionResponse rendered = registry.renderFailure("/app/*/endpoint",
                MangroveException.badRequest("bad-thing", "no"), 400).orElseThrow();
        assertEquals(400, rendered.status());
        assertEquals(Map.of("mine", "bad-thing"), rendered.body());
        assertTrue(registry.renderFailure("/other", MangroveException.badRequest("x", "y"), 400).isEmpty());
    }

    @Test
    void aPathEndpointCannotClaimWhatTheServerServes() {
        for (String prefix : List.of("/health", "/metrics/x", "/token", "/login/*", "/me")) {
            Endpoint endpoint = Endpoint.path(prefix, Set.of(Verb.GET), r -> ExtensionResponse.ok(1),
                    (f, s) -> ExtensionResponse.ok(2));
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> PluginHost.create(List.of(plugin("greedy", endpoint))), prefix);
            assertTrue(e.getMessage().contains(prefix), e.getMessage());
        }
        assertThrows(IllegalArgumentException.class, () -> Endpoint.path("/_plugins", Set.of(Verb.GET),
                r -> ExtensionResponse.ok(1), (f, s) -> ExtensionResponse.ok(2)));
        assertThrows(IllegalArgumentException.class, () -> Endpoint.path("/*/x", Set.of(Verb.GET),
                r -> ExtensionResponse.ok(1), (f, s) -> ExtensionResponse.ok(2)));
        assertThrows(IllegalArgumentException.class, () -> new Endpoint(ExtensionScope.ROOT, "_x", Set.of(Verb.GET),
                r -> ExtensionResponse.ok(1), (f, s) -> ExtensionResponse.ok(2),
                dev.mangrove.plugin.spi.EndpointDescription.NONE));
    }

    @Test
    void duplicateNamesStopStartUp() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> PluginHost.create(List.of(
                plugin("same", endpoint(ExtensionScope.ROOT, "_a", "1")),
                plugin("same", endpoint(ExtensionScope.ROOT, "_b", "2")))));
        assertTrue(e.getMessage().contains("same"), e.getMessage());
    }

    @Test
    void duplicatePathsStopStartUp() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> PluginHost.create(List.of(
                plugin("first", endpoint(ExtensionScope.DATABASE, "_a", "1")),
                plugin("second", endpoint(ExtensionScope.DATABASE, "_a", "2")))));
        assertTrue(e.getMessage().contains("first") && e.getMessage().contains("second")
                && e.getMessage().contains("/{db}/_a"), e.getMessage());
    }

    @Test
    void endpointNamesMustBeReservedSegments() {
        assertThrows(IllegalArgumentException.class, () -> endpoint(ExtensionScope.ROOT, "hello", "x"));
        assertThrows(IllegalArgumentException.class, () -> endpoint(ExtensionScope.ROOT, "_", "x"));
        assertThrows(IllegalArgumentException.class, () ->
                new Endpoint(ExtensionScope.ROOT, "_x", Set.of(), r -> ExtensionResponse.ok(null)));
    }

    @Test
    void thePluginsAreListedWithTheirMetadataAtUnderscorePlugins() {
        PluginHost host = PluginHost.create(List.of(
                new LoadedPlugin("one", "says one", "2.1", new Plugin() {
                    @Override
                    public List<Endpoint> endpoints() {
                        return List.of(endpoint(ExtensionScope.COLLECTION, "_one", "1"));
                    }
                }, "test")));
        Object body = host.handle(request(Verb.GET, ExtensionScope.ROOT, PluginHost.LISTING)).orElseThrow().body();
        assertEquals(List.of(Map.of("name", "one", "description", "says one", "version", "2.1",
                "endpoints", List.of("GET /{db}/{coll}/_one"), "interceptors", List.of())), body);
        MangroveException e = assertThrows(MangroveException.class, () ->
                host.handle(request(Verb.POST, ExtensionScope.ROOT, PluginHost.LISTING)));
        assertEquals(ErrorKind.METHOD_NOT_ALLOWED, e.kind());
        assertTrue(host.handle(request(Verb.GET, ExtensionScope.DATABASE, PluginHost.LISTING)).isEmpty(),
                "only at the root");
    }

    @Test
    void aPluginCannotClaimTheListing() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> PluginHost.create(List.of(
                plugin("thief", endpoint(ExtensionScope.ROOT, PluginHost.LISTING, "x")))));
        assertTrue(e.getMessage().contains("thief"), e.getMessage());
    }
}
