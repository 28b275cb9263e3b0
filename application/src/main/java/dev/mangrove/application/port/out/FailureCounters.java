package dev.mangrove.application.port.out;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Counters of failed logins that every instance shares (a MongoDB collection), so a limit is the same with
 * one instance or ten; each counter is forgotten at its own expiry.
 */
public interface FailureCounters {
    /** The live counters among {@code keys} at {@code now}; a missing or expired one is left out. */
    Map<String, Count> read(Set<String> keys, Instant now);

    /**
     * Adds one to the counter {@code key}, atomically across instances: a live counter counts on, and with
     * {@code sliding} its expiry moves to {@code now + ttl}; otherwise a new counter of 1 expires at
     * {@code now + ttl}.
     */
    void add(String key, Instant now, Duration ttl, boolean sliding);

    /** Forgets the counter {@code key}. */
    void forget(String key);

    /**
     * One counter.
     *
     * @param count   failures counted
     * @param last    when the last one was counted
     * @param expires when the counter is forgotten
     */
    record Count(long count, Instant last, Instant expires) {
        public Count {
            Objects.requireNonNull(last, "last");
            Objects.requireNonNull(expires, "expires");
        }
    }
}
