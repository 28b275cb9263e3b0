package dev.mangrove.application.service;

import java.time.Duration;
import java.util.Objects;

/**
 * Settings of authentication (docs/security.md).
 *
 * @param credentialsCacheTtl how long a verified user name and password are remembered, so HTTP Basic
 *                            does not cost a password hash per request, and how long at most a verified
 *                            bearer token is (never past its expiry) ({@link Duration#ZERO}: never)
 * @param maxFailures         failed password checks per user and client address within {@code failureWindow}
 *                            before that address waits for that user; also how many failures of a user
 *                            (from any address) start its progressive delay
 * @param failureWindow       the window failures are counted in, and how long a blocked key stays blocked
 * @param userCheckInterval   how long the realm's answer about a user is trusted before a remembered
 *                            password or a token of that user is checked against the realm again, so a
 *                            change made on another instance (or by hand) applies within it
 *                            ({@link Duration#ZERO}: on every request)
 * @param maxFailuresPerAddress failed password checks per client address, any users, within {@code failureWindow}
 *                            before that address waits
 * @param maxDelay            the longest delay between attempts for a user under attack (from unknown addresses)
 * @param userReset           how long after its last failure a user's count is forgotten
 */
public record AuthenticationPolicy(Duration credentialsCacheTtl, int maxFailures, Duration failureWindow,
                                   Duration userCheckInterval, int maxFailuresPerAddress, Duration maxDelay,
                                   Duration userReset) {
    /** The default interval of {@link #userCheckInterval}. */
    public static final Duration DEFAULT_USER_CHECK = Duration.ofSeconds(1);
    /** 60 s cache; 10 failures per minute; users re-read at most once a second. */
    public static final AuthenticationPolicy DEFAULT = new AuthenticationPolicy(Duration.ofSeconds(60), 10,
            Duration.ofMinutes(1));

    public AuthenticationPolicy {
        Objects.requireNonNull(credentialsCacheTtl, "credentialsCacheTtl");
        Objects.requireNonNull(failureWindow, "failureWindow");
        Objects.requireNonNull(userCheckInterval, "userCheckInterval");
        Objects.requireNonNull(maxDelay, "maxDelay");
        Objects.requireNonNull(userReset, "userReset");
        if (maxFailuresPerAddress < 1) {
            throw new IllegalArgumentException("maxFailuresPerAddress must be positive");
        }
        if (maxDelay.isNegative() || maxDelay.isZero() || userReset.isNegative() || userReset.isZero()) {
            throw new IllegalArgumentException("maxDelay and userReset must be positive");
        }
        if (credentialsCacheTtl.isNegative()) {
            throw new IllegalArgumentException("credentialsCacheTtl must not be negative");
        }
        if (maxFailures < 1) {
            throw new IllegalArgumentException("maxFailures must be positive");
        }
        if (failureWindow.isNegative() || failureWindow.isZero()) {
            throw new IllegalArgumentException("failureWindow must be positive");
        }
        if (userCheckInterval.isNegative()) {
            throw new IllegalArgumentException("userCheckInterval must not be negative");
        }
    }

    /**
     * A policy that checks users again every {@link #DEFAULT_USER_CHECK}, allows 10 × {@code maxFailures}
     * per address, delays a user's attempts up to 1 min and forgets them after 15 min.
     */
    public AuthenticationPolicy(Duration credentialsCacheTtl, int maxFailures, Duration failureWindow) {
        this(credentialsCacheTtl, maxFailures, failureWindow, DEFAULT_USER_CHECK, maxFailures * 10,
                Duration.ofMinutes(1), Duration.ofMinutes(15));
    }
}
