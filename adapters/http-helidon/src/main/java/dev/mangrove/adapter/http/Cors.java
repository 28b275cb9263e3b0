package dev.mangrove.adapter.http;

import io.helidon.http.HeaderName;
import io.helidon.http.HeaderNames;
import io.helidon.http.Method;
import io.helidon.http.Status;
import io.helidon.webserver.http.RoutingRequest;
import io.helidon.webserver.http.RoutingResponse;

import java.util.Objects;
import java.util.Optional;

/**
 * CORS (docs/security.md): answers preflights itself (before authentication, as browsers send them without
 * credentials) and marks the responses of allowed origins. A step of the {@link EdgeFilter}.
 */
final class Cors {
    private static final HeaderName REQUEST_METHOD = HeaderNames.create("Access-Control-Request-Method");
    private final CorsSettings cors;

    Cors(CorsSettings cors) {
        this.cors = Objects.requireNonNull(cors, "cors");
    }

    /** Marks the response of an allowed origin and returns true, or answers a preflight and returns false. */
    boolean pass(RoutingRequest req, RoutingResponse res) {
        if (!req.headers().contains(HeaderNames.ORIGIN)) {
            return true;
        }
        Optional<String> origin = req.headers().first(HeaderNames.ORIGIN);
        res.header(HeaderNames.VARY, "Origin");
        boolean allowed = cors.allows(origin.get());
        boolean preflight = req.prologue().method() == Method.OPTIONS && req.headers().contains(REQUEST_METHOD);
        if (preflight) {
            RequestInfo.of(req).route("CORS preflight");
            if (!allowed) {
                res.status(Status.FORBIDDEN_403).send();
                return false;
            }
            allowOrigin(res, origin.get());
            res.header(HeaderNames.ACCESS_CONTROL_ALLOW_METHODS, String.join(", ", cors.allowedMethods()));
            res.header(HeaderNames.ACCESS_CONTROL_ALLOW_HEADERS, String.join(", ", cors.allowedHeaders()));
            res.header(HeaderNames.ACCESS_CONTROL_MAX_AGE, Long.toString(cors.maxAge().toSeconds()));
            res.status(Status.NO_CONTENT_204).send();
            return false;
        }
        if (allowed) {
            allowOrigin(res, origin.get());
            if (!cors.exposedHeaders().isEmpty()) {
                res.header(HeaderNames.ACCESS_CONTROL_EXPOSE_HEADERS, String.join(", ", cors.exposedHeaders()));
            }
        }
        return true;
    }

    private void allowOrigin(RoutingResponse res, String origin) {
        boolean any = cors.allowedOrigins().contains("*") && !cors.allowCredentials();
        res.header(HeaderNames.ACCESS_CONTROL_ALLOW_ORIGIN, any ? "*" : origin);
        if (cors.allowCredentials()) {
            res.header(HeaderNames.ACCESS_CONTROL_ALLOW_CREDENTIALS, "true");
        }
    }
}
