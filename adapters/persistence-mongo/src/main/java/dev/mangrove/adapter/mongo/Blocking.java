package dev.mangrove.adapter.mongo;

import dev.mangrove.domain.error.ErrorKind;
import dev.mangrove.domain.error.MangroveException;
import org.reactivestreams.Publisher;
import org.reactivestreams.Subscriber;
import org.reactivestreams.Subscription;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Bridges the reactive driver to the synchronous ports: callers run on virtual threads and simply wait.
 * Failures are rethrown as the driver signalled them; callers map them with {@link MongoErrors}.
 */
final class Blocking {
    /** How many elements a list-collecting subscriber requests at a time. */
    static final int BATCH = 256;

    private Blocking() {
    }

    /** The first element of the publisher (which is then cancelled), or empty when it completes without one. */
    static <T> Optional<T> first(Publisher<T> publisher) {
        return await(firstAsync(publisher), null);
    }

    /** Like {@link #first(Publisher)}, giving up (and cancelling) after {@code timeout}. */
    static <T> Optional<T> first(Publisher<T> publisher, Duration timeout) {
        return await(firstAsync(publisher), Objects.requireNonNull(timeout, "timeout"));
    }

    /** The single result of a publisher that always yields one (a write result, a count). */
    static <T> T single(Publisher<T> publisher) {
        return first(publisher).orElseThrow(() -> new IllegalStateException("the driver returned no result"));
    }

    /** Every element of a publisher of few elements (names), requested in batches. */
    static <T> List<T> all(Publisher<T> publisher) {
        CompletableFuture<List<T>> future = new CompletableFuture<>();
        AtomicReference<Subscription> subscription = new AtomicReference<>();
        publisher.subscribe(new Subscriber<T>() {
            private final List<T> elements = new ArrayList<>();

            @Override
            public void onSubscribe(Subscription s) {
                if (!subscription.compareAndSet(null, s)) {
                    s.cancel();
                    return;
                }
                future.whenComplete((result, failure) -> {
                    if (failure != null) {
                        s.cancel();
                    }
                });
                s.request(BATCH);
            }

            @Override
            public void onNext(T element) {
                elements.add(element);
                if (elements.size() % BATCH == 0) {
                    subscription.get().request(BATCH);
                }
            }

            @Override
            public void onError(Throwable failure) {
                future.completeExceptionally(failure);
            }

            @Override
            public void onComplete() {
                future.complete(elements);
            }
        });
        return await(future, null);
    }

    /** Subscribes and completes with the first element (or empty) without blocking the caller. */
    static <T> CompletableFuture<Optional<T>> firstAsync(Publisher<T> publisher) {
        CompletableFuture<Optional<T>> future = new CompletableFuture<>();
        publisher.subscribe(new Subscriber<T>() {
            private Subscription subscription;

            @Override
            public void onSubscribe(Subscription s) {
                if (subscription != null) {
                    s.cancel();
                    return;
                }
                subscription = s;
                // a caller that gives up (timeout, interrupt) cancels the operation
                future.whenComplete((result, failure) -> {
                    if (failure != null) {
                        s.cancel();
                    }
                });
                s.request(1);
            }

            @Override
            public void onNext(T element) {
                if (future.complete(Optional.ofNullable(element))) {
                    subscription.cancel();
                }
            }

            @Override
            public void onError(Throwable failure) {
                future.completeExceptionally(failure);
            }

            @Override
            public void onComplete() {
                future.complete(Optional.empty());
            }
        });
        return future;
    }

    private static <T> T await(CompletableFuture<T> future, Duration timeout) {
        try {
            return timeout == null ? future.get() : future.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            throw rethrowable(e.getCause());
        } catch (TimeoutException e) {
            future.completeExceptionally(e);
            throw new com.mongodb.MongoTimeoutException("no answer from MongoDB within " + timeout.toMillis() + " ms");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            future.completeExceptionally(e);
            throw MangroveException.of(ErrorKind.UNAVAILABLE, "backend-unavailable",
                    "The request was interrupted while waiting for the database").withRetryAfter(MongoErrors.RETRY_AFTER).withCause(e);
        }
    }

    private static RuntimeException rethrowable(Throwable failure) {
        if (failure instanceof RuntimeException runtime) {
            return runtime;
        }
        if (failure instanceof Error error) {
            throw error;
        }
        return new IllegalStateException(failure);
    }
}
