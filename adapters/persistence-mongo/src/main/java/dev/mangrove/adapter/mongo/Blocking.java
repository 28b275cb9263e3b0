package dev.mangrove.adapter.mongo;

import dev.mangrove.domain.error.ErrorKind;
import dev.mangrove.domain.error.MangroveException;
import org.reactivestreams.Publisher;
import org.reactivestreams.Subscriber;
import org.reactivestreams.Subscription;
import reactor.core.Disposable;
import reactor.core.Exceptions;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.TimeoutException;

/**
 * Bridges the reactive driver to the synchronous ports with Reactor's blocking operators: callers run on
 * virtual threads and simply wait, at most {@link #DEADLINE} (a backend that never answers, or a driver callback that
 * never completes, cannot hold a request forever: the operation is cancelled and the request answered 503).
 * Failures are rethrown as the driver signalled them; callers map them with {@link MongoErrors}.
 */
final class Blocking {
    /** How many elements a list-collecting subscriber requests at a time. */
    static final int BATCH = 256;
    /**
     * The longest wait for one backend operation (a write, a count, a list of names) before it is given up: far above
     * any read's {@code maxTimeMS} (docs/operations.md#limits).
     */
    static final Duration DEADLINE = Duration.ofMinutes(2);

    private Blocking() {
    }

    /** The first element of the publisher (which is then cancelled), or empty when it completes without one. */
    static <T> Optional<T> first(Publisher<T> publisher) {
        return first(publisher, DEADLINE);
    }

    /** Like {@link #first(Publisher)}, giving up (and cancelling) after {@code timeout}. */
    static <T> Optional<T> first(Publisher<T> publisher, Duration timeout) {
        Objects.requireNonNull(timeout, "timeout");
        // a plain subscriber and a timed wait: Reactor's timeout operator named itself on every subscription (a walk
        // of the operator chain with a regular expression per step, 4 % of a read by id, docs/performance.md)
        FirstSubscriber<T> first = new FirstSubscriber<>();
        publisher.subscribe(first);
        try {
            return Optional.ofNullable(first.result.get(timeout.toNanos(), TimeUnit.NANOSECONDS));
        } catch (java.util.concurrent.TimeoutException e) {
            first.cancel();
            throw new com.mongodb.MongoTimeoutException("no answer from MongoDB within " + timeout.toMillis() + " ms");
        } catch (InterruptedException e) {
            first.cancel();
            throw interrupted(e);
        } catch (ExecutionException e) {
            Throwable cause = Exceptions.unwrap(e.getCause());
            if (cause instanceof RuntimeException runtime) {
                throw runtime;
            }
            if (cause instanceof Error error) {
                throw error;
            }
            throw new IllegalStateException(cause);
        }
    }

    /** Takes the first element (then cancels) or the end or failure of a publisher into a future. */
    private static final class FirstSubscriber<T> implements Subscriber<T> {
        private final CompletableFuture<T> result = new CompletableFuture<>();
        private final AtomicReference<Subscription> subscription = new AtomicReference<>();
        private volatile boolean cancelled;

        @Override
        public void onSubscribe(Subscription s) {
            if (!subscription.compareAndSet(null, s) || cancelled) {
                s.cancel();
                return;
            }
            s.request(1);
        }

        @Override
        public void onNext(T element) {
            if (result.complete(element)) {
                Subscription s = subscription.get();
                if (s != null) {
                    s.cancel();
                }
            }
        }

        @Override
        public void onError(Throwable failure) {
            result.completeExceptionally(failure);
        }

        @Override
        public void onComplete() {
            result.complete(null);
        }

        void cancel() {
            cancelled = true;
            Subscription s = subscription.get();
            if (s != null) {
                s.cancel();
            }
        }
    }

    /** The single result of a publisher that always yields one (a write result, a count). */
    static <T> T single(Publisher<T> publisher) {
        return single(publisher, DEADLINE);
    }

    /** Like {@link #single(Publisher)}, giving up (and cancelling) after {@code timeout}. */
    static <T> T single(Publisher<T> publisher, Duration timeout) {
        return first(publisher, timeout).orElseThrow(() -> new IllegalStateException("the driver returned no result"));
    }

    /** Every element of a publisher of few elements (names), requested in batches. */
    static <T> List<T> all(Publisher<T> publisher) {
        return block(Flux.from(publisher).limitRate(BATCH).collectList().timeout(DEADLINE), DEADLINE)
                .orElseGet(List::of);
    }

    /** Subscribes and completes with the first element (or empty) without blocking the caller. */
    static <T> CompletableFuture<Optional<T>> firstAsync(Publisher<T> publisher) {
        CompletableFuture<Optional<T>> future = new CompletableFuture<>();
        Disposable subscription = Mono.from(publisher).subscribe(element -> future.complete(Optional.of(element)),
                future::completeExceptionally, () -> future.complete(Optional.empty()));
        // a caller that gives up (timeout, interrupt) cancels the operation
        future.whenComplete((result, failure) -> {
            if (failure != null) {
                subscription.dispose();
            }
        });
        return future;
    }

    /** The failure of a wait that was interrupted (the operation is cancelled): 503, try again. */
    static MangroveException interrupted(Throwable cause) {
        Thread.currentThread().interrupt();
        return MangroveException.of(ErrorKind.UNAVAILABLE, "backend-unavailable",
                "The request was interrupted while waiting for the database").withRetryAfter(MongoErrors.RETRY_AFTER)
                .withCause(cause);
    }

    private static <T> Optional<T> block(Mono<T> mono, Duration timeout) {
        try {
            return mono.blockOptional();
        } catch (RuntimeException e) {
            Throwable cause = Exceptions.unwrap(e);
            if (cause instanceof TimeoutException && timeout != null) {
                throw new com.mongodb.MongoTimeoutException("no answer from MongoDB within " + timeout.toMillis() + " ms");
            }
            if (cause instanceof InterruptedException) {
                throw interrupted(cause);
            }
            if (cause instanceof RuntimeException runtime) {
                throw runtime;
            }
            if (cause instanceof Error error) {
                throw error;
            }
            throw new IllegalStateException(cause);
        }
    }
}
