package dev.mangrove.plugin.hello;

import dev.mangrove.domain.document.Document;
import dev.mangrove.domain.error.MangroveException;
import dev.mangrove.domain.resource.ResourceKind;
import dev.mangrove.domain.resource.Verb;
import dev.mangrove.plugin.spi.DocumentStream;
import dev.mangrove.plugin.spi.Endpoint;
import dev.mangrove.plugin.spi.ExtensionRequest;
import dev.mangrove.plugin.spi.ExtensionResponse;
import dev.mangrove.plugin.spi.ExtensionScope;
import dev.mangrove.plugin.spi.InterceptedRequest;
import dev.mangrove.plugin.spi.InterceptedResponse;
import dev.mangrove.plugin.spi.Interceptor;
import dev.mangrove.plugin.spi.Plugin;
import dev.mangrove.plugin.spi.PluginContext;
import dev.mangrove.plugin.spi.PluginProvider;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The example plugin (docs/plugins.md), one response of each kind: {@code GET /_hello} answers
 * {@code {"message": "hello"}} (or the configured greeting), {@code /_hello/text} the greeting as plain
 * text, {@code /_hello/stream} three documents as a stream (NDJSON or a JSON array), {@code /_hello/events}
 * three server-sent events; and every API response gets the header {@code X-Hello}.
 */
public final class HelloPluginProvider implements PluginProvider {
    @Override
    public String name() {
        return "hello";
    }

    @Override
    public String description() {
        return "the example plugin: GET /_hello, and an X-Hello header on API responses";
    }

    @Override
    public String version() {
        return "1.0";
    }

    @Override
    public Plugin create(PluginContext context) {
        String message = context.configuration().getOrDefault("message", "hello");
        Endpoint hello = new Endpoint(ExtensionScope.ROOT, "_hello", Set.of(Verb.GET), request -> answer(request, message))
                .described(dev.mangrove.plugin.spi.EndpointDescription.of("a greeting").response(200, "the greeting"));
        // an interceptor: every API response gets the header X-Hello (it applies to every kind of resource)
        Interceptor header = new Interceptor() {
            @Override
            public String name() {
                return "hello-header";
            }

            @Override
            public boolean appliesTo(ResourceKind kind) {
                return true;
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

    private static ExtensionResponse answer(ExtensionRequest request, String message) {
        String kind = request.rest().isEmpty() ? "" : String.join("/", request.rest());
        return switch (kind) {
            case "" -> {
                Map<String, Object> body = new LinkedHashMap<>();
                body.put("message", message);
                yield ExtensionResponse.ok(body);
            }
            case "text" -> ExtensionResponse.bytes("text/plain; charset=utf-8",
                    (message + "\n").getBytes(StandardCharsets.UTF_8));
            case "stream" -> ExtensionResponse.documents(DocumentStream.of(greetings(message)));
            case "events" -> ExtensionResponse.events(sink -> {
                for (Document greeting : greetings(message)) {
                    sink.send("greeting", greeting);
                }
            });
            default -> throw MangroveException.notFound("resource-not-found", "Nothing is served at this path");
        };
    }

    private static List<Document> greetings(String message) {
        List<Document> out = new ArrayList<>();
        for (int i = 1; i <= 3; i++) {
            Map<String, Object> fields = new LinkedHashMap<>();
            fields.put("n", i);
            fields.put("message", message);
            out.add(new Document(fields));
        }
        return out;
    }
}
