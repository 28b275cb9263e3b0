package dev.mangrove.application.service;

import java.time.Duration;
import java.util.Objects;

/**
 * Settings of authentication (SPEC §6).
 *
 * @param credentialsCacheTtl how long a verified user name and password are remembered, so HTTP Basic
 *                            does not cost a password hash per request, and how long at most a verified
 *                            bearer token is (never past its expiry) ({@link Duration#ZERO}: never)
 * @param maxFailures         failed password checks per client address or per user within
 *                            {@code failureWindow} before further attempts answer 429
 * @param failureWindow       the window failures are counted in, and how long a blocked key stays blocked
 */
public record AuthenticationPolicy(Duration credentialsCacheTtl, int maxFailures, Duration failureWindow) {
    /** 60 s cache; 10 failures per minute. */
    public static final AuthenticationPolicy DEFAULT = new AuthenticationPolicy(Duration.ofSeconds(60), 10,
            Duration.ofMinutes(1));

    public AuthenticationPolicy {
        Objects.requireNonNull(credentialsCacheTtl, "credentialsCacheTtl");
        Objects.requireNonNull(failureWindow, "failureWindow");
        if (credentialsCacheTtl.isNegative()) {
            throw new IllegalArgumentException("credentialsCacheTtl must not be negative");
        }
        if (maxFailures < 1) {
            throw new IllegalArgumentException("maxFailures must be positive");
        }
        if (failureWindow.isNegative() || failureWindow.isZero()) {
            throw new IllegalArgumentException("failureWindow must be positive");
        }
    }
}
