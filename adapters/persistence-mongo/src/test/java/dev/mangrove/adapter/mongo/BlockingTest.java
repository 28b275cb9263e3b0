package dev.mangrove.adapter.mongo;

import com.mongodb.MongoTimeoutException;
import dev.mangrove.domain.error.MangroveException;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class BlockingTest {
    @Test
    void aWriteThatNeverAnswersIsGivenUpAndCancelledAs503() {
        AtomicBoolean cancelled = new AtomicBoolean();
        Mono<Object> never = Mono.never().doOnCancel(() -> cancelled.set(true));
        MongoTimeoutException timeout = assertThrows(MongoTimeoutException.class,
                () -> Blocking.single(never, Duration.ofMillis(50)));
        assertTrue(cancelled.get(), "the operation is cancelled");
        MangroveException mapped = MongoErrors.map(timeout, null);
        assertEquals(dev.mangrove.domain.error.ErrorKind.UNAVAILABLE, mapped.kind(), mapped.toString());
    }

    @Test
    void theFirstElementIsReturnedAndTheRestCancelled() {
        AtomicBoolean cancelled = new AtomicBoolean();
        reactor.core.publisher.Flux<Integer> many = reactor.core.publisher.Flux.range(1, 1000).doOnCancel(() -> cancelled.set(true));
        assertEquals(java.util.Optional.of(1), Blocking.first(many));
        assertTrue(cancelled.get(), "the rest is not read");
        assertEquals(java.util.Optional.empty(), Blocking.first(Mono.empty()));
        assertEquals("done", Blocking.single(Mono.just("done")));
    }

    @Test
    void aFailureIsRethrownAsTheDriverSignalledIt() {
        com.mongodb.MongoSocketException failure = new com.mongodb.MongoSocketException("gone",
                new com.mongodb.ServerAddress());
        assertEquals(failure, assertThrows(com.mongodb.MongoSocketException.class, () -> Blocking.first(Mono.error(failure))));
        java.io.IOException checked = new java.io.IOException("checked");
        assertEquals(checked, assertThrows(IllegalStateException.class, () -> Blocking.first(Mono.error(checked))).getCause());
    }

    @Test
    void anInterruptedWaitCancelsTheOperationAndAnswers503() {
        AtomicBoolean cancelled = new AtomicBoolean();
        Mono<Object> never = Mono.never().doOnCancel(() -> cancelled.set(true));
        Thread.currentThread().interrupt();
        try {
            MangroveException interrupted = assertThrows(MangroveException.class, () -> Blocking.single(never));
            assertEquals(dev.mangrove.domain.error.ErrorKind.UNAVAILABLE, interrupted.kind());
            assertTrue(cancelled.get(), "the operation is cancelled");
        } finally {
            assertTrue(Thread.interrupted(), "the interrupt is kept");
        }
    }

    @Test
    void aWaitSetsNoTimerOfItsOwn() throws Exception {
        // a timed park of a virtual thread schedules (and then cancels) a task in the JDK's delay scheduler, waking its
        // thread twice per backend call (docs/performance.md); the deadline is kept by one shared watchdog instead
        reactor.core.publisher.Sinks.One<String> answer = reactor.core.publisher.Sinks.one();
        java.util.concurrent.atomic.AtomicReference<Object> got = new java.util.concurrent.atomic.AtomicReference<>();
        Thread waiter = Thread.ofVirtual().start(() -> got.set(Blocking.single(answer.asMono())));
        while (waiter.getState() != Thread.State.WAITING && waiter.getState() != Thread.State.TIMED_WAITING) {
            Thread.onSpinWait();
        }
        assertEquals(Thread.State.WAITING, waiter.getState(), "an untimed wait");
        assertEquals(1, Blocking.waiting(), "the wait is known to the watchdog");
        answer.tryEmitValue("answered");
        waiter.join();
        assertEquals("answered", got.get());
        assertEquals(0, Blocking.waiting(), "a finished wait is forgotten");
    }

    /** A virtual thread waiting up to {@code timeout} for an operation that never answers, noting its end. */
    private static Thread neverAnswered(Duration timeout, AtomicBoolean cancelled,
                                        java.util.concurrent.atomic.AtomicReference<Throwable> failure) {
        return Thread.ofVirtual().start(() -> {
            try {
                Blocking.single(Mono.never().doOnCancel(() -> cancelled.set(true)), timeout);
            } catch (Throwable e) {
                failure.set(e);
            }
        });
    }

    @Test
    void theWatchdogGivesUpEveryWaitPastItsDeadlineWhateverTheOrder() throws Exception {
        AtomicBoolean longCancelled = new AtomicBoolean();
        java.util.concurrent.atomic.AtomicReference<Throwable> longFailure = new java.util.concurrent.atomic.AtomicReference<>();
        Thread slow = neverAnswered(Duration.ofMillis(400), longCancelled, longFailure);
        // a shorter deadline registered after a longer one is still kept
        assertThrows(MongoTimeoutException.class, () -> Blocking.single(Mono.never(), Duration.ofMillis(30)));
        slow.join();
        assertTrue(longFailure.get() instanceof MongoTimeoutException, String.valueOf(longFailure.get()));
        assertTrue(longCancelled.get(), "the operation is cancelled");
        assertEquals(0, Blocking.waiting());
    }

    @Test
    void aStuckWaitAmongManyThatFinishIsStillGivenUp() throws Exception {
        AtomicBoolean stuckCancelled = new AtomicBoolean();
        java.util.concurrent.atomic.AtomicReference<Throwable> stuckFailure = new java.util.concurrent.atomic.AtomicReference<>();
        Thread stuck = neverAnswered(Duration.ofMillis(300), stuckCancelled, stuckFailure);
        java.util.List<Thread> busy = new java.util.ArrayList<>();
        java.util.concurrent.atomic.AtomicInteger answered = new java.util.concurrent.atomic.AtomicInteger();
        for (int t = 0; t < 8; t++) { // finished waits are dropped by the watchdog, the stuck one is kept
            busy.add(Thread.ofVirtual().start(() -> {
                for (int i = 0; i < 2_000; i++) {
                    if (Blocking.single(Mono.fromCallable(() -> "x").subscribeOn(
                            reactor.core.scheduler.Schedulers.parallel())).equals("x")) {
                        answered.incrementAndGet();
                    }
                }
            }));
        }
        for (Thread thread : busy) {
            thread.join();
        }
        stuck.join();
        assertEquals(16_000, answered.get());
        assertTrue(stuckFailure.get() instanceof MongoTimeoutException, String.valueOf(stuckFailure.get()));
        assertTrue(stuckCancelled.get(), "the stuck operation is cancelled");
        assertEquals(0, Blocking.waiting(), "every wait is forgotten");
    }

    @Test
    void everyWaitIsBoundedByDefault() {
        assertTrue(Blocking.DEADLINE.compareTo(Duration.ofMinutes(10)) <= 0, "a finite, documented bound");
    }
}
