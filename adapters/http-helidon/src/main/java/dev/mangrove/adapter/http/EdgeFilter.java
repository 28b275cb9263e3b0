package dev.mangrove.adapter.http;

import dev.mangrove.domain.error.ErrorKind;
import dev.mangrove.domain.error.MangroveException;
import io.helidon.http.Header;
import io.helidon.http.HeaderName;
import io.helidon.http.HeaderNames;
import io.helidon.http.HeaderValues;
import io.helidon.webserver.http.Filter;
import io.helidon.webserver.http.FilterChain;
import io.helidon.webserver.http.RoutingRequest;
import io.helidon.webserver.http.RoutingResponse;

import java.util.Objects;

/**
 * The one filter every request passes before its route: assigns the request id, adds the always-on headers,
 * refuses a query string the URI decoder cannot decode, applies the {@link ConcurrencyLimit} and, when
 * configured, {@link Cors}, turns any failure thrown past it into its problem, and logs and observes every
 * request with the status actually sent. One filter rather than three, so that Helidon's filter chain is walked
 * once (docs/performance.md#reference-route-fifth-pass).
 */
final class EdgeFilter implements Filter {
    static final HeaderName REQUEST_ID = HeaderNames.create("X-Request-Id");
    /** Built once, its HTTP/1 bytes with it: a header value made per request was 3 % of a health probe's samples. */
    private static final Header NOSNIFF = HeaderValues.createCached(HeaderNames.X_CONTENT_TYPE_OPTIONS, "nosniff");
    /** The status recorded for a request whose client went away before its answer was written (as nginx does). */
    static final int CLIENT_GONE = 499;
    private final RequestObserver observer;
    private final AccessLog accessLog;
    private final Problems problems;
    private final ConcurrencyLimit admission;
    /** Null when CORS is not configured. */
    private final Cors cors;

    EdgeFilter(RequestObserver observer, AccessLog accessLog, Problems problems, ConcurrencyLimit admission, Cors cors) {
        this.observer = Objects.requireNonNull(observer, "observer");
        this.accessLog = Objects.requireNonNull(accessLog, "accessLog");
        this.problems = Objects.requireNonNull(problems, "problems");
        this.admission = Objects.requireNonNull(admission, "admission");
        this.cors = cors;
    }

    @Override
    public void filter(FilterChain chain, RoutingRequest req, RoutingResponse res) {
        // made current by a filter before this one (RequestInfo.of), or by this filter registered twice
        RequestInfo info = RequestInfo.entered(req);
        if (info != null && !info.observe()) {
            chain.proceed(); // a second registration of this filter (Helidon's in-memory test routing)
            return;
        }
        long start = System.nanoTime();
        if (info == null) {
            info = new RequestInfo(RequestIds.accept(req.headers().first(REQUEST_ID).orElse(null)));
            info.observe();
            RequestInfo.enter(req, info);
        }
        // a fixed header value, encoded once: Helidon copies a header made from a string into a writable one (and
        // makes lists of its values when writing it), about 200 bytes per response (docs/performance.md)
        res.header(HeaderValues.createCached(REQUEST_ID, info.requestId()));
        res.header(NOSNIFF);
        String method = req.prologue().method().text();
        try {
            String malformed = malformedEscape(req.query().rawValue());
            if (malformed != null) {
                problems.send(req, res, MangroveException.of(ErrorKind.BAD_REQUEST, "invalid-query",
                        "The query string has a malformed percent-escape at '" + malformed
                                + "': '%' must be followed by two hexadecimal digits (encode a literal '%' as %25)"));
            } else {
                ConcurrencyLimit.Admission admitted = admission.enter(req, res);
                if (admitted != ConcurrencyLimit.Admission.REFUSED) {
                    try {
                        if (cors == null || cors.pass(req, res)) {
                            chain.proceed();
                        }
                    } finally {
                        if (admitted == ConcurrencyLimit.Admission.ADMITTED) {
                            admission.leave();
                        }
                    }
                }
            }
        } catch (RuntimeException | Error failure) {
            // handled here rather than by the routing's error handler, so that the status logged is the one sent
            problems.send(req, res, failure);
        } finally {
            long nanos = System.nanoTime() - start;
            int status = info.isClientGone() ? CLIENT_GONE : res.status().code();
            observer.completed(method, info.route(), status, nanos);
            accessLog.request(method, info.route(), status, nanos, info.requestId(), null);
            RequestInfo.leave();
        }
    }

    /** The first malformed percent-escape of a raw query string (at most 8 characters of it), or null. */
    static String malformedEscape(String rawQuery) {
        for (int i = rawQuery.indexOf('%'); i >= 0; i = rawQuery.indexOf('%', i + 1)) {
            if (i + 2 >= rawQuery.length() || !hex(rawQuery.charAt(i + 1)) || !hex(rawQuery.charAt(i + 2))) {
                return rawQuery.substring(i, Math.min(rawQuery.length(), i + 3));
            }
        }
        return null;
    }

    private static boolean hex(char c) {
        return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
    }
}
