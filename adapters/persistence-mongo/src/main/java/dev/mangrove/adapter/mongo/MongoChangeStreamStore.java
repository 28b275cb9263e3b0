package dev.mangrove.adapter.mongo;

import com.mongodb.MongoCommandException;
import com.mongodb.client.model.changestream.FullDocument;
import com.mongodb.reactivestreams.client.ChangeStreamPublisher;
import com.mongodb.reactivestreams.client.MongoClient;
import dev.mangrove.application.port.out.ChangeEvent;
import dev.mangrove.application.port.out.ChangeFeed;
import dev.mangrove.application.port.out.ChangeStreamStore;
import dev.mangrove.domain.document.Document;
import dev.mangrove.domain.error.ErrorKind;
import dev.mangrove.domain.error.MangroveException;
import dev.mangrove.domain.resource.Namespace;
import org.bson.BsonDocument;
import org.bson.BsonInt32;
import org.bson.BsonString;
import org.bson.BsonTimestamp;
import org.reactivestreams.Subscriber;
import org.reactivestreams.Subscription;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Change streams over the driver's {@code watch}: full documents looked up on updates, resumed after a token, or
 * else started at the backend's current operation time so that no write made after {@link #watch} returned is
 * missed. Events cross to the synchronous port through a small queue the subscriber tops up as it is drained.
 */
final class MongoChangeStreamStore implements ChangeStreamStore {
    /** ChangeStreamHistoryLost, ChangeStreamFatalError, and the codes of a resume token the server cannot use. */
    private static final Set<Integer> TOKEN_LOST = Set.of(286, 280, 260);
    /** "The $changeStream stage is only supported on replica sets" and other refusals of the stage. */
    private static final Set<Integer> NO_CHANGE_STREAMS = Set.of(40573, 40324, 20);
    private static final int BATCH = 64;

    private final MongoClient client;
    private final Duration openTimeout;
    private final RegexGuard regexes;
    private final boolean embedded;

    MongoChangeStreamStore(MongoClient client, Duration openTimeout, RegexGuard regexes, boolean embedded) {
        this.embedded = embedded;
        this.client = Objects.requireNonNull(client, "client");
        this.openTimeout = Objects.requireNonNull(openTimeout, "openTimeout");
        this.regexes = Objects.requireNonNull(regexes, "regexes");
    }

    @Override
    public ChangeFeed watch(Namespace namespace, List<Map<String, Object>> stages, String resumeAfter) {
        List<BsonDocument> pipeline = new ArrayList<>(stages.size());
        try {
            for (Map<String, Object> stage : stages) {
                @SuppressWarnings("unchecked")
                Map<String, Object> plainStage = (Map<String, Object>) plain(stage);
                pipeline.add(regexes.check(BsonValues.toBsonDocument(plainStage)));
            }
            if (embedded) {
                if (resumeAfter != null) {
                    requireInOplog(resumeAfter);
                }
                PollingFeed feed = new PollingFeed(namespace, resumeAfter != null);
                feed.start(pipeline, resumeAfter);
                return feed;
            }
            ChangeStreamPublisher<org.bson.Document> publisher = client.getDatabase(namespace.database().value())
                    .getCollection(namespace.collection().value())
                    .watch(pipeline)
                    .fullDocument(FullDocument.UPDATE_LOOKUP)
                    .batchSize(BATCH)
                    .maxAwaitTime(1, TimeUnit.SECONDS);
            if (resumeAfter != null) {
                publisher = publisher.resumeAfter(new BsonDocument("_data", new BsonString(resumeAfter)));
            } else {
                BsonTimestamp now = operationTime();
                if (now != null) {
                    publisher = publisher.startAtOperationTime(now);
                }
            }
            Feed feed = new Feed(namespace, resumeAfter != null);
            publisher.withDocumentClass(Document.class).subscribe(feed);
            feed.awaitSubscribed(openTimeout);
            return feed;
        } catch (RuntimeException e) {
            throw resumeAfter != null && isCommandFailure(e) ? tokenLost() : map(e, namespace);
        }
    }

    /**
     * The embedded backend resumes after any position it is given, even one its capped oplog no longer holds
     * (events would be lost silently): its token is the oplog timestamp in hex, which must still be there.
     */
    private void requireInOplog(String token) {
        long value;
        try {
            value = Long.parseUnsignedLong(token, 16);
        } catch (NumberFormatException e) {
            throw tokenLost();
        }
        Optional<BsonDocument> entry = Blocking.first(client.getDatabase("local").getCollection("oplog.rs",
                BsonDocument.class).find(new BsonDocument("ts", new BsonTimestamp(value))).limit(1), openTimeout);
        if (entry.isEmpty()) {
            throw tokenLost();
        }
    }

    private static boolean isCommandFailure(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof MongoCommandException) {
                return true;
            }
        }
        return false;
    }

    private static MangroveException tokenLost() {
        return MangroveException.of(ErrorKind.NOT_FOUND, "resume-token-not-found",
                "The backend no longer has the events after this resume token (or it is not one of this stream's); "
                        + "subscribe again without it");
    }

    /**
     * The point to start from: the operation time of a command (a replica set), else just after
     * the newest oplog entry by {@code ts} (the embedded backend: its oplog's natural order is not the order of
     * its entries — the H2 store keeps them by a random {@code _id}, the memory store reuses freed slots), else
     * nothing (start from now).
     */
    private BsonTimestamp operationTime() {
        Optional<BsonDocument> reply = Blocking.first(client.getDatabase("admin")
                .runCommand(new BsonDocument("ping", new BsonInt32(1)), BsonDocument.class), openTimeout);
        if (reply.isPresent() && reply.get().get("operationTime") instanceof BsonTimestamp time) {
            return time;
        }
        Optional<BsonDocument> last = Blocking.first(client.getDatabase("local").getCollection("oplog.rs",
                BsonDocument.class).find().sort(new BsonDocument("ts", new BsonInt32(-1))).limit(1), openTimeout);
        if (last.isPresent() && last.get().get("ts") instanceof BsonTimestamp ts) {
            return new BsonTimestamp(ts.getTime(), ts.getInc() + 1);
        }
        return last.isPresent() ? null : new BsonTimestamp(1, 0);
    }

    static MangroveException map(Throwable failure, Namespace namespace) {
        Throwable cause = failure;
        while (cause.getCause() != null && !(cause instanceof MongoCommandException)
                && !(cause instanceof MangroveException)) {
            cause = cause.getCause();
        }
        if (cause instanceof MongoCommandException command) {
            if (TOKEN_LOST.contains(command.getErrorCode())) {
                return tokenLost();
            }
            if (NO_CHANGE_STREAMS.contains(command.getErrorCode())) {
                return MangroveException.of(ErrorKind.NOT_IMPLEMENTED, "change-streams-unavailable",
                        "This backend has no change streams: MongoDB needs to run as a replica set");
            }
        }
        return MongoErrors.map(failure, namespace);
    }

    /**
     * A change stream of the embedded backend, read by polling its cursor with {@code getMore}: mongo-java-server
     * answers an empty {@code getMore} at once (it ignores {@code maxAwaitTime}), so the driver's own loop would
     * spin a core for each open stream; this one waits between empty batches instead.
     */
    private final class PollingFeed implements ChangeFeed {
        /** The shortest time between two {@code getMore}s. */
        private static final Duration PERIOD = Duration.ofMillis(40);
        /**
         * The most events one {@code getMore} returns: each one scans the whole oplog, so a stream that fell
         * behind (a busy machine) catches up with few of them, not one scan per 64 events.
         */
        private static final int POLL_BATCH = 1024;
        private final Namespace namespace;
        private final java.util.ArrayDeque<Document> buffer = new java.util.ArrayDeque<>();
        private final boolean resuming;
        private long cursor;
        private long lastPoll = System.nanoTime() - PERIOD.toNanos();
        private boolean lastFull;
        private volatile boolean closed;

        private PollingFeed(Namespace namespace, boolean resuming) {
            this.namespace = namespace;
            this.resuming = resuming;
        }

        private BsonDocument run(BsonDocument command) {
            return Blocking.first(client.getDatabase(namespace.database().value()).runCommand(command,
                    BsonDocument.class), openTimeout).orElseThrow();
        }

        void start(List<BsonDocument> stages, String resumeAfter) {
            BsonDocument spec = new BsonDocument("fullDocument", new BsonString("updateLookup"));
            if (resumeAfter != null) {
                spec.put("resumeAfter", new BsonDocument("_data", new BsonString(resumeAfter)));
            } else {
                BsonTimestamp now = operationTime();
                if (now != null) {
                    spec.put("startAtOperationTime", now);
                }
            }
            org.bson.BsonArray pipeline = new org.bson.BsonArray();
            pipeline.add(new BsonDocument("$changeStream", spec));
            stages.forEach(pipeline::add);
            BsonDocument reply = run(new BsonDocument("aggregate", new BsonString(namespace.collection().value()))
                    .append("pipeline", pipeline)
                    .append("cursor", new BsonDocument("batchSize", new BsonInt32(POLL_BATCH))));
            take(reply.getDocument("cursor"), "firstBatch");
        }

        private void take(BsonDocument cursorDocument, String batch) {
            cursor = cursorDocument.getNumber("id").longValue();
            for (org.bson.BsonValue event : cursorDocument.getArray(batch)) {
                buffer.add(new Document(BsonValues.fromBsonDocument(event.asDocument())));
            }
        }

        @Override
        public Optional<ChangeEvent> next(Duration wait) {
            fill(wait);
            Document event = buffer.poll();
            return event == null ? Optional.empty() : Optional.of(new ChangeEvent(Feed.token(event), event));
        }

        @Override
        public List<ChangeEvent> nextBatch(Duration wait, int max) {
            fill(wait);
            List<ChangeEvent> out = new ArrayList<>(Math.min(max, buffer.size()));
            while (out.size() < max && !buffer.isEmpty()) {
                Document event = buffer.poll();
                out.add(new ChangeEvent(Feed.token(event), event));
            }
            return out;
        }

        /**
         * Reads batches until one has events or {@code wait} is over; a {@code getMore} starts at most once per
         * {@link #PERIOD} (unless the last batch was full), so that events written at a steady rate arrive in
         * batches — each {@code getMore} scans the backend's oplog, and each batch wakes every subscriber once.
         */
        private void fill(Duration wait) {
            long deadline = System.nanoTime() + wait.toNanos();
            try {
                while (buffer.isEmpty() && !closed) {
                    if (cursor == 0) {
                        throw MangroveException.of(ErrorKind.UNAVAILABLE, "stream-ended",
                                "The change stream ended (the collection was dropped or renamed)");
                    }
                    long due = lastFull ? 0 : lastPoll + PERIOD.toNanos() - System.nanoTime();
                    if (due > 0) {
                        long left = deadline - System.nanoTime();
                        if (left <= 0) {
                            break;
                        }
                        Thread.sleep(Math.max(1, Math.min(due, left) / 1_000_000));
                        continue;
                    }
                    lastPoll = System.nanoTime();
                    int before = buffer.size();
                    take(run(new BsonDocument("getMore", new org.bson.BsonInt64(cursor))
                            .append("collection", new BsonString(namespace.collection().value()))
                            .append("batchSize", new BsonInt32(POLL_BATCH))).getDocument("cursor"), "nextBatch");
                    lastFull = buffer.size() - before >= POLL_BATCH;
                    if (!buffer.isEmpty() || deadline - System.nanoTime() <= 0) {
                        break;
                    }
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw Blocking.interrupted(e);
            } catch (MangroveException e) {
                throw e;
            } catch (RuntimeException e) {
                throw resuming && isCommandFailure(e) ? tokenLost() : map(e, namespace);
            }
        }

        @Override
        public void close() {
            closed = true;
            long open = cursor;
            if (open != 0) {
                try {
                    run(new BsonDocument("killCursors", new BsonString(namespace.collection().value()))
                            .append("cursors", new org.bson.BsonArray(List.of(new org.bson.BsonInt64(open)))));
                } catch (RuntimeException e) {
                    // the backend forgets it anyway
                }
            }
        }
    }

    /** The events of one stream, handed over through a queue the consumer's pace tops up. */
    private static final class Feed implements ChangeFeed, Subscriber<Document> {
        private static final Object COMPLETE = new Object();
        private final Namespace namespace;
        private final LinkedBlockingQueue<Object> queue = new LinkedBlockingQueue<>();
        private final AtomicReference<Subscription> subscription = new AtomicReference<>();
        private final java.util.concurrent.CountDownLatch subscribed = new java.util.concurrent.CountDownLatch(1);
        private volatile boolean closed;
        private volatile Throwable failure;
        private int consumed;

        private final boolean resuming;

        Feed(Namespace namespace, boolean resuming) {
            this.namespace = namespace;
            this.resuming = resuming;
        }

        /** A command failure of a resumed stream is its token refused (MongoDB fails the first batch with it). */
        private MangroveException failed(Throwable t) {
            return resuming && isCommandFailure(t) ? tokenLost() : map(t, namespace);
        }

        void awaitSubscribed(Duration timeout) {
            try {
                if (!subscribed.await(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                    close();
                    throw MangroveException.of(ErrorKind.UNAVAILABLE, "backend-unavailable",
                            "The database did not open the change stream in time");
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                close();
                throw Blocking.interrupted(e);
            }
            if (failure != null) {
                throw failed(failure);
            }
        }

        @Override
        public void onSubscribe(Subscription s) {
            if (!subscription.compareAndSet(null, s)) {
                s.cancel();
                return;
            }
            if (closed) {
                s.cancel();
            } else {
                s.request(BATCH);
            }
            subscribed.countDown();
        }

        @Override
        public void onNext(Document event) {
            queue.add(event);
        }

        @Override
        public void onError(Throwable t) {
            failure = t;
            queue.add(COMPLETE);
            subscribed.countDown();
        }

        @Override
        public void onComplete() {
            queue.add(COMPLETE);
        }

        @Override
        public Optional<ChangeEvent> next(Duration wait) {
            if (closed) {
                return Optional.empty();
            }
            Object next;
            try {
                next = queue.poll(wait.toNanos(), TimeUnit.NANOSECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw Blocking.interrupted(e);
            }
            if (next == null) {
                return Optional.empty();
            }
            if (next == COMPLETE) {
                queue.add(COMPLETE);
                if (failure != null) {
                    throw failed(failure);
                }
                throw MangroveException.of(ErrorKind.UNAVAILABLE, "stream-ended",
                        "The change stream ended (the collection was dropped or renamed)");
            }
            if (++consumed >= BATCH / 2) {
                subscription.get().request(consumed);
                consumed = 0;
            }
            Document event = (Document) next;
            return Optional.of(new ChangeEvent(token(event), event));
        }

        @Override
        public List<ChangeEvent> nextBatch(Duration wait, int max) {
            Optional<ChangeEvent> first = next(wait);
            if (first.isEmpty()) {
                return List.of();
            }
            List<ChangeEvent> out = new ArrayList<>();
            out.add(first.get());
            while (out.size() < max && queue.peek() instanceof Document) {
                Optional<ChangeEvent> more = next(Duration.ZERO);
                if (more.isEmpty()) {
                    break;
                }
                out.add(more.get());
            }
            return out;
        }

        private static String token(Document event) {
            Object id = event.get("_id");
            if (id instanceof Document d && d.get("_data") instanceof String data) {
                return data;
            }
            if (id instanceof Map<?, ?> map && map.get("_data") instanceof String data) {
                return data;
            }
            throw MangroveException.of(ErrorKind.INTERNAL, "stream-failed",
                    "A change event came without its resume token (a stage removed _id?)");
        }

        @Override
        public void close() {
            closed = true;
            Subscription s = subscription.getAndSet(CANCELLED);
            if (s != null && s != CANCELLED) {
                s.cancel();
            }
        }

        private static final Subscription CANCELLED = new Subscription() {
            @Override
            public void request(long n) {
            }

            @Override
            public void cancel() {
            }
        };
    }

    /** The value with every nested {@link Document} as a plain map. */
    private static Object plain(Object value) {
        return switch (value) {
            case Document document -> plain(document.fields());
            case Map<?, ?> map -> {
                Map<String, Object> out = new java.util.LinkedHashMap<>();
                map.forEach((k, v) -> out.put((String) k, plain(v)));
                yield out;
            }
            case List<?> list -> {
                List<Object> out = new ArrayList<>(list.size());
                list.forEach(v -> out.add(plain(v)));
                yield out;
            }
            case null, default -> value;
        };
    }
}
