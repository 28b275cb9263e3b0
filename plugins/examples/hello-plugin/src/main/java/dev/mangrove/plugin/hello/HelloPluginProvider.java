package dev.mangrove.plugin.hello;

import dev.mangrove.application.port.in.ExtensionResponse;
import dev.mangrove.application.port.in.ExtensionScope;
import dev.mangrove.domain.resource.Verb;
import dev.mangrove.plugin.spi.Endpoint;
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
        return new Plugin() {
            @Override
            public List<Endpoint> endpoints() {
                return List.of(hello);
            }
        };
    }
}
