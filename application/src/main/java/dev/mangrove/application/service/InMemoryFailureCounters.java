package dev.mangrove.application.service;

import dev.mangrove.application.port.out.FailureCounters;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/** Failure counters of one process (tests, the user-management command); bounded by sweeping expired ones. */
final class InMemoryFailureCounters implements FailureCounters {
    private static final int SWEEP_AT = 10_000;
    private final Map<String, Count> counts = new ConcurrentHashMap<>();

    @Override
    public Map<String, Count> read(Set<String> keys, Instant now) {
        Map<String, Count> live = new HashMap<>();
        for (String key : keys) {
            Count count = counts.get(key);
            if (count != null && now.isBefore(count.expires())) {
                live.put(key, count);
            }
        }
        return live;
    }

    @Override
    public void add(String key, Instant now, Duration ttl, boolean sliding) {
        if (counts.size() > SWEEP_AT) {
            counts.values().removeIf(c -> !now.isBefore(c.expires()));
        }
        counts.compute(key, (k, c) -> c == null || !now.isBefore(c.expires())
                ? new Count(1, now, now.plus(ttl))
                : new Count(c.count() + 1, now, sliding ? now.plus(ttl) : c.expires()));
    }

    @Override
    public void forget(String key) {
        counts.remove(key);
    }
}
