package dev.mangrove.adapter.http;

import dev.mangrove.adapter.http.json.ExtendedJson;
import dev.mangrove.adapter.http.json.JsonMode;
import dev.mangrove.application.port.in.ExtensionUseCase;
import dev.mangrove.domain.error.ErrorKind;
import dev.mangrove.domain.error.MangroveException;
import dev.mangrove.domain.query.Filter;
import dev.mangrove.domain.resource.PathSegments;
import dev.mangrove.domain.resource.Verb;
import dev.mangrove.domain.security.DataScope;
import dev.mangrove.plugin.spi.ExtensionRequest;
import dev.mangrove.plugin.spi.ExtensionResponse;
import dev.mangrove.plugin.spi.ExtensionScope;
import io.helidon.http.Header;
import io.helidon.http.HeaderNames;
import io.helidon.http.Status;
import io.helidon.webserver.http.Handler;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The paths plugins own outside the mounts ({@code ExtensionScope.PATH}, docs/plugins.md#endpoints-at-a-path-of-their-own):
 * which prefix a path falls under, serving such a request (authenticated by the security filter, never asked of
 * the access-control list, no interceptors), and the plugin's own rendering of its failures.
 */
final class PluginPaths {
    /** No owned paths. */
    static final PluginPaths NONE = new PluginPaths(List.of(), ExtensionUseCase.NONE, null);
    private final List<List<String>> prefixes;
    private final List<String> names;
    private final ExtensionUseCase extensions;
    private final ExtendedJson json;

    private PluginPaths(List<String> names, ExtensionUseCase extensions, ExtendedJson json) {
        this.names = List.copyOf(names);
        this.prefixes = names.stream().map(PathSegments::split).toList();
        this.extensions = Objects.requireNonNull(extensions, "extensions");
        this.json = json;
    }

    /** The paths the plugins of {@code extensions} own. */
    static PluginPaths of(ExtensionUseCase extensions, ExtendedJson json) {
        return new PluginPaths(extensions.ownedPaths(), extensions, json);
    }

    /** The prefixes, e.g. {@code /app/*&#47;endpoint/data}. */
    List<String> prefixes() {
        return names;
    }

    boolean isEmpty() {
        return names.isEmpty();
    }

    /** The owned prefix {@code rawPath} falls under. */
    Optional<String> owner(String rawPath) {
        if (names.isEmpty()) {
            return Optional.empty();
        }
        // every request asks: most answer here, without splitting the path (a prefix's first segment is literal)
        boolean candidate = false;
        for (List<String> prefix : prefixes) {
            String first = prefix.get(0);
            if (rawPath.startsWith(first, 1) && (rawPath.length() == first.length() + 1
                    || rawPath.charAt(first.length() + 1) == '/')) {
                candidate = true;
                break;
            }
        }
        if (!candidate) {
            return Optional.empty();
        }
        List<String> segments = PathSegments.split(rawPath);
        for (int i = 0; i < prefixes.size(); i++) {
            List<String> prefix = prefixes.get(i);
            if (segments.size() < prefix.size()) {
                continue;
            }
            boolean match = true;
            for (int s = 0; s < prefix.size() && match; s++) {
                match = prefix.get(s).equals("*") || prefix.get(s).equals(decode(segments.get(s)));
            }
            if (match) {
                return Optional.of(names.get(i));
            }
        }
        return Optional.empty();
    }

    /** The route label of an owned prefix. */
    static String label(String prefix) {
        return prefix + "/**";
    }

    /** The plugin's own response to a failure on its path; empty when it has none (then problem+json). */
    Optional<ExtensionResponse> render(String rawPath, MangroveException failure) {
        return owner(rawPath).flatMap(prefix -> extensions.renderFailure(prefix, failure,
                FailureStatuses.code(failure.kind())));
    }

    /** Serves the owned paths, passing every other request on. */
    Handler handler(Bodies bodies, Problems problems) {
        return (req, res) -> handle(req, res, bodies, problems);
    }

    private void handle(ServerRequest req, ServerResponse res, Bodies bodies, Problems problems) {
        String rawPath = req.prologue().uriPath().rawPath();
        Optional<String> owner = owner(rawPath);
        if (owner.isEmpty()) {
            res.next();
            return;
        }
        RequestInfo info = RequestInfo.of(req);
        info.route(label(owner.get()));
        try {
            Verb verb = Verb.of(req.prologue().method().text()).orElseThrow(() -> MangroveException.of(
                    ErrorKind.METHOD_NOT_ALLOWED, "method-not-allowed", "Unsupported method"));
            List<String> rest = new ArrayList<>();
            for (String segment : PathSegments.split(rawPath)) {
                rest.add(PathSegments.decode(segment, false));
            }
            Map<String, List<String>> parameters = req.query().toMap();
            Map<String, List<String>> headers = new LinkedHashMap<>();
            for (Header header : req.headers()) {
                headers.put(header.name(), header.allValues());
            }
            Object body = req.content().hasEntity() ? bodies.read(req) : null;
            ExtensionRequest request = new ExtensionRequest(verb, ExtensionScope.PATH, owner.get(), null, null, rest,
                    parameters, Filter.ALL, body, key -> Optional.ofNullable(parameters.get(key))
                    .filter(values -> !values.isEmpty()).map(values -> json.parseParameter(values.get(0), key)),
                    info.principal().orElse(null), DataScope.UNRESTRICTED, headers);
            ExtensionResponse response = extensions.handle(request).orElseThrow(() ->
                    MangroveException.notFound("resource-not-found", "Nothing is served at this path"));
            write(res, response, json);
        } catch (RuntimeException e) {
            problems.send(req, res, e);
        }
    }

    /** Writes a response whole: a {@link ExtensionResponse.Json}, bytes, nothing, or any JSON value (relaxed). */
    static void write(ServerResponse res, ExtensionResponse response, ExtendedJson json) {
        for (Map.Entry<String, String> header : response.headers().entrySet()) {
            res.header(header.getKey(), header.getValue());
        }
        Status status = Status.create(response.status());
        switch (response.body()) {
            case null -> res.status(status).send();
            case ExtensionResponse.Bytes bytes -> {
                res.header(HeaderNames.CONTENT_TYPE, bytes.contentType());
                res.status(status).send(bytes.content());
            }
            case ExtensionResponse.Json value -> {
                JsonMode mode = value.format() == ExtensionResponse.JsonFormat.CANONICAL ? JsonMode.CANONICAL
                        : JsonMode.RELAXED;
                res.header(HeaderNames.CONTENT_TYPE, value.contentType());
                res.status(status).send(JsonResponses.bytes(json, false, 256,
                        g -> json.write(g, value.value(), mode)));
            }
            case ExtensionResponse.StreamedDocuments streamed -> {
                streamed.documents().close();
                throw new IllegalStateException("a path endpoint answers whole responses");
            }
            case ExtensionResponse.Events events -> throw new IllegalStateException(
                    "a path endpoint answers whole responses");
            default -> {
                res.header(HeaderNames.CONTENT_TYPE, Exchange.JSON);
                res.status(status).send(JsonResponses.bytes(json, false, 256,
                        g -> json.write(g, response.body(), JsonMode.RELAXED)));
            }
        }
    }

    private static String decode(String segment) {
        try {
            return PathSegments.decode(segment, false);
        } catch (MangroveException e) {
            return segment;
        }
    }
}
