package dev.mangrove.application.service;

import dev.mangrove.application.port.in.StreamSubscription;
import dev.mangrove.application.port.in.WatchQuery;
import dev.mangrove.application.port.out.ChangeEvent;
import dev.mangrove.application.port.out.ChangeFeed;
import dev.mangrove.application.port.out.ChangeStreamStore;
import dev.mangrove.domain.document.Document;
import dev.mangrove.domain.error.MangroveException;
import dev.mangrove.domain.query.Filter;
import dev.mangrove.domain.query.Projection;
import dev.mangrove.domain.resource.Namespace;
import dev.mangrove.domain.security.DataScope;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Shared change streams, bounded queues and data scopes, against a fake store. */
class ChangeStreamServiceTest {
    private static final Namespace NS = Namespace.of("db", "orders");
    private static final Duration WAIT = Duration.ofSeconds(5);
    private static final Document META = new Document(Map.of("streams", List.of(
            Map.of("uri", "all", "stages", List.of()),
            Map.of("uri", "reshaped", "stages", List.of(Map.of("$project", Map.of("fullDocument", 1)))),
            Map.of("uri", "grouped", "stages", List.of(Map.of("$group", Map.of("_id", "x")))))));

    /** A store whose feeds the test pushes events into. */
    static final class FakeStore implements ChangeStreamStore {
        final List<FakeFeed> feeds = new CopyOnWriteArrayList<>();

        @Override
        public ChangeFeed watch(Namespace namespace, List<Map<String, Object>> stages, String resumeAfter) {
            FakeFeed feed = new FakeFeed(stages, resumeAfter);
            feeds.add(feed);
            return feed;
        }

        long open() {
            return feeds.stream().filter(f -> !f.closed).count();
        }
    }

    static final class FakeFeed implements ChangeFeed {
        final List<Map<String, Object>> stages;
        final String resumeAfter;
        final LinkedBlockingQueue<Object> events = new LinkedBlockingQueue<>();
        volatile boolean closed;

        FakeFeed(List<Map<String, Object>> stages, String resumeAfter) {
            this.stages = stages;
            this.resumeAfter = resumeAfter;
        }

        void push(String token, Map<String, Object> event) {
            events.add(new ChangeEvent(token, new Document(event)));
        }

        @Override
        public Optional<ChangeEvent> next(Duration wait) {
            try {
                Object next = events.poll(wait.toMillis(), TimeUnit.MILLISECONDS);
                if (next instanceof RuntimeException e) {
                    throw e;
                }
                return Optional.ofNullable((ChangeEvent) next);
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        }

        /** Events the feed hands over as one batch. */
        void pushBatch(List<ChangeEvent> batch) {
            events.add(batch);
        }

        @Override
        @SuppressWarnings("unchecked")
        public List<ChangeEvent> nextBatch(Duration wait, int max) {
            try {
                Object next = events.poll(wait.toMillis(), TimeUnit.MILLISECONDS);
                return switch (next) {
                    case null -> List.of();
                    case RuntimeException e -> throw e;
                    case List<?> batch -> (List<ChangeEvent>) batch;
                    default -> List.of((ChangeEvent) next);
                };
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        }

        @Override
        public void close() {
            closed = true;
        }
    }

    private static Map<String, Object> insert(String id, Map<String, Object> doc) {
        Map<String, Object> full = new java.util.LinkedHashMap<>(doc);
        full.put("_id", id);
        return Map.of("_id", Map.of("_data", id), "operationType", "insert", "documentKey", Map.of("_id", id),
                "fullDocument", full, "ns", Map.of("db", "hidden_real_db", "coll", "hidden_real_coll"));
    }

    private static WatchQuery query(String stream, DataScope scope) {
        return new WatchQuery(NS, stream, null, scope, null, Map.of("coll", "public"));
    }

    private static StreamSubscription.Event event(StreamSubscription s) {
        return assertInstanceOf(StreamSubscription.Event.class, s.next(WAIT).orElseThrow());
    }

    private static ChangeStreamService service(FakeStore store, int queue) {
        return new ChangeStreamService(store, ns -> META, queue);
    }

    private static List<ChangeEvent> batch(String... tokens) {
        List<ChangeEvent> out = new ArrayList<>();
        for (String token : tokens) {
            out.add(new ChangeEvent(token, new Document(insert(token, Map.of()))));
        }
        return out;
    }

    @Test
    void aBatchReachesEverySubscriberWholeAsTheSameEventObjects() {
        FakeStore store = new FakeStore();
        ChangeStreamService service = service(store, 10);
        StreamSubscription a = service.subscribe(query("all", DataScope.UNRESTRICTED));
        StreamSubscription b = service.subscribe(query("all", DataScope.UNRESTRICTED));
        store.feeds.get(0).pushBatch(batch("t1", "t2", "t3"));
        List<StreamSubscription.Signal> mine = a.drain(WAIT);
        List<StreamSubscription.Signal> theirs = b.drain(WAIT);
        assertEquals(List.of("t1", "t2", "t3"), mine.stream().map(s -> ((StreamSubscription.Event) s).token()).toList(),
                "the whole batch in one drain, in order");
        for (int i = 0; i < 3; i++) {
            assertTrue(mine.get(i) == theirs.get(i), "one event object per stream: encoded once for all its clients");
        }
        StreamSubscription.Event first = (StreamSubscription.Event) mine.get(0);
        assertEquals("encoded", first.encodings().get("k", k -> "encoded"));
        assertEquals("encoded", ((StreamSubscription.Event) theirs.get(0)).encodings().get("k", k -> "again"));
        assertEquals(6, service.eventsSent());
        assertTrue(a.drain(Duration.ofMillis(20)).isEmpty(), "nothing more waiting");
        a.close();
        b.close();
    }

    @Test
    void batchesReachEverySubscriberAsOneSharedObjectInOrderAndAPartlyReadBatchGivesItsRest() {
        FakeStore store = new FakeStore();
        ChangeStreamService service = service(store, 10);
        StreamSubscription a = service.subscribe(query("all", DataScope.UNRESTRICTED));
        StreamSubscription b = service.subscribe(query("all", DataScope.UNRESTRICTED));
        store.feeds.get(0).pushBatch(batch("t1", "t2", "t3"));
        store.feeds.get(0).pushBatch(batch("t4"));
        List<StreamSubscription.Signal> mine = waitFor(a, 2);
        List<StreamSubscription.Signal> theirs = waitFor(b, 2);
        assertEquals(2, mine.size(), "two batches waiting, two batches taken");
        StreamSubscription.Batch first = assertInstanceOf(StreamSubscription.Batch.class, mine.get(0));
        assertTrue(first == theirs.get(0), "one batch object per stream: its frames are encoded once for all clients");
        assertEquals(List.of("t1", "t2", "t3"), first.events().stream().map(StreamSubscription.Event::token).toList());
        assertEquals("t4", ((StreamSubscription.Batch) mine.get(1)).events().getFirst().token());
        assertEquals("frames", first.encodings().get("k", k -> "frames"));
        assertEquals("frames", ((StreamSubscription.Batch) theirs.get(0)).encodings().get("k", k -> "again"));
        assertEquals(8, service.eventsSent());

        store.feeds.get(0).pushBatch(batch("t5", "t6", "t7"));
        assertEquals("t5", event(a).token(), "next() takes one event of a batch");
        List<StreamSubscription.Signal> rest = a.drainBatches(WAIT);
        assertEquals(1, rest.size());
        StreamSubscription.Batch partial = assertInstanceOf(StreamSubscription.Batch.class, rest.getFirst());
        assertEquals(List.of("t6", "t7"), partial.events().stream().map(StreamSubscription.Event::token).toList(),
                "the rest of the batch, nothing twice");
        assertEquals(List.of("t5", "t6", "t7"), b.drain(WAIT).stream()
                .map(s -> ((StreamSubscription.Event) s).token()).toList(), "drain() gives the events one by one");
        assertTrue(a.drainBatches(Duration.ofMillis(20)).isEmpty(), "nothing more waiting");
        a.close();
        b.close();
    }

    /** The batches waiting once {@code n} have come (the pump hands them over one at a time). */
    private static List<StreamSubscription.Signal> waitFor(StreamSubscription s, int n) {
        List<StreamSubscription.Signal> got = new ArrayList<>(s.drainBatches(WAIT));
        while (got.size() < n) {
            got.addAll(s.drainBatches(WAIT));
        }
        return got;
    }

    @Test
    void aBatchThatOverflowsTheQueueDropsTheClientWithTheEndLast() {
        FakeStore store = new FakeStore();
        ChangeStreamService service = service(store, 4);
        StreamSubscription slow = service.subscribe(query("all", DataScope.UNRESTRICTED));
        store.feeds.get(0).pushBatch(batch("t1", "t2", "t3", "t4", "t5")); // 5 events for a queue of 4
        List<StreamSubscription.Signal> got = slow.drain(WAIT);
        assertEquals(1, got.size(), "the events are dropped, only the end is left");
        StreamSubscription.End end = assertInstanceOf(StreamSubscription.End.class, got.getFirst());
        assertEquals(StreamSubscription.Reason.TOO_SLOW, end.reason());
        assertEquals(1, service.clientsDropped());
        assertEquals(List.of(end), slow.drain(Duration.ZERO), "the end stays the answer");
        slow.close();
    }

    @Test
    void subscribersOfOneStreamShareOneServerSideStreamClosedAfterTheLast() {
        FakeStore store = new FakeStore();
        ChangeStreamService service = service(store, 10);
        StreamSubscription a = service.subscribe(query("all", DataScope.UNRESTRICTED));
        StreamSubscription b = service.subscribe(query("all", DataScope.UNRESTRICTED));
        assertEquals(1, store.feeds.size());
        assertEquals(1, service.openStreams());
        assertEquals(2, service.subscribers());
        store.feeds.get(0).push("t1", insert("x", Map.of()));
        assertEquals("t1", event(a).token());
        StreamSubscription.Event seen = event(b);
        assertEquals(Map.of("coll", "public"), seen.event().get("ns"), "ns as the client sees it, never the real one");
        a.close();
        assertEquals(1, store.open());
        b.close();
        assertEquals(0, store.open());
        assertEquals(0, service.openStreams());
        service.subscribe(query("all", DataScope.UNRESTRICTED)).close();
        assertEquals(2, store.feeds.size(), "a new subscriber after the last left opens a new stream");
    }

    @Test
    void aResumingSubscriberGetsAStreamOfItsOwnFromItsToken() {
        FakeStore store = new FakeStore();
        ChangeStreamService service = service(store, 10);
        try (StreamSubscription live = service.subscribe(query("all", DataScope.UNRESTRICTED));
             StreamSubscription resumed = service.subscribe(new WatchQuery(NS, "all", null, DataScope.UNRESTRICTED,
                     "t7", Map.of()))) {
            assertEquals(2, store.feeds.size());
            assertEquals("t7", store.feeds.get(1).resumeAfter);
            assertFalse(live.next(Duration.ofMillis(50)).isPresent());
            assertFalse(resumed.next(Duration.ofMillis(50)).isPresent());
        }
    }

    @Test
    void aSlowClientIsDroppedWithoutSlowingTheOthers() {
        FakeStore store = new FakeStore();
        ChangeStreamService service = service(store, 3);
        StreamSubscription slow = service.subscribe(query("all", DataScope.UNRESTRICTED));
        StreamSubscription fast = service.subscribe(query("all", DataScope.UNRESTRICTED));
        FakeFeed feed = store.feeds.get(0);
        List<String> received = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            feed.push("t" + i, insert("d" + i, Map.of()));
            received.add(event(fast).token());
        }
        assertEquals(10, received.size());
        StreamSubscription.End end = assertInstanceOf(StreamSubscription.End.class, slow.next(WAIT).orElseThrow());
        assertEquals(StreamSubscription.Reason.TOO_SLOW, end.reason());
        assertEquals("client-too-slow", end.code());
        assertEquals(1, service.clientsDropped());
        fast.close();
        slow.close();
    }

    @Test
    void theReadFilterSelectsEventsByTheirFullDocumentAndHiddenFieldsAreRemoved() {
        FakeStore store = new FakeStore();
        ChangeStreamService service = service(store, 10);
        DataScope scope = new DataScope(Filter.eq("owner", "alice"), Filter.ALL, Map.of(),
                new Projection(Map.of("secret", 0)));
        try (StreamSubscription s = service.subscribe(query("all", scope))) {
            FakeFeed feed = store.feeds.get(0);
            assertEquals(List.of(Map.of("$match", Map.of("fullDocument.owner", "alice"))), feed.stages,
                    "the scope's filter runs in the backend, on fullDocument");
            feed.push("t1", insert("x", Map.of("owner", "alice", "secret", 42, "n", 1)));
            Document full = new Document(castMap(event(s).event().get("fullDocument")));
            assertEquals("alice", full.get("owner"));
            assertFalse(full.fields().containsKey("secret"));
            feed.push("t2", Map.of("_id", Map.of("_data", "t2"), "operationType", "update",
                    "documentKey", Map.of("_id", "x", "secret", 42),
                    "updateDescription", Map.of("updatedFields", Map.of("secret", 43, "n", 2),
                            "removedFields", List.of("secret.a", "m"))));
            Document update = event(s).event();
            assertEquals(Map.of("_id", "x"), castMap(update.get("documentKey")));
            Map<String, Object> description = castMap(update.get("updateDescription"));
            assertEquals(Map.of("n", 2), castMap(description.get("updatedFields")));
            assertEquals(List.of("m"), description.get("removedFields"));
        }
        assertEquals(403, statusOf(() -> service.subscribe(query("reshaped", scope))),
                "a stage that reshapes events could move hidden fields out of fullDocument");
        assertEquals(400, statusOf(() -> service.subscribe(query("grouped", DataScope.UNRESTRICTED))));
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> castMap(Object value) {
        return value instanceof Document d ? d.fields() : (Map<String, Object>) value;
    }

    private static int statusOf(Runnable call) {
        MangroveException e = assertThrows(MangroveException.class, call::run);
        return switch (e.kind()) {
            case FORBIDDEN -> 403;
            case BAD_REQUEST -> 400;
            case NOT_FOUND -> 404;
            default -> 500;
        };
    }

    @Test
    void aFailedStreamEndsEverySubscriptionAndShutdownEndsTheRest() {
        FakeStore store = new FakeStore();
        ChangeStreamService service = service(store, 10);
        StreamSubscription a = service.subscribe(query("all", DataScope.UNRESTRICTED));
        store.feeds.get(0).events.add(MangroveException.of(dev.mangrove.domain.error.ErrorKind.UNAVAILABLE,
                "backend-unavailable", "gone"));
        StreamSubscription.End failed = assertInstanceOf(StreamSubscription.End.class, a.next(WAIT).orElseThrow());
        assertEquals(StreamSubscription.Reason.FAILED, failed.reason());
        assertEquals("backend-unavailable", failed.code());
        assertTrue(store.feeds.get(0).closed);
        a.close();
        StreamSubscription b = service.subscribe(query("all", DataScope.UNRESTRICTED));
        assertEquals(2, store.feeds.size(), "a failed stream is not reused");
        service.close();
        StreamSubscription.End shutdown = assertInstanceOf(StreamSubscription.End.class, b.next(WAIT).orElseThrow());
        assertEquals(StreamSubscription.Reason.SHUTDOWN, shutdown.reason());
        assertTrue(store.feeds.get(1).closed);
        assertThrows(MangroveException.class, () -> service.subscribe(query("all", DataScope.UNRESTRICTED)));
    }

    @Test
    void anUnknownStreamIsNotFound() {
        assertEquals(404, statusOf(() -> service(new FakeStore(), 10).subscribe(query("nope", DataScope.UNRESTRICTED))));
    }
}
