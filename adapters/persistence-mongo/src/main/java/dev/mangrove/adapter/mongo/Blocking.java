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
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;

/**
 * Bridges the reactive driver to the synchronous ports: callers run on virtual threads and simply wait, at most
 * {@link #DEADLINE} (a backend that never answers, or a driver callback that never completes, cannot hold a request
 * forever: the operation is cancelled and the request answered 503).
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
        // a plain subscriber and an untimed wait that the watchdog ends at the deadline: Reactor's timeout operator
        // named itself on every subscription (a regular expression per step of the chain), and a timed wait of a
        // virtual thread schedules and cancels a task in the JDK's delay scheduler, waking its thread twice per call
        // (docs/performance.md)
        FirstSubscriber<T> first = new FirstSubscriber<>(System.nanoTime() + timeout.toNanos());
        Deadline deadline = Watchdog.INSTANCE.watch(first);
        try {
            publisher.subscribe(first);
            return Optional.ofNullable(first.result.get());
        } catch (InterruptedException e) {
            first.cancel();
            throw interrupted(e);
        } catch (ExecutionException e) {
            Throwable cause = Exceptions.unwrap(e.getCause());
            if (cause instanceof DeadlinePassed) {
                first.cancel();
                throw new com.mongodb.MongoTimeoutException("no answer from MongoDB within " + timeout.toMillis() + " ms");
            }
            if (cause instanceof RuntimeException runtime) {
                throw runtime;
            }
            if (cause instanceof Error error) {
                throw error;
            }
            throw new IllegalStateException(cause);
        } finally {
            Watchdog.INSTANCE.forget(deadline);
        }
    }

    /** How many waits the watchdog is keeping a deadline for (tests). */
    static int waiting() {
        return Watchdog.INSTANCE.inProgress.intValue();
    }

    /** The failure the watchdog completes a wait with once its deadline has passed. */
    private static final class DeadlinePassed extends TimeoutException {
        DeadlinePassed() {
            super("deadline passed");
        }
    }

    /**
     * A wait's deadline as the watchdog keeps it: the wait itself is let go when it finishes, so that a finished
     * wait (and the document it got) is not kept until the watchdog's next look.
     */
    private static final class Deadline {
        /** The {@link System#nanoTime()} after which the wait is given up. */
        final long at;
        /** The wait in progress; null once it finished or was failed. */
        volatile FirstSubscriber<?> wait;

        Deadline(long at, FirstSubscriber<?> wait) {
            this.at = at;
            this.wait = wait;
        }
    }

    /**
     * One daemon thread keeping the deadlines of every wait in progress: it looks at them at least once a second and at
     * the earliest deadline, and fails the waits past theirs. A new wait wakes it only when its deadline comes before
     * the watchdog's next look (never for the usual {@link #DEADLINE}, except after an idle spell).
     *
     * <p>A wait is added to a lock-free queue of arrivals and, when it finishes, only marked finished: the watchdog
     * takes the arrivals at each look and drops the finished ones then. A concurrent hash set, added to and removed from
     * by every call, cost about 1 % of a read by id (docs/performance.md#reference-route-sixth-pass).
     */
    private static final class Watchdog implements Runnable {
        static final Watchdog INSTANCE = new Watchdog();
        private static final long TICK_NANOS = TimeUnit.SECONDS.toNanos(1);
        private static final long IDLE_NANOS = TimeUnit.SECONDS.toNanos(30);

        /** Waits in progress: registered and not yet forgotten. */
        final LongAdder inProgress = new LongAdder();
        /** Deadlines registered since the watchdog's last look. */
        private final Queue<Deadline> arrived = new ConcurrentLinkedQueue<>();
        /** Deadlines of waits still in progress at the last look (the watchdog's thread only). */
        private final List<Deadline> kept = new ArrayList<>();
        private final Thread thread;
        /** The {@link System#nanoTime()} of the watchdog's next look, unless {@link #idle}. */
        private volatile long nextLook;
        /** Whether the watchdog sleeps until a wait wakes it (it has none to keep). */
        private volatile boolean idle = true;

        private Watchdog() {
            thread = Thread.ofPlatform().daemon().name("mangrove-mongo-deadlines").unstarted(this);
            thread.start();
        }

        Deadline watch(FirstSubscriber<?> wait) {
            Deadline deadline = new Deadline(wait.deadline, wait);
            inProgress.increment();
            arrived.offer(deadline);
            if (idle || deadline.at - nextLook < 0) {
                LockSupport.unpark(thread);
            }
            return deadline;
        }

        void forget(Deadline deadline) {
            deadline.wait = null;
            inProgress.decrement();
        }

        @Override
        public void run() {
            while (true) {
                long now = System.nanoTime();
                long next = now + TICK_NANOS;
                for (Deadline deadline; (deadline = arrived.poll()) != null; ) {
                    kept.add(deadline);
                }
                int still = 0;
                for (Deadline deadline : kept) {
                    FirstSubscriber<?> wait = deadline.wait;
                    if (wait == null) {
                        continue; // finished: dropped
                    }
                    if (now - deadline.at >= 0) {
                        deadline.wait = null;
                        wait.result.completeExceptionally(new DeadlinePassed());
                        continue;
                    }
                    if (deadline.at - next < 0) {
                        next = deadline.at;
                    }
                    kept.set(still++, deadline);
                }
                kept.subList(still, kept.size()).clear();
                if (kept.isEmpty()) {
                    idle = true;
                    if (arrived.isEmpty()) { // checked after idle is set: a wait registered since then unparks
                        LockSupport.parkNanos(this, IDLE_NANOS);
                    }
                    idle = false;
                    continue;
                }
                nextLook = next;
                LockSupport.parkNanos(this, next - System.nanoTime());
            }
        }
    }

    /** Takes the first element (then cancels) or the end or failure of a publisher into a future. */
    private static final class FirstSubscriber<T> implements Subscriber<T> {
        private final CompletableFuture<T> result = new CompletableFuture<>();
        private final AtomicReference<Subscription> subscription = new AtomicReference<>();
        /** The {@link System#nanoTime()} after which the wait is given up. */
        private final long deadline;
        private volatile boolean cancelled;

        FirstSubscriber(long deadline) {
            this.deadline = deadline;
        }

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
