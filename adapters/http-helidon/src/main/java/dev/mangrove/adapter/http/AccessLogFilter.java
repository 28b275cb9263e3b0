package dev.mangrove.adapter.http;

import io.helidon.http.HeaderName;
import io.helidon.http.HeaderNames;
import io.helidon.webserver.http.Filter;
import io.helidon.webserver.http.FilterChain;
import io.helidon.webserver.http.RoutingRequest;
import io.helidon.webserver.http.RoutingResponse;

import java.util.Objects;

/** Assigns the request id, adds the always-on headers, and logs and observes every request. */
final class AccessLogFilter implements Filter {
    static final HeaderName REQUEST_ID = HeaderNames.create("X-Request-Id");
    private static final System.Logger ACCESS = System.getLogger("dev.mangrove.access");
    private final RequestObserver observer;

    AccessLogFilter(RequestObserver observer) {
        this.observer = Objects.requireNonNull(observer, "observer");
    }

    @Override
    public void filter(FilterChain chain, RoutingRequest req, RoutingResponse res) {
        RequestInfo info = req.context().get(RequestInfo.class).orElse(null);
        if (info != null && !info.observe()) {
            chain.proceed(); // a second registration of this filter (Helidon's in-memory test routing)
            return;
        }
        long start = System.nanoTime();
        if (info == null) {
            info = new RequestInfo(RequestIds.accept(req.headers().first(REQUEST_ID).orElse(null)));
            info.observe();
            req.context().register(info);
        }
        res.header(REQUEST_ID, info.requestId());
        res.header(HeaderNames.X_CONTENT_TYPE_OPTIONS, "nosniff");
        String method = req.prologue().method().text();
        try {
            chain.proceed();
        } finally {
            long nanos = System.nanoTime() - start;
            int status = res.status().code();
            observer.completed(method, info.route(), status, nanos);
            if (ACCESS.isLoggable(System.Logger.Level.INFO)) {
                ACCESS.log(System.Logger.Level.INFO, method + " " + info.route() + " " + status + " "
                        + (nanos / 100_000) / 10.0 + "ms id=" + info.requestId());
            }
        }
    }
}
