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
    void everyWaitIsBoundedByDefault() {
        assertTrue(Blocking.DEADLINE.compareTo(Duration.ofMinutes(10)) <= 0, "a finite, documented bound");
    }
}
