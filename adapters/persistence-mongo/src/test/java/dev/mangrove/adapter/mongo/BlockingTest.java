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
    void everyWaitIsBoundedByDefault() {
        assertTrue(Blocking.DEADLINE.compareTo(Duration.ofMinutes(10)) <= 0, "a finite, documented bound");
    }
}
