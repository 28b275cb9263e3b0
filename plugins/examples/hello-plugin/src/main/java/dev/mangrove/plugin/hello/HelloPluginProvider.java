package dev.mangrove.plugin.hello;

import dev.mangrove.application.port.in.ExtensionResponse;
import dev.mangrove.application.port.in.ExtensionScope;
import dev.mangrove.application.port.in.InterceptedRequest;
import dev.mangrove.application.port.in.InterceptedResponse;
import dev.mangrove.domain.resource.Verb;
import dev.mangrove.plugin.spi.Endpoint;
import dev.mangrove.plugin.spi.Interceptor;
import dev.mangrove.plugin.spi.Plugin;
import dev.mangrove.plugin.spi.PluginContext;
import dev.mangrove.plugin.spi.PluginProvider;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** The example plugin: {@code GET /_hello} answers {@code {"message": "hello"}} (or the configured greeting). */
public final class HelloPluginProvider implements PluginProvider {
    @Override
    public String name() {
        return "hello";
    }

    @Override
    public Plugin create(PluginContext context) {
        String message = context.configuration().getOrDefault("message", "hello");
        Endpoint hello = new Endpoint(ExtensionScope.ROOT, "_hello", Set.of(Verb.GET), request -> {
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("message", message);
            return ExtensionResponse.ok(body);
        });
        // an interceptor: every API response gets the header X-Hello
        Interceptor header = new Interceptor() {
            @Override
            public String name() {
                return "hello-header";
            }

            @Override
            public InterceptedResponse after(InterceptedRequest request, InterceptedResponse response) {
                return response.withHeader("X-Hello", message);
            }
        };
        return new Plugin() {
            @Override
            public List<Endpoint> endpoints() {
                return List.of(hello);
            }

            @Override
            public List<Interceptor> interceptors() {
                return List.of(header);
            }
        };
    }
}
