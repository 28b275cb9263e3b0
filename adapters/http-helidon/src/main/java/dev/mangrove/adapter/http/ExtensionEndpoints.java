package dev.mangrove.adapter.http;

import dev.mangrove.adapter.http.json.ExtendedJson;
import dev.mangrove.application.port.in.ExtensionRequest;
import dev.mangrove.application.port.in.ExtensionResponse;
import dev.mangrove.application.port.in.ExtensionScope;
import dev.mangrove.application.port.in.ExtensionUseCase;
import dev.mangrove.domain.document.Document;
import dev.mangrove.domain.error.MangroveException;
import dev.mangrove.adapter.http.query.CollectionQueryParser;
import dev.mangrove.domain.query.Filter;
import dev.mangrove.domain.resource.ResolvedResource;
import dev.mangrove.domain.resource.ResourceKind;
import dev.mangrove.domain.resource.Verb;
import io.helidon.http.Status;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/** Serves {@code /_name} resources contributed by plugins through the {@link ExtensionUseCase}. */
final class ExtensionEndpoints {
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
        // the reserved collection resources that plugins serve (SPEC §7.1, §7.2) resolve to their own kinds
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
        if (response.body() == null) {
            res.send();
            return;
        }
        Object body = documents(x, response.status(), response.body());
        JsonResponses.send(res, Status.create(response.status()), Exchange.JSON, json, x.pretty(),
                g -> json.write(g, body, x.mode()));
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
