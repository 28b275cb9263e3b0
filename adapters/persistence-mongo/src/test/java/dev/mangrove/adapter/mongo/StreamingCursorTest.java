package dev.mangrove.adapter.mongo;

import com.mongodb.MongoSocketReadException;
import com.mongodb.ServerAddress;
import dev.mangrove.domain.document.Document;
import dev.mangrove.domain.error.ErrorKind;
import dev.mangrove.domain.error.MangroveException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.reactivestreams.Publisher;
import org.reactivestreams.Subscriber;
import org.reactivestreams.Subscription;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

@Timeout(value = 20, unit = TimeUnit.SECONDS)
class StreamingCursorTest {
    private static final int BATCH = 256;
    private static final Function<Throwable, MangroveException> ERRORS = failure -> MongoErrors.map(failure, null);

    private final ExecutorService emitter = Executors.newSingleThreadExecutor();

    @AfterEach
    void stopEmitter() {
        emitter.shutdownNow();
    }

    /** Emits numbered documents on another thread, exactly as demanded, optionally failing after some. */
    private final class FakePublisher implements Publisher<Document> {
        final int total;
        final int failAfter;
        final int extraPerRequest;
        final List<Long> requests = new CopyOnWriteArrayList<>();
        final AtomicBoolean cancelled = new AtomicBoolean();
        final AtomicInteger emitted = new AtomicInteger();

        long requested() {
            return requests.stream().mapToLong(Long::longValue).sum();
        }

        FakePublisher(int total, int failAfter, int extraPerRequest) {
            this.total = total;
            this.failAfter = failAfter;
            this.extraPerRequest = extraPerRequest;
        }

        @Override
        public void subscribe(Subscriber<? super Document> subscriber) {
            subscriber.onSubscribe(new Subscription() {
                @Override
                public void request(long n) {
                    requests.add(n);
                    long allowed = n > Long.MAX_VALUE - extraPerRequest ? Long.MAX_VALUE : n + extraPerRequest;
                    emitter.execute(() -> {
                        for (long i = 0; i < allowed && !cancelled.get(); i++) {
                            int next = emitted.get();
                            if (next == failAfter) {
                                subscriber.onError(new MongoSocketReadException("connection reset",
                                        new ServerAddress()));
                                return;
                            }
                            if (next == total) {
                                subscriber.onComplete();
                                return;
                            }
                            emitted.incrementAndGet();
                            subscriber.onNext(new Document(Map.of("n", next)));
                        }
                        if (emitted.get() == total && !cancelled.get()) {
                            subscriber.onComplete();
                        }
                    });
                }

                @Override
                public void cancel() {
                    cancelled.set(true);
                }
            });
        }
    }

    @Test
    void streamsEveryDocumentInOrderRequestingFixedBatches() {
        FakePublisher publisher = new FakePublisher(5000, -1, 0);

        int read = 0;
        try (StreamingCursor cursor = StreamingCursor.open(publisher, BATCH, ERRORS)) {
            while (cursor.hasNext()) {
                assertEquals(read, cursor.next().get("n"));
                read++;
                assertTrue(publisher.requested() - read <= 2 * BATCH, "in flight " + (publisher.requested() - read));
            }
        }

        assertEquals(5000, read);
        assertTrue(publisher.requests.stream().allMatch(n -> n > 0 && n <= BATCH), "requests " + publisher.requests);
        assertFalse(publisher.cancelled.get());
    }

    @Test
    void neverBuffersMoreThanTwoBatchesForASlowConsumer() throws InterruptedException {
        FakePublisher publisher = new FakePublisher(5000, -1, 0);

        try (StreamingCursor cursor = StreamingCursor.open(publisher, BATCH, ERRORS)) {
            for (int i = 0; i < 3 * BATCH; i++) {
                cursor.next();
                if (i % BATCH == 0) {
                    Thread.sleep(50); // let the publisher fill everything it was allowed to
                }
            }
            // what the publisher was asked for beyond what was read: buffered or in flight
            assertTrue(publisher.requested() <= 3 * BATCH + 2 * BATCH, "requested " + publisher.requested());
            assertTrue(publisher.emitted.get() <= 3 * BATCH + 2 * BATCH, "emitted " + publisher.emitted.get());
        }
        assertTrue(publisher.emitted.get() < 5000);
    }

    @Test
    void closingEarlyCancelsTheSubscription() {
        FakePublisher publisher = new FakePublisher(5000, -1, 0);

        StreamingCursor cursor = StreamingCursor.open(publisher, BATCH, ERRORS);
        for (int i = 0; i < 10; i++) {
            cursor.next();
        }
        cursor.close();

        assertEventuallyCancelled(publisher);
        assertFalse(cursor.hasNext());
        assertTrue(publisher.emitted.get() <= 2 * BATCH, "emitted " + publisher.emitted.get());
        cursor.close(); // idempotent
    }

    @Test
    void deliversBufferedDocumentsBeforeAFailureAndThenThrowsTheMappedError() {
        FakePublisher publisher = new FakePublisher(5000, 300, 0);

        try (StreamingCursor cursor = StreamingCursor.open(publisher, BATCH, ERRORS)) {
            for (int i = 0; i < 300; i++) {
                assertEquals(i, cursor.next().get("n"));
            }
            MangroveException e = assertThrows(MangroveException.class, cursor::hasNext);
            assertEquals(ErrorKind.UNAVAILABLE, e.kind());
            assertEquals("backend-unavailable", e.code());
        }
    }

    @Test
    void failsToOpenWhenTheQueryFailsBeforeTheFirstDocument() {
        FakePublisher publisher = new FakePublisher(5000, 0, 0);

        MangroveException e = assertThrows(MangroveException.class,
                () -> StreamingCursor.open(publisher, BATCH, ERRORS));

        assertEquals(ErrorKind.UNAVAILABLE, e.kind());
    }

    @Test
    void treatsAPublisherThatIgnoresDemandAsAFailureAndCancelsIt() {
        FakePublisher publisher = new FakePublisher(5000, -1, 2 * BATCH);

        // the overflow may already be seen while open() waits for the first document, or later while reading
        MangroveException e = assertThrows(MangroveException.class, () -> {
            try (StreamingCursor cursor = StreamingCursor.open(publisher, BATCH, ERRORS)) {
                while (cursor.hasNext()) {
                    cursor.next();
                }
            }
        });
        assertEquals(ErrorKind.INTERNAL, e.kind());
        assertEventuallyCancelled(publisher);
    }

    /**
     * Reactor may hand a cancel to the thread that is delivering documents at that moment (its drain loop),
     * so the publisher can hear it a moment after close() returns; it must hear it.
     */
    private static void assertEventuallyCancelled(FakePublisher publisher) {
        for (int i = 0; i < 500 && !publisher.cancelled.get(); i++) {
            LockSupport.parkNanos(10_000_000);
        }
        assertTrue(publisher.cancelled.get(), "the subscription was never cancelled");
    }

    @Test
    void endsAnEmptyResultWithoutError() {
        try (StreamingCursor cursor = StreamingCursor.open(new FakePublisher(0, -1, 0), BATCH, ERRORS)) {
            assertFalse(cursor.hasNext());
            assertThrows(java.util.NoSuchElementException.class, cursor::next);
        }
    }
}
