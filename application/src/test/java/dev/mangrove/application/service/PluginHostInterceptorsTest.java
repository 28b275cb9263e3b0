package dev.mangrove.application.service;

import dev.mangrove.plugin.spi.InterceptedRequest;
import dev.mangrove.plugin.spi.InterceptedResponse;
import dev.mangrove.domain.document.Document;
import dev.mangrove.domain.error.ErrorKind;
import dev.mangrove.domain.error.MangroveException;
import dev.mangrove.domain.resource.ResourceKind;
import dev.mangrove.domain.resource.Verb;
import dev.mangrove.domain.security.DataScope;
import dev.mangrove.plugin.spi.Interceptor;
import dev.mangrove.plugin.spi.Plugin;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The interceptor contract: order, changes, vetoes, unique names. */
class PluginHostInterceptorsTest {
    private static LoadedPlugin plugin(String name, Interceptor... interceptors) {
        return new LoadedPlugin(name, "", "1.0", new Plugin() {
            @Override
            public List<Interceptor> interceptors() {
                return List.of(interceptors);
            }
        }, "test");
    }

    private static Interceptor recording(String name, int order, List<String> log) {
        return new Interceptor() {
            @Override
            public String name() {
                return name;
            }

            @Override
            public int order() {
                return order;
            }

            @Override
            public InterceptedRequest before(InterceptedRequest request) {
                log.add("before " + name);
                return request.withParameter("seen", request.parameter("seen").orElse("") + name);
            }

            @Override
            public InterceptedResponse after(InterceptedRequest request, InterceptedResponse response) {
                log.add("after " + name);
                return response.withHeader("X-Last", name);
            }
        };
    }

    static InterceptedRequest request() {
        return new InterceptedRequest(Verb.GET, "/db/c", ResourceKind.COLLECTION, null, null,
                Map.of("page", List.of("1")), Map.of("Accept", List.of("application/json")), Optional.empty(),
                DataScope.UNRESTRICTED);
    }

    @Test
    void beforeRunsInAscendingOrderAndAfterInReverse() {
        List<String> log = new ArrayList<>();
        PluginHost registry = PluginHost.create(List.of(
                plugin("p1", recording("late", 5, log), recording("b", 0, log)),
                plugin("p2", recording("early", -5, log), recording("a", 0, log))));
        assertEquals(List.of("early", "a", "b", "late"), registry.interceptorNames());
        InterceptedRequest changed = registry.before(request());
        assertEquals("earlyablate", changed.parameter("seen").orElseThrow());
        assertEquals("1", changed.parameter("page").orElseThrow(), "other parameters stay");
        InterceptedResponse response = registry.after(changed, new InterceptedResponse(200, Map.of(), Optional.empty()));
        assertEquals("early", response.headers().get("X-Last"), "the first before is the last after");
        assertEquals(List.of("before early", "before a", "before b", "before late",
                "after late", "after b", "after a", "after early"), log);
        assertFalse(registry.isEmpty());
    }

    @Test
    void aVetoStopsTheChain() {
        List<String> log = new ArrayList<>();
        Interceptor veto = new Interceptor() {
            @Override
            public String name() {
                return "veto";
            }

            @Override
            public InterceptedRequest before(InterceptedRequest request) {
                throw MangroveException.forbidden("vetoed", "no");
            }
        };
        PluginHost registry = PluginHost.create(List.of(plugin("p", veto, recording("later", 1, log))));
        MangroveException e = assertThrows(MangroveException.class, () -> registry.before(request()));
        assertEquals(ErrorKind.FORBIDDEN, e.kind());
        assertTrue(log.isEmpty(), "later interceptors do not run");
    }

    @Test
    void duplicateInterceptorNamesStopStartUp() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> PluginHost.create(List.of(
                plugin("one", recording("same", 0, new ArrayList<>())),
                plugin("two", recording("same", 1, new ArrayList<>())))));
        assertTrue(e.getMessage().contains("same") && e.getMessage().contains("one") && e.getMessage().contains("two"),
                e.getMessage());
    }

    @Test
    void aRequestNoInterceptorAsksForSkipsTheChain() {
        Interceptor onParameter = new Interceptor() {
            @Override
            public String name() {
                return "on-parameter";
            }

            @Override
            public boolean appliesTo(ResourceKind kind, java.util.Set<String> parameterNames) {
                return parameterNames.contains("wanted");
            }
        };
        Interceptor always = recording("always", 0, new ArrayList<>());
        PluginHost parameterOnly = PluginHost.create(List.of(plugin("p", onParameter)));
        assertFalse(parameterOnly.appliesTo(ResourceKind.DOCUMENT, java.util.Set.of("id_type")));
        assertTrue(parameterOnly.appliesTo(ResourceKind.DOCUMENT, java.util.Set.of("id_type", "wanted")));
        PluginHost both = PluginHost.create(List.of(plugin("p", onParameter), plugin("q", always)));
        assertTrue(both.appliesTo(ResourceKind.DOCUMENT, java.util.Set.of()), "an interceptor that says nothing runs always");
    }

    @Test
    void anInterceptorRunsOnlyForTheKindsItAppliesTo() {
        List<String> log = new ArrayList<>();
        Interceptor documentsOnly = new Interceptor() {
            @Override
            public String name() {
                return "documents-only";
            }

            @Override
            public boolean appliesTo(ResourceKind kind) {
                return kind == ResourceKind.DOCUMENT;
            }

            @Override
            public InterceptedRequest before(InterceptedRequest request) {
                log.add("before " + request.kind());
                return request;
            }
        };
        PluginHost host = PluginHost.create(List.of(plugin("p", documentsOnly)));
        assertTrue(host.appliesTo(ResourceKind.DOCUMENT));
        assertFalse(host.appliesTo(ResourceKind.COLLECTION), "a request to a collection pays for nothing");
        assertEquals(List.of(), host.interceptorNames(ResourceKind.ROOT));
        host.before(request());
        assertEquals(List.of(), log, "the collection request did not run it");
        host.before(new InterceptedRequest(Verb.GET, "/db/c/1", ResourceKind.DOCUMENT, null, null, Map.of(), Map.of(),
                Optional.empty(), DataScope.UNRESTRICTED));
        assertEquals(List.of("before DOCUMENT"), log);
    }

    @Test
    void noInterceptorsIsEmpty() {
        assertTrue(PluginHost.create(List.of()).isEmpty());
    }

    @Test
    void requestsAndResponsesChangeOnlyByCopy() {
        InterceptedRequest original = request();
        InterceptedRequest changed = original.withHeader("X-A", "1").withoutParameter("page");
        assertTrue(original.header("x-a").isEmpty());
        assertEquals("1", changed.header("X-A").orElseThrow(), "header names ignore case");
        assertEquals("application/json", changed.header("accept").orElseThrow());
        assertTrue(changed.parameter("page").isEmpty());
        InterceptedResponse none = new InterceptedResponse(204, Map.of(), Optional.empty());
        assertThrows(IllegalStateException.class, () -> none.withDocuments(List.of()), "no documents to replace");
        InterceptedResponse docs = new InterceptedResponse(200, Map.of(), Optional.of(List.of(Document.empty())));
        assertEquals(0, docs.withDocuments(List.of()).documents().orElseThrow().size());
        assertEquals(418, docs.withStatus(418).status());
        assertThrows(IllegalArgumentException.class, () -> docs.withStatus(42));
    }
}
