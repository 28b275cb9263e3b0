package dev.mangrove.adapter.http;

import dev.mangrove.domain.resource.ResolvedResource;
import dev.mangrove.domain.security.DataScope;
import dev.mangrove.domain.security.Principal;
import io.helidon.webserver.http.ServerRequest;

import java.util.Optional;

/**
 * The one typed context of a request, made current once by the edge filter and shared by the
 * security filter, the interceptors and the handlers: its id, its route label, what its path resolves
 * to (resolved once, see {@link RouteTable#resolve}), and the caller the security filter found.
 */
final class RequestInfo {
    static final String UNMATCHED = "unmatched";
    private final String requestId;
    private volatile String route = UNMATCHED;
    private RouteTable.Resolution resolution;
    private Principal principal;
    private DataScope scope = DataScope.UNRESTRICTED;
    private boolean observed;
    private volatile boolean clientGone;

    /**
     * The info of the request the current thread serves. Helidon serves a request on one thread from its first
     * filter to its response, and a thread-local read is cheaper than Helidon's request context, which is created,
     * registered in and searched per request (about 2 % of a health probe's CPU, docs/performance.md). It holds one
     * slot per thread, set and cleared per request: cheaper than setting and removing the thread-local itself (a
     * connection's requests all run on its one virtual thread).
     */
    private static final ThreadLocal<RequestInfo[]> CURRENT = ThreadLocal.withInitial(() -> new RequestInfo[1]);
    /** The request this info is current for (compared by identity). */
    private Object request;

    RequestInfo(String requestId) {
        this.requestId = requestId;
    }

    /**
     * The info of {@code req}: the one current on this thread for it, else the one in its context, else a fresh
     * one, registered in its context and made current (a filter registered before the edge filter, tests without
     * it, work on another thread). A thread keeps at most one such info until its next request's edge filter.
     */
    static RequestInfo of(ServerRequest req) {
        RequestInfo current = entered(req);
        if (current != null) {
            return current;
        }
        RequestInfo info = req.context().get(RequestInfo.class).orElseGet(() -> {
            RequestInfo created = new RequestInfo(RequestIds.generate());
            req.context().register(created);
            return created;
        });
        enter(req, info);
        return info;
    }

    /** The info current on this thread for {@code req}, or null. */
    static RequestInfo entered(ServerRequest req) {
        RequestInfo current = CURRENT.get()[0];
        return current != null && current.request == req ? current : null;
    }

    /** Makes {@code info} current on this thread for {@code req}, until {@link #leave}. */
    static void enter(ServerRequest req, RequestInfo info) {
        info.request = req;
        CURRENT.get()[0] = info;
    }

    /** Ends this thread's current info (the edge filter, once its request is logged). */
    static void leave() {
        CURRENT.get()[0] = null;
    }

    String requestId() {
        return requestId;
    }

    /** The route label for the access log and metrics: a route template, never a real id or hidden name. */
    String route() {
        return route;
    }

    void route(String template) {
        this.route = template;
    }

    /** What the path resolved to; resolved on first use and remembered (the label is set with it). */
    RouteTable.Resolution resolution(RouteTable table, String method, String rawPath) {
        if (resolution == null) {
            resolution = table.resolve(method, rawPath);
            route = resolution.label();
        }
        return resolution;
    }

    /** The resolved resource, when the path names one through the mounts. */
    Optional<ResolvedResource> resource() {
        return resolution == null ? Optional.empty() : resolution.resource();
    }

    /** The authenticated caller; empty when security is off. */
    Optional<Principal> principal() {
        return Optional.ofNullable(principal);
    }

    /** What the caller may see and change; {@link DataScope#UNRESTRICTED} when security is off. */
    DataScope scope() {
        return scope;
    }

    /** Claims the observation of this request for the access log; false when it is claimed already. */
    boolean observe() {
        if (observed) {
            return false;
        }
        observed = true;
        return true;
    }

    /** Records that the client went away before the answer was written; true the first time. */
    boolean clientGone() {
        if (clientGone) {
            return false;
        }
        clientGone = true;
        return true;
    }

    /** Whether the client went away before the answer was written (logged as 499). */
    boolean isClientGone() {
        return clientGone;
    }

    void caller(Principal principal) {
        this.principal = principal;
    }

    void scope(DataScope scope) {
        this.scope = scope;
    }
}
