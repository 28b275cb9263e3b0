package dev.mangrove.adapter.http;

import dev.mangrove.domain.error.ErrorKind;
import dev.mangrove.domain.error.MangroveException;
import io.helidon.http.HeaderNames;
import io.helidon.webserver.http.RoutingRequest;
import io.helidon.webserver.http.RoutingResponse;

import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.Semaphore;

/**
 * Serves at most a fixed number of API requests at once and answers the others at once with 503 {@code
 * overloaded} and {@code Retry-After}, rather than letting them queue until the server collapses; once
 * the server is stopping, answers every new API request 503 {@code shutting-down} and lets the ones in
 * flight finish. The health endpoints and {@code /metrics} are never limited, so probes and scrapes still
 * see the server (docs/operations.md#limits, docs/operations.md#shutdown). A step of the {@link EdgeFilter}.
 */
final class ConcurrencyLimit {
    /** What {@link #enter} decided: the request is exempt, holds a permit, or has been answered 503. */
    enum Admission { EXEMPT, ADMITTED, REFUSED }

    private static final Duration RETRY_AFTER = Duration.ofSeconds(1);
    /** Its permits taken are the API requests in flight (no counter of their own: one atomic update less each way). */
    private final Semaphore permits;
    private final int limit;
    private volatile Problems problems;
    private volatile boolean stopping;

    ConcurrencyLimit(int limit) {
        if (limit < 1) {
            throw new IllegalArgumentException("limit must be positive");
        }
        this.limit = limit;
        this.permits = new Semaphore(limit);
    }

    /** This limit with the problem writer of the routing it joins. */
    ConcurrencyLimit with(Problems problems) {
        this.problems = Objects.requireNonNull(problems, "problems");
        return this;
    }

    /**
     * Whether a request is exempt from the limit (health probes, the metrics scrape, and change streams, which
     * stay open: their subscribers are bounded by their queues, docs/streams.md, and they end on stop).
     */
    static boolean exempt(String rawPath) {
        return rawPath.startsWith("/health/") || rawPath.equals("/metrics") || rawPath.contains("/_streams/");
    }

    /**
     * Admits a request (then {@link #leave} must follow once it is served), lets an exempt one through without a
     * permit, or answers it 503 at once.
     */
    Admission enter(RoutingRequest req, RoutingResponse res) {
        if (exempt(req.path().rawPath())) {
            return Admission.EXEMPT;
        }
        if (stopping) {
            res.header(HeaderNames.CONNECTION, "close");
            problems.send(req, res, MangroveException.of(ErrorKind.UNAVAILABLE, "shutting-down",
                    "The server is stopping; retry on another instance or after its restart")
                    .withRetryAfter(RETRY_AFTER));
            return Admission.REFUSED;
        }
        if (!permits.tryAcquire()) {
            problems.send(req, res, MangroveException.of(ErrorKind.UNAVAILABLE, "overloaded",
                    "The server is serving as many requests as it accepts at once (" + limit
                            + "); retry shortly").withRetryAfter(RETRY_AFTER));
            return Admission.REFUSED;
        }
        return Admission.ADMITTED;
    }

    /** Gives back the permit of a request {@link Admission#ADMITTED} by {@link #enter}. */
    void leave() {
        permits.release();
    }

    /** The API requests being served now. */
    int inFlight() {
        return limit - permits.availablePermits();
    }

    /** Whether the server is stopping (readiness is then down). */
    boolean stopping() {
        return stopping;
    }

    /** Refuses new API requests from now on and waits, up to {@code grace}, for those in flight to finish. */
    boolean drain(Duration grace) {
        stopping = true;
        long deadline = System.nanoTime() + grace.toNanos();
        while (inFlight() > 0 && System.nanoTime() < deadline) {
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
        return inFlight() == 0;
    }
}
