package dev.mangrove.adapter.http;

import io.helidon.webserver.http.ServerRequest;

/** Per-request facts shared between the access-log filter and the handlers. */
final class RequestInfo {
    static final String UNMATCHED = "unmatched";
    private final String requestId;
    private volatile String route = UNMATCHED;

    RequestInfo(String requestId) {
        this.requestId = requestId;
    }

    /** The info the filter registered, or a fresh one when there is none (tests without the filter). */
    static RequestInfo of(ServerRequest req) {
        return req.context().get(RequestInfo.class).orElseGet(() -> {
            RequestInfo info = new RequestInfo(RequestIds.generate());
            req.context().register(info);
            return info;
        });
    }

    String requestId() {
        return requestId;
    }

    String route() {
        return route;
    }

    void route(String template) {
        this.route = template;
    }
}
