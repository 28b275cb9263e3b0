package dev.mangrove.adapter.http;

import dev.mangrove.application.port.in.InterceptedRequest;
import dev.mangrove.application.port.in.InterceptedResponse;
import dev.mangrove.application.port.in.InterceptorChain;
import dev.mangrove.domain.document.Document;
import dev.mangrove.domain.resource.ResolvedResource;
import dev.mangrove.domain.resource.Verb;
import dev.mangrove.domain.security.DataScope;
import dev.mangrove.domain.security.Principal;
import io.helidon.common.uri.UriQueryWriteable;
import io.helidon.http.Header;
import io.helidon.http.HeaderValues;
import io.helidon.http.HttpPrologue;
import io.helidon.http.Status;
import io.helidon.webserver.http.RoutingRequest;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * One request's run through the plugins' interceptors: {@code before} when the request is resolved,
 * {@code after} once — with the documents when the handler offers them before writing
 * ({@link #documents}), otherwise just before the response is committed ({@link #commit}).
 */
final class Interception {
    private static final System.Logger LOG = System.getLogger(Interception.class.getName());
    private final InterceptorChain chain;
    private final ServerResponse res;
    private InterceptedRequest request;
    private Integer forcedStatus;
    private boolean done;

    private Interception(InterceptorChain chain, ServerResponse res, InterceptedRequest request) {
        this.chain = chain;
        this.res = res;
        this.request = request;
    }

    /** An interception of this request, registered in its context for the handlers. */
    static Interception create(InterceptorChain chain, ServerRequest req, ServerResponse res, ResolvedResource resource,
                               Verb verb) {
        Interception interception = new Interception(chain, res, describe(req, resource, verb));
        req.context().register(interception);
        return interception;
    }

    /**
     * Runs the {@code before} interceptors and applies their changes to {@code req} (query parameters,
     * headers); a veto propagates as the interceptor's exception.
     */
    void before(ServerRequest req) {
        InterceptedRequest original = request;
        InterceptedRequest changed = Objects.requireNonNull(chain.before(original), "interceptors returned no request");
        request = changed;
        if (!changed.parameters().equals(original.parameters()) && req instanceof RoutingRequest routing) {
            UriQueryWriteable query = UriQueryWriteable.create();
            changed.parameters().forEach((name, values) -> query.set(name, values.toArray(String[]::new)));
            HttpPrologue p = req.prologue();
            routing.prologue(HttpPrologue.create(p.rawProtocol(), p.protocol(), p.protocolVersion(), p.method(),
                    p.uriPath(), query, p.fragment()));
        }
        changed.headers().forEach((name, values) -> {
            if (!values.equals(original.headers().get(name))) {
                req.header(HeaderValues.create(name, values));
            }
        });
    }

    /** The principal and scope the security filter registered, for plugin requests too. */
    static Optional<Principal> principal(ServerRequest req) {
        return req.context().get(Principal.class);
    }

    /** The caller's data scope; {@link DataScope#UNRESTRICTED} when security registered none. */
    static DataScope scope(ServerRequest req) {
        return req.context().get(DataScope.class).orElse(DataScope.UNRESTRICTED);
    }

    /**
     * The documents to write instead of {@code documents}, after the {@code after} interceptors ran with them;
     * their status and headers go on the response. Unchanged when no interceptor runs for this request.
     */
    static List<Document> documents(ServerRequest req, int status, List<Document> documents) {
        Optional<Interception> interception = req.context().get(Interception.class);
        if (interception.isEmpty() || interception.get().done) {
            return documents;
        }
        return interception.get().after(status, Optional.of(documents)).orElse(documents);
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

    private static InterceptedRequest describe(ServerRequest req, ResolvedResource resource, Verb verb) {
        Map<String, List<String>> headers = new LinkedHashMap<>();
        for (Header header : req.headers()) {
            headers.computeIfAbsent(header.name(), k -> new ArrayList<>()).addAll(header.allValues());
        }
        boolean inCollection = resource.database() != null && resource.collection() != null;
        return new InterceptedRequest(verb, req.prologue().uriPath().rawPath(), resource.kind(), resource.database(),
                inCollection ? resource.namespace() : null, req.query().toMap(), headers, principal(req), scope(req));
    }
}
