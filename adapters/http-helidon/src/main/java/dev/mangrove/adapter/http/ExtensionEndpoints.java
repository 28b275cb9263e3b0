package dev.mangrove.adapter.http;

import dev.mangrove.domain.error.ErrorKind;
import dev.mangrove.adapter.http.json.ExtendedJson;
import dev.mangrove.plugin.spi.ExtensionRequest;
import dev.mangrove.plugin.spi.ExtensionResponse;
import dev.mangrove.plugin.spi.ExtensionScope;
import dev.mangrove.application.port.in.ExtensionUseCase;
import dev.mangrove.domain.document.Document;
import dev.mangrove.domain.error.MangroveException;
import dev.mangrove.adapter.http.query.CollectionQueryParser;
import dev.mangrove.domain.query.Filter;
import dev.mangrove.domain.resource.ResolvedResource;
import dev.mangrove.domain.resource.ResourceKind;
import dev.mangrove.domain.resource.Verb;
import com.fasterxml.jackson.core.JsonGenerator;
import dev.mangrove.plugin.spi.DocumentStream;
import io.helidon.http.HeaderNames;
import io.helidon.http.Status;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Serves the resources plugins contribute through the {@link ExtensionUseCase}, writing each kind of
 * response: a JSON value, bytes, a stream of documents, server-sent events (docs/plugins.md).
 */
final class ExtensionEndpoints {
    private static final String NDJSON = "application/x-ndjson";
    private final ExtensionUseCase extensions;
    private final ExtendedJson json;
    private final CollectionQueryParser parser;

    private final Bodies bodies;

    ExtensionEndpoints(ExtensionUseCase extensions, ExtendedJson json, CollectionQueryParser parser, Bodies bodies) {
        this.extensions = Objects.requireNonNull(extensions, "extensions");
        this.json = Objects.requireNonNull(json, "json");
        this.parser = Objects.requireNonNull(parser, "parser");
        this.bodies = Objects.requireNonNull(bodies, "bodies");
    }

    /** Any verb on a plugin's resource: the plugin decides what it answers (405 with its own {@code Allow}). */
    void serve(Exchange x) {
        ServerRequest req = x.req();
        ServerResponse res = x.res();
        ResolvedResource resource = x.resource();
        Verb verb = x.verb();
        ExtensionScope scope = switch (resource.kind()) {
            case ROOT_EXTENSION -> ExtensionScope.ROOT;
            case DATABASE_EXTENSION -> ExtensionScope.DATABASE;
            default -> ExtensionScope.COLLECTION;
        };
        // the reserved collection resources that plugins serve (docs/plugins.md#distinct, docs/plugins.md#aggregate) resolve to their own kinds
        String name = switch (resource.kind()) {
            case DISTINCT -> "_distinct";
            case AGGREGATE -> "_aggregate";
            case AGGREGATION -> "_aggrs";
            default -> resource.name();
        };
        List<String> rest = resource.kind() == ResourceKind.AGGREGATION ? List.of(resource.name()) : resource.rest();
        Map<String, List<String>> parameters = x.params().toMap();
        Filter filter = scope == ExtensionScope.COLLECTION ? parser.parse(parameters).query().filter() : Filter.ALL;
        Object requestBody = req.content().hasEntity() ? bodies.read(req) : null;
        ExtensionRequest request = new ExtensionRequest(verb, scope, name, resource.database(),
                scope == ExtensionScope.COLLECTION ? resource.namespace() : null, rest, parameters, filter, requestBody,
                key -> Optional.ofNullable(parameters.get(key)).filter(values -> !values.isEmpty())
                        .map(values -> json.parseParameter(values.get(0), key)))
                .withCaller(x.principal().orElse(null), x.scope());
        ExtensionResponse response = extensions.handle(request).orElseThrow(() -> resource.kind().name().endsWith("EXTENSION")
                ? MangroveException.notFound("resource-not-found", "Nothing is served at this path")
                : MangroveException.of(dev.mangrove.domain.error.ErrorKind.NOT_IMPLEMENTED, "not-implemented",
                        "The plugin that serves " + name + " is not enabled on this server"));
        for (Map.Entry<String, String> header : response.headers().entrySet()) {
            res.header(header.getKey(), header.getValue());
        }
        res.status(Status.create(response.status()));
        switch (response.body()) {
            case null -> res.send();
            case ExtensionResponse.Bytes bytes -> {
                res.header(HeaderNames.CONTENT_TYPE, bytes.contentType());
                res.send(bytes.content());
            }
            case ExtensionResponse.Json value -> PluginPaths.write(res, response, json);
            case ExtensionResponse.StreamedDocuments streamed -> stream(x, streamed.documents());
            case ExtensionResponse.Events events -> events(x, events.source());
            default -> sendJson(x, response);
        }
    }

    private void sendJson(Exchange x, ExtensionResponse response) {
        Object body = documents(x, response.status(), response.body());
        ServerResponse res = x.res();
        JsonResponses.send(res, Status.create(response.status()), Exchange.JSON, json, x.pretty(),
                g -> json.write(g, body, x.mode()));
    }

    /** Documents as they are read: NDJSON when the client accepts it, else one JSON array. */
    private void stream(Exchange x, DocumentStream documents) {
        boolean ndjson = x.req().headers().acceptedTypes().stream()
                .anyMatch(type -> type.mediaType().text().equalsIgnoreCase(NDJSON));
        x.res().header(HeaderNames.CONTENT_TYPE, ndjson ? NDJSON : Exchange.JSON);
        try (documents; OutputStream out = x.res().outputStream()) {
            if (ndjson) {
                while (documents.hasNext()) {
                    Document document = documents.next();
                    out.write(JsonResponses.bytes(json, false, 256, g -> json.write(g, document, x.mode())));
                    out.write('\n');
                }
                return;
            }
            try (JsonGenerator g = json.generator(out, false)) {
                g.writeStartArray();
                while (documents.hasNext()) {
                    json.write(g, documents.next(), x.mode());
                }
                g.writeEndArray();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Server-sent events, each flushed as it is sent. */
    private void events(Exchange x, ExtensionResponse.EventSource source) {
        x.res().header(HeaderNames.CONTENT_TYPE, "text/event-stream");
        x.res().header(HeaderNames.CACHE_CONTROL, "no-cache");
        try (OutputStream out = x.res().outputStream()) {
            source.emit((event, data) -> {
                StringBuilder head = new StringBuilder();
                if (event != null) {
                    head.append("event: ").append(event.replaceAll("[\r\n]", " ")).append('\n');
                }
                head.append("data: ");
                try {
                    out.write(head.toString().getBytes(StandardCharsets.UTF_8));
                    out.write(JsonResponses.bytes(json, false, 256, g -> json.write(g, data, x.mode())));
                    out.write("\n\n".getBytes(StandardCharsets.UTF_8));
                    out.flush();
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A body of documents (one, or a list of them) as the interceptors leave it; any other body as it is. */
    private static Object documents(Exchange x, int status, Object body) {
        if (body instanceof Document document) {
            List<Document> out = x.intercept(status, List.of(document));
            return out.size() == 1 ? out.get(0) : out;
        }
        if (body instanceof List<?> list && !list.isEmpty() && list.stream().allMatch(Document.class::isInstance)) {
            return x.intercept(status, list.stream().map(Document.class::cast).toList());
        }
        return body;
    }
}
