package dev.mangrove.application.service;

import dev.mangrove.domain.error.ErrorKind;
import dev.mangrove.domain.error.MangroveException;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Counts failed password checks per key (a client address, a user name) in fixed windows; a key
 * with {@code maxFailures} failures in its window is refused until the window ends (too many
 * requests, with the wait until then as the retry-after).
 */
final class BruteForceGuard {
    /** Keys kept before stale windows are swept. */
    private static final int SWEEP_AT = 10_000;
    private final int maxFailures;
    private final Duration window;
    private final Clock clock;
    private final Map<String, Window> windows = new ConcurrentHashMap<>();

    BruteForceGuard(int maxFailures, Duration window, Clock clock) {
        this.maxFailures = maxFailures;
        this.window = window;
        this.clock = clock;
    }

    /** Throws {@code TOO_MANY_REQUESTS} when any of the keys is blocked. */
    void check(String... keys) {
        Instant now = clock.instant();
        for (String key : keys) {
            Window w = windows.get(key);
            if (w != null && w.count >= maxFailures && now.isBefore(w.end)) {
                long seconds = Math.max(1, (Duration.between(now, w.end).toMillis() + 999) / 1000);
                throw MangroveException.of(ErrorKind.TOO_MANY_REQUESTS, "too-many-failures",
                        "Too many failed logins; try again in " + seconds + " s")
                        .withRetryAfter(Duration.ofSeconds(seconds));
            }
        }
    }

    /** Records one failure for each key. */
    void failed(String... keys) {
        Instant now = clock.instant();
        if (windows.size() > SWEEP_AT) {
            windows.values().removeIf(w -> !now.isBefore(w.end));
        }
        for (String key : keys) {
            windows.compute(key, (k, w) -> w == null || !now.isBefore(w.end)
                    ? new Window(now.plus(window), 1) : new Window(w.end, w.count + 1));
        }
    }

    /** Forgets the failures of a key (a user that logged in). */
    void succeeded(String key) {
        windows.remove(key);
    }

    private record Window(Instant end, int count) {
    }
}
