package dev.mangrove.adapter.http;

import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * Cross-origin resource sharing ({@code mangrove.security.cors.*}); off when no origin is allowed.
 *
 * @param allowedOrigins   origins allowed ({@code *} for any)
 * @param allowedMethods   methods a preflight allows
 * @param allowedHeaders   request headers a preflight allows
 * @param exposedHeaders   response headers scripts may read
 * @param allowCredentials whether credentials (cookies, Authorization) may be sent cross-origin
 * @param maxAge           how long browsers may cache a preflight answer
 */
public record CorsSettings(List<String> allowedOrigins, List<String> allowedMethods, List<String> allowedHeaders,
                           List<String> exposedHeaders, boolean allowCredentials, Duration maxAge) {
    /** The default methods, headers and exposed headers. */
    public static final List<String> DEFAULT_METHODS = List.of("GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS");
    public static final List<String> DEFAULT_HEADERS = List.of("Authorization", "Content-Type", "If-Match",
            "If-None-Match", "X-Request-Id", "apiKey", "api-key", "X-API-Key", "email", "password", "jwtTokenString");
    public static final List<String> DEFAULT_EXPOSED = List.of("ETag", "Location", "Link", "X-Total-Count",
            "X-Count-Strategy", "X-Request-Id", "Retry-After", "WWW-Authenticate");
    /** CORS off. */
    public static final CorsSettings NONE = new CorsSettings(List.of(), DEFAULT_METHODS, DEFAULT_HEADERS,
            DEFAULT_EXPOSED, false, Duration.ofHours(1));

    public CorsSettings {
        allowedOrigins = List.copyOf(allowedOrigins);
        allowedMethods = List.copyOf(allowedMethods);
        allowedHeaders = List.copyOf(allowedHeaders);
        exposedHeaders = List.copyOf(exposedHeaders);
        Objects.requireNonNull(maxAge, "maxAge");
    }

    /** Whether any origin is allowed. */
    public boolean enabled() {
        return !allowedOrigins.isEmpty();
    }

    /** Whether {@code origin} is allowed. */
    boolean allows(String origin) {
        return allowedOrigins.contains("*") || allowedOrigins.contains(origin);
    }
}
