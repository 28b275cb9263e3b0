package dev.mangrove.application.service;

import dev.mangrove.application.port.out.FailureCounters;
import dev.mangrove.domain.error.ErrorKind;
import dev.mangrove.domain.error.MangroveException;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Throttles password guessing without letting an attacker lock a user out (docs/security.md#brute-force-guard),
 * with counters every instance shares, consulted only when a password is actually checked (a remembered
 * right password costs nothing):
 * <ul>
 *   <li>per user <em>and</em> address: {@code maxFailures} failures in {@code failureWindow} → that address
 *       waits for the end of the window for that user (other addresses are not affected);</li>
 *   <li>per address: {@code maxFailuresPerAddress} failures in the window, for any users → that address
 *       waits (password spraying; set high enough for a NAT or proxy of many users);</li>
 *   <li>per user, from every address: after {@code maxFailures} failures, each further attempt waits a delay
 *       doubling from 1 s up to {@code maxDelay} after the last failure, except from an address this user
 *       logged in from successfully within {@link #KNOWN_ADDRESS_MEMORY} — so a botnet gets about one guess
 *       per {@code maxDelay} while the user logs in as usual from a known place. The user's counter is
 *       forgotten {@code userReset} after its last failure.</li>
 * </ul>
 * A refused attempt answers 429 with how long to wait.
 */
final class BruteForceGuard {
    /** How long an address stays known for a user after a successful login from it. */
    static final Duration KNOWN_ADDRESS_MEMORY = Duration.ofDays(30);
    private static final Duration FIRST_DELAY = Duration.ofSeconds(1);
    /** The pair counter's subject for wrong API keys (a user name cannot hold a NUL from HTTP). */
    private static final String API_KEY = "\u0000api-key";

    private final FailureCounters counters;
    private final AuthenticationPolicy policy;
    private final Clock clock;

    BruteForceGuard(FailureCounters counters, AuthenticationPolicy policy, Clock clock) {
        this.counters = Objects.requireNonNull(counters, "counters");
        this.policy = Objects.requireNonNull(policy, "policy");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** What {@link #check} found, for {@link #succeeded}. */
    record Attempt(String user, String address, boolean pairFailed, boolean known) {
    }

    /** Before checking a password: throws 429 when this attempt must wait. */
    Attempt check(String user, String address) {
        Instant now = clock.instant();
        String pair = pair(user, address);
        String known = known(user, address);
        Map<String, FailureCounters.Count> live = counters.read(Set.of(pair, address(address), user(user), known), now);
        FailureCounters.Count pairCount = live.get(pair);
        if (pairCount != null && pairCount.count() >= policy.maxFailures()) {
            throw tooMany(Duration.between(now, pairCount.expires()));
        }
        FailureCounters.Count addressCount = live.get(address(address));
        if (addressCount != null && addressCount.count() >= policy.maxFailuresPerAddress()) {
            throw tooMany(Duration.between(now, addressCount.expires()));
        }
        boolean isKnown = live.containsKey(known);
        FailureCounters.Count userCount = live.get(user(user));
        if (!isKnown && userCount != null && userCount.count() >= policy.maxFailures()) {
            Instant next = userCount.last().plus(delay(userCount.count() - policy.maxFailures()));
            if (now.isBefore(next)) {
                throw tooMany(Duration.between(now, next));
            }
        }
        return new Attempt(user, address, pairCount != null, isKnown);
    }

    /**
     * Before looking up an API key (docs/security.md#api-keys): throws 429 when this address has failed too
     * often. A wrong key names no user, so only the per-address counters apply: nobody's key is slowed down
     * by guesses from elsewhere.
     */
    Attempt checkKey(String address) {
        Instant now = clock.instant();
        String pair = pair(API_KEY, address);
        Map<String, FailureCounters.Count> live = counters.read(Set.of(pair, address(address)), now);
        FailureCounters.Count pairCount = live.get(pair);
        if (pairCount != null && pairCount.count() >= policy.maxFailures()) {
            throw tooMany(Duration.between(now, pairCount.expires()));
        }
        FailureCounters.Count addressCount = live.get(address(address));
        if (addressCount != null && addressCount.count() >= policy.maxFailuresPerAddress()) {
            throw tooMany(Duration.between(now, addressCount.expires()));
        }
        return new Attempt(null, address, pairCount != null, true);
    }

    /** The wait after the {@code n}th failure past the threshold: 1 s, 2 s, 4 s … up to {@code maxDelay}. */
    private Duration delay(long n) {
        if (n >= 30) {
            return policy.maxDelay();
        }
        Duration delay = FIRST_DELAY.multipliedBy(1L << n);
        return delay.compareTo(policy.maxDelay()) > 0 ? policy.maxDelay() : delay;
    }

    /** Counts a failed password check. */
    void failed(Attempt attempt) {
        Instant now = clock.instant();
        counters.add(pair(subject(attempt), attempt.address), now, policy.failureWindow(), false);
        counters.add(address(attempt.address), now, policy.failureWindow(), false);
        if (attempt.user != null) {
            counters.add(user(attempt.user), now, policy.userReset(), true);
        }
    }

    /** After a right password: forgets this address's failures for the user and remembers the address. */
    void succeeded(Attempt attempt) {
        if (attempt.pairFailed) {
            counters.forget(pair(subject(attempt), attempt.address));
        }
        if (!attempt.known) {
            counters.add(known(attempt.user, attempt.address), clock.instant(), KNOWN_ADDRESS_MEMORY, true);
        }
    }

    /** The 429 answer; {@code Retry-After} in whole seconds, at least 1. */
    private static MangroveException tooMany(Duration wait) {
        long seconds = Math.max(1, (wait.toMillis() + 999) / 1000);
        return MangroveException.of(ErrorKind.TOO_MANY_REQUESTS, "too-many-failures",
                        "Too many failed logins; try again in " + seconds + " s")
                .withRetryAfter(Duration.ofSeconds(seconds));
    }

    /** The user of an attempt, or {@link #API_KEY} for a key (which names none). */
    private static String subject(Attempt attempt) {
        return attempt.user == null ? API_KEY : attempt.user;
    }

    // keys: the address comes first, it cannot contain '|'; a user name may
    private static String pair(String user, String address) {
        return "pair|" + address + "|" + user;
    }

    private static String known(String user, String address) {
        return "known|" + address + "|" + user;
    }

    private static String address(String address) {
        return "address|" + address;
    }

    private static String user(String user) {
        return "user|" + user;
    }
}
