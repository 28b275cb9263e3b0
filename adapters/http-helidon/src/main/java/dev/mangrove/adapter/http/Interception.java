package dev.mangrove.adapter.http;

import dev.mangrove.plugin.spi.InterceptedRequest;
import dev.mangrove.plugin.spi.InterceptedResponse;
import dev.mangrove.application.port.in.InterceptorChain;
import dev.mangrove.domain.document.Document;
import dev.mangrove.domain.resource.ResolvedResource;
import dev.mangrove.domain.resource.Verb;
import io.helidon.http.Header;
import io.helidon.http.Status;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * One request's run through the plugins' interceptors: {@code before} on the parsed request, whose
 * changed value (parameters, headers) the handler then uses directly; {@code after} once — with the
 * documents when the handler offers them before writing ({@link #documents}), otherwise just before
 * the response is committed ({@link #commit}).
 */
final class Interception {
    private static final System.Logger LOG = System.getLogger(Interception.class.getName());
    private final InterceptorChain chain;
    private final ServerResponse res;
    private final InterceptedRequest original;
    private final InterceptedRequest request;
    private Integer forcedStatus;
    private boolean done;

    private Interception(InterceptorChain chain, ServerResponse res, InterceptedRequest original,
                         InterceptedRequest request) {
        this.chain = chain;
        this.res = res;
        this.original = original;
        this.request = request;
    }

    /**
     * Runs the {@code before} interceptors on the request; a veto propagates as the interceptor's exception.
     */
    static Interception before(InterceptorChain chain, ServerRequest req, ServerResponse res, RequestInfo info,
                               ResolvedResource resource, Verb verb) {
        InterceptedRequest original = describe(req, info, resource, verb);
        InterceptedRequest changed = Objects.requireNonNull(chain.before(original), "interceptors returned no request");
        return new Interception(chain, res, original, changed);
    }

    /** The query parameters to serve: the request's own unless an interceptor changed them. */
    Params params(ServerRequest req) {
        return request.parameters().equals(original.parameters()) ? new Params(req.query())
                : new Params(request.parameters());
    }

    /** The headers to serve (names in lower case) when an interceptor changed any; {@code null} otherwise. */
    Map<String, List<String>> headers() {
        return request.headers().equals(original.headers()) ? null : request.headers();
    }

    /** The request as the interceptors left it. */
    InterceptedRequest request() {
        return request;
    }

    /**
     * The documents to write instead of {@code documents}, after the {@code after} interceptors ran with them;
     * their status and headers go on the response. Unchanged once the interceptors ran.
     */
    List<Document> documents(int status, List<Document> documents) {
        if (done) {
            return documents;
        }
        return after(status, Optional.of(documents)).orElse(documents);
    }

    /** Runs the {@code after} interceptors without documents, unless they ran already. */
    void commit() {
        if (done) {
            return;
        }
        try {
            after(res.status().code(), Optional.empty());
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "an interceptor failed after the request; the response is sent "
                    + "as it was", e);
        }
    }

    /** The status an interceptor set, which the handler's own later status does not override. */
    Status status(Status wanted) {
        return forcedStatus == null ? wanted : Status.create(forcedStatus);
    }

    private Optional<List<Document>> after(int status, Optional<List<Document>> documents) {
        done = true;
        Map<String, String> headers = new LinkedHashMap<>();
        for (Header header : res.headers()) {
            headers.put(header.name(), header.get());
        }
        InterceptedResponse out = chain.after(request, new InterceptedResponse(status, headers, documents));
        out.headers().forEach((name, value) -> {
            if (!value.equals(headers.get(name))) {
                res.header(name, value);
            }
        });
        if (out.status() != status) {
            forcedStatus = out.status();
            res.status(Status.create(out.status()));
        }
        return out.documents();
    }

    private static InterceptedRequest describe(ServerRequest req, RequestInfo info, ResolvedResource resource,
                                               Verb verb) {
        Map<String, List<String>> headers = new LinkedHashMap<>();
        for (Header header : req.headers()) {
            headers.computeIfAbsent(header.name(), k -> new ArrayList<>()).addAll(header.allValues());
        }
        boolean inCollection = resource.database() != null && resource.collection() != null;
        return new InterceptedRequest(verb, req.prologue().uriPath().rawPath(), resource.kind(), resource.database(),
                inCollection ? resource.namespace() : null, req.query().toMap(), headers, info.principal(),
                info.scope());
    }
}
