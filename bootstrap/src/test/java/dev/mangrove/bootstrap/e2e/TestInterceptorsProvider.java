package dev.mangrove.bootstrap.e2e;

import dev.mangrove.plugin.spi.InterceptedRequest;
import dev.mangrove.plugin.spi.InterceptedResponse;
import dev.mangrove.domain.document.Document;
import dev.mangrove.domain.error.MangroveException;
import dev.mangrove.plugin.spi.Interceptor;
import dev.mangrove.plugin.spi.Plugin;
import dev.mangrove.plugin.spi.PluginContext;
import dev.mangrove.plugin.spi.PluginProvider;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Interceptors for {@link InterceptorsE2ETest}, on the test classpath only and inert unless
 * {@code mangrove.plugins.test-interceptors.active=true}: vetoes requests with {@code X-Veto}, turns
 * {@code X-Page-Size} into the {@code pagesize} parameter, marks documents and turns {@code X-Status}
 * into the response status.
 */
public final class TestInterceptorsProvider implements PluginProvider {
    @Override
    public String name() {
        return "test-interceptors";
    }

    @Override
    public Plugin create(PluginContext context) {
        boolean active = Boolean.parseBoolean(context.configuration().getOrDefault("active", "false"));
        Interceptor veto = new Interceptor() {
            @Override
            public String name() {
                return "test-veto";
            }

            @Override
            public int order() {
                return -10;
            }

            @Override
            public InterceptedRequest before(InterceptedRequest request) {
                if (request.header("X-Veto").isPresent()) {
                    throw MangroveException.forbidden("vetoed", "Vetoed by test-veto: " + request.header("X-Veto").get());
                }
                return request;
            }
        };
        Interceptor rewrite = new Interceptor() {
            @Override
            public String name() {
                return "test-rewrite";
            }

            @Override
            public InterceptedRequest before(InterceptedRequest request) {
                InterceptedRequest out = request;
                if (request.header("X-Page-Size").isPresent()) {
                    out = out.withParameter("pagesize", request.header("X-Page-Size").get());
                }
                if (request.header("X-Mark").isPresent()) {
                    // a header for the after step, set by before
                    out = out.withHeader("X-Marked-By", "test-rewrite");
                }
                return out;
            }

            @Override
            public InterceptedResponse after(InterceptedRequest request, InterceptedResponse response) {
                InterceptedResponse out = response;
                if (request.header("X-Marked-By").isPresent() && response.documents().isPresent()) {
                    out = out.withDocuments(response.documents().get().stream().map(d -> {
                        Map<String, Object> fields = new LinkedHashMap<>(d.fields());
                        fields.put("marked", true);
                        return new Document(fields);
                    }).toList()).withHeader("X-Documents", String.valueOf(response.documents().get().size()));
                }
                if (request.header("X-Status").isPresent()) {
                    out = out.withStatus(Integer.parseInt(request.header("X-Status").get()));
                }
                return out;
            }
        };
        return new Plugin() {
            @Override
            public List<Interceptor> interceptors() {
                return active ? List.of(veto, rewrite) : List.of();
            }
        };
    }
}
