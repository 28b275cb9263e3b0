package dev.mangrove.adapter.http;

import io.helidon.http.HeaderName;
import io.helidon.http.HeaderNames;
import io.helidon.http.Method;
import io.helidon.http.Status;
import io.helidon.webserver.http.Filter;
import io.helidon.webserver.http.FilterChain;
import io.helidon.webserver.http.RoutingRequest;
import io.helidon.webserver.http.RoutingResponse;

import java.util.Objects;
import java.util.Optional;

/**
 * CORS (docs/security.md): answers preflights itself (before authentication, as browsers send them without
 * credentials) and marks the responses of allowed origins.
 */
final class CorsFilter implements Filter {
    private static final HeaderName REQUEST_METHOD = HeaderNames.create("Access-Control-Request-Method");
    private final CorsSettings cors;

    CorsFilter(CorsSettings cors) {
        this.cors = Objects.requireNonNull(cors, "cors");
    }

    @Override
    public void filter(FilterChain chain, RoutingRequest req, RoutingResponse res) {
        Optional<String> origin = req.headers().first(HeaderNames.ORIGIN);
        if (origin.isEmpty()) {
            chain.proceed();
            return;
        }
        res.header(HeaderNames.VARY, "Origin");
        boolean allowed = cors.allows(origin.get());
        boolean preflight = req.prologue().method() == Method.OPTIONS && req.headers().contains(REQUEST_METHOD);
        if (preflight) {
            RequestInfo.of(req).route("CORS preflight");
            if (!allowed) {
                res.status(Status.FORBIDDEN_403).send();
                return;
            }
            allowOrigin(res, origin.get());
            res.header(HeaderNames.ACCESS_CONTROL_ALLOW_METHODS, String.join(", ", cors.allowedMethods()));
            res.header(HeaderNames.ACCESS_CONTROL_ALLOW_HEADERS, String.join(", ", cors.allowedHeaders()));
            res.header(HeaderNames.ACCESS_CONTROL_MAX_AGE, Long.toString(cors.maxAge().toSeconds()));
            res.status(Status.NO_CONTENT_204).send();
            return;
        }
        if (allowed) {
            allowOrigin(res, origin.get());
            if (!cors.exposedHeaders().isEmpty()) {
                res.header(HeaderNames.ACCESS_CONTROL_EXPOSE_HEADERS, String.join(", ", cors.exposedHeaders()));
            }
        }
        chain.proceed();
    }

    private void allowOrigin(RoutingResponse res, String origin) {
        boolean any = cors.allowedOrigins().contains("*") && !cors.allowCredentials();
        res.header(HeaderNames.ACCESS_CONTROL_ALLOW_ORIGIN, any ? "*" : origin);
        if (cors.allowCredentials()) {
            res.header(HeaderNames.ACCESS_CONTROL_ALLOW_CREDENTIALS, "true");
        }
    }
}
