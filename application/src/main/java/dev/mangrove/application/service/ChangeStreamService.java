package dev.mangrove.application.service;

import dev.mangrove.application.port.in.StreamSubscription;
import dev.mangrove.application.port.in.WatchCollectionUseCase;
import dev.mangrove.application.port.in.WatchQuery;
import dev.mangrove.application.port.out.ChangeEvent;
import dev.mangrove.application.port.out.ChangeFeed;
import dev.mangrove.application.port.out.ChangeStreamStore;
import dev.mangrove.domain.aggregation.NamedPipelines;
import dev.mangrove.domain.aggregation.PipelineCheck;
import dev.mangrove.domain.document.Document;
import dev.mangrove.domain.error.ErrorKind;
import dev.mangrove.domain.error.MangroveException;
import dev.mangrove.domain.query.Filter;
import dev.mangrove.domain.query.Projection;
import dev.mangrove.domain.query.QueryDocument;
import dev.mangrove.domain.resource.Namespace;
import dev.mangrove.domain.security.DataScope;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;

/**
 * Named change streams (docs/streams.md): one server-side change stream per (collection, stages after
 * {@code avars}, data scope, public namespace), opened on its first subscriber and closed after its last; a
 * pump thread fans each event out to the subscribers' bounded queues and drops a subscriber whose queue is
 * full, so a slow client never slows the others. A subscriber resuming from a token gets a stream of its own.
 */
public final class ChangeStreamService implements WatchCollectionUseCase, AutoCloseable {
    private static final System.Logger LOG = System.getLogger(ChangeStreamService.class.getName());
    /** The stages a change stream accepts (MongoDB's list). */
    static final Set<String> STREAM_STAGES = Set.of("$match", "$project", "$addFields", "$set", "$unset",
            "$replaceRoot", "$replaceWith", "$redact");
    private static final Duration POLL = Duration.ofMillis(250);
    /** The most events the pump reads from its feed at once. */
    private static final int BATCH = 256;

    private final ChangeStreamStore store;
    private final Function<Namespace, Document> metadata;
    private final int queueCapacity;
    private final Map<Key, Hub> shared = new HashMap<>();
    private final List<Hub> hubs = new CopyOnWriteArrayList<>();
    /** Every hub that still has subscribers, open or ended (for the stop). */
    private final java.util.Set<Hub> allHubs = java.util.concurrent.ConcurrentHashMap.newKeySet();
    private final AtomicLong eventsSent = new AtomicLong();
    private final AtomicLong clientsDropped = new AtomicLong();
    private volatile boolean closed;

    /**
     * A service over the store.
     *
     * @param store         opens the server-side change streams
     * @param metadata      a collection's metadata (404 when the collection is missing)
     * @param queueCapacity events a subscriber may have waiting before it is dropped as too slow
     */
    public ChangeStreamService(ChangeStreamStore store, Function<Namespace, Document> metadata, int queueCapacity) {
        this.store = Objects.requireNonNull(store, "store");
        this.metadata = Objects.requireNonNull(metadata, "metadata");
        if (queueCapacity < 1) {
            throw new IllegalArgumentException("queueCapacity must be positive");
        }
        this.queueCapacity = queueCapacity;
    }

    @Override
    public StreamSubscription subscribe(WatchQuery query) {
        if (closed) {
            throw MangroveException.of(ErrorKind.UNAVAILABLE, "shutting-down", "The server is stopping");
        }
        Document meta = metadata.apply(query.namespace());
        Object pipeline = NamedPipelines.pipeline(meta, "streams", "stream", query.stream(), query.avars());
        List<Map<String, Object>> stages = check(pipeline, query.namespace(), query.scope());
        Key key = new Key(query.namespace(), stages, query.scope().projectResponse(), query.publicNamespace());
        if (query.resumeAfter() != null) {
            Hub own = new Hub(key, false);
            Subscriber subscriber = own.add();
            own.open(query.resumeAfter());
            return subscriber;
        }
        Hub hub;
        Subscriber subscriber;
        boolean first;
        synchronized (shared) {
            hub = shared.get(key);
            first = hub == null;
            if (first) {
                hub = new Hub(key, true);
                shared.put(key, hub);
            }
            subscriber = hub.add();
        }
        if (first) {
            hub.open(null);
        } else {
            hub.awaitOpen(subscriber);
        }
        return subscriber;
    }

    /** The stages of the definition, checked, behind the scope's own {@code $match} on {@code fullDocument}. */
    static List<Map<String, Object>> check(Object pipeline, Namespace namespace, DataScope scope) {
        List<Map<String, Object>> stages = PipelineCheck.create().check(pipeline, namespace.database().value());
        boolean hides = !scope.projectResponse().isNone();
        for (Map<String, Object> stage : stages) {
            String name = stage.keySet().iterator().next();
            if (!STREAM_STAGES.contains(name)) {
                throw MangroveException.badRequest("invalid-pipeline", "The stage " + name + " cannot be used in a "
                        + "change stream; allowed: $match, $project, $addFields, $set, $unset, $replaceRoot, "
                        + "$replaceWith, $redact");
            }
            if (hides && !name.equals("$match")) {
                throw MangroveException.forbidden("stage-not-allowed", "The stage " + name + " is not available to a "
                        + "user whose permission hides fields (projectResponse): only $match stages are");
            }
        }
        if (scope.readFilter() instanceof Filter.All) {
            return stages;
        }
        List<Map<String, Object>> out = new ArrayList<>(stages.size() + 1);
        out.add(Map.of("$match", prefixed(QueryDocument.of(scope.readFilter()))));
        out.addAll(stages);
        return List.copyOf(out);
    }

    /** A query on documents as a query on the events' {@code fullDocument}. */
    static Map<String, Object> prefixed(Map<String, Object> query) {
        Map<String, Object> out = new LinkedHashMap<>();
        query.forEach((field, value) -> {
            switch (field) {
                case "$and", "$or", "$nor" -> {
                    List<Object> parts = new ArrayList<>();
                    for (Object part : (List<?>) value) {
                        @SuppressWarnings("unchecked")
                        Map<String, Object> map = part instanceof Document d ? d.fields() : (Map<String, Object>) part;
                        parts.add(prefixed(map));
                    }
                    out.put(field, parts);
                }
                default -> {
                    if (field.startsWith("$")) {
                        throw MangroveException.forbidden("stage-not-allowed", "A permission whose readFilter uses "
                                + field + " cannot filter change events");
                    }
                    out.put("fullDocument." + field, value);
                }
            }
        });
        return out;
    }

    /** The server-side change streams open now. */
    public int openStreams() {
        return hubs.size();
    }

    /** The subscribers of every stream now. */
    public int subscribers() {
        return hubs.stream().mapToInt(h -> h.subscribers.size()).sum();
    }

    /** The events handed to subscribers so far. */
    public long eventsSent() {
        return eventsSent.get();
    }

    /** The subscribers dropped as too slow so far. */
    public long clientsDropped() {
        return clientsDropped.get();
    }

    /** Ends every subscription ({@link StreamSubscription.Reason#SHUTDOWN}) and closes every stream. */
    @Override
    public void close() {
        closed = true;
        for (Hub hub : hubs) {
            hub.fail(new StreamSubscription.End(StreamSubscription.Reason.SHUTDOWN, "shutting-down",
                    "The server is stopping; reconnect with the last event id to resume"));
        }
    }

    /**
     * Waits up to {@code grace} until every subscriber has taken its end and left (its client was told why),
     * so that stopping the server does not cut the last message; says whether they all did.
     */
    public boolean awaitSubscribersGone(Duration grace) {
        long deadline = System.nanoTime() + grace.toNanos();
        while (System.nanoTime() < deadline) {
            boolean gone = true;
            for (Hub hub : allHubs) {
                if (!hub.subscribers.isEmpty()) {
                    gone = false;
                    break;
                }
            }
            if (gone) {
                return true;
            }
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
        return false;
    }

    private record Key(Namespace namespace, List<Map<String, Object>> stages, Projection hidden,
                       Map<String, Object> publicNamespace) {
    }

    /** One server-side change stream and its subscribers. */
    private final class Hub {
        private final Key key;
        private final boolean isShared;
        private final List<Subscriber> subscribers = new CopyOnWriteArrayList<>();
        private final java.util.concurrent.CountDownLatch opened = new java.util.concurrent.CountDownLatch(1);
        private volatile ChangeFeed feed;
        private volatile RuntimeException openFailure;
        private volatile boolean ended;

        Hub(Key key, boolean isShared) {
            this.key = key;
            this.isShared = isShared;
        }

        Subscriber add() {
            Subscriber subscriber = new Subscriber(this);
            subscribers.add(subscriber);
            allHubs.add(this);
            return subscriber;
        }

        void open(String resumeAfter) {
            try {
                feed = store.watch(key.namespace(), key.stages(), resumeAfter);
            } catch (RuntimeException e) {
                openFailure = e;
                forget();
                subscribers.clear();
                allHubs.remove(this);
                opened.countDown();
                throw e;
            }
            hubs.add(this);
            opened.countDown();
            Thread.ofVirtual().name("mangrove-stream-" + key.namespace()).start(this::pump);
        }

        void awaitOpen(Subscriber subscriber) {
            try {
                opened.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                subscriber.close();
                throw MangroveException.of(ErrorKind.UNAVAILABLE, "interrupted", "Interrupted");
            }
            if (openFailure != null) {
                subscriber.close();
                throw openFailure;
            }
        }

        private void pump() {
            try {
                while (!ended) {
                    List<ChangeEvent> batch = feed.nextBatch(POLL, BATCH);
                    if (batch.isEmpty() || ended) {
                        continue;
                    }
                    // each event made visible once for the stream, handed to every subscriber as one batch
                    List<StreamSubscription.Event> events = new ArrayList<>(batch.size());
                    for (ChangeEvent next : batch) {
                        events.add(new StreamSubscription.Event(next.token(), visible(next.event())));
                    }
                    // one batch object for all: a client writes it whole, encoded once for them all
                    StreamSubscription.Batch shared = new StreamSubscription.Batch(List.copyOf(events));
                    for (Subscriber subscriber : subscribers) {
                        subscriber.offer(shared);
                    }
                }
            } catch (MangroveException e) {
                if (!ended) {
                    LOG.log(System.Logger.Level.WARNING, "change stream on " + key.namespace() + " failed: "
                            + e.getMessage());
                    fail(new StreamSubscription.End(StreamSubscription.Reason.FAILED, e.code(), e.getMessage()));
                }
            } catch (RuntimeException e) {
                if (!ended) {
                    LOG.log(System.Logger.Level.WARNING, "change stream on " + key.namespace() + " failed", e);
                    fail(new StreamSubscription.End(StreamSubscription.Reason.FAILED, "stream-failed",
                            "The change stream failed; reconnect with the last event id to resume"));
                }
            }
        }

        /** The event with {@code ns} as the client sees it and the fields the scope hides removed. */
        private Document visible(Document event) {
            Map<String, Object> out = new LinkedHashMap<>();
            Projection hidden = key.hidden();
            for (Map.Entry<String, Object> field : event.fields().entrySet()) {
                String name = field.getKey();
                Object value = field.getValue();
                if (name.equals("ns")) {
                    continue;
                }
                if (name.equals("documentKey") && document(value) != null && document(value).fields()
                        .containsKey("_id")) {
                    // the id only: the embedded backend puts a replacement's whole document here
                    value = new Document(Map.of("_id", document(value).get("_id")));
                }
                if (!hidden.isNone() && name.equals("fullDocument") && document(value) != null) {
                    value = DataScopes.project(document(value), hidden);
                } else if (!hidden.isNone() && name.equals("updateDescription") && document(value) != null) {
                    value = visibleUpdate(document(value), hidden);
                } else if (!hidden.isNone() && (name.equals("fullDocumentBeforeChange")
                        || name.equals("updateDescription"))) {
                    continue;
                }
                out.put(name, value);
            }
            if (event.fields().containsKey("operationType")) {
                out.put("ns", key.publicNamespace());
            }
            return new Document(out);
        }

        private static Document visibleUpdate(Document update, Projection hidden) {
            Map<String, Object> out = new LinkedHashMap<>();
            if (document(update.get("updatedFields")) != null) {
                Map<String, Object> fields = new LinkedHashMap<>();
                document(update.get("updatedFields")).fields().forEach((path, v) -> {
                    if (!DataScopes.isHidden(hidden, path)) {
                        fields.put(path, v);
                    }
                });
                out.put("updatedFields", new Document(fields));
            }
            if (update.get("removedFields") instanceof List<?> removed) {
                out.put("removedFields", removed.stream()
                        .filter(p -> !DataScopes.isHidden(hidden, String.valueOf(p))).toList());
            }
            return new Document(out);
        }

        void remove(Subscriber subscriber) {
            subscribers.remove(subscriber);
            if (subscribers.isEmpty()) {
                allHubs.remove(this);
            }
            boolean last;
            synchronized (shared) {
                last = subscribers.isEmpty();
                if (last) {
                    forget();
                }
            }
            if (last) {
                stop();
            }
        }

        void fail(StreamSubscription.End end) {
            forget();
            stop();
            for (Subscriber subscriber : subscribers) {
                subscriber.end(end);
            }
        }

        private void forget() {
            synchronized (shared) {
                if (isShared && shared.get(key) == this) {
                    shared.remove(key);
                }
            }
        }

        private void stop() {
            ended = true;
            hubs.remove(this);
            ChangeFeed open = feed;
            if (open != null) {
                open.close();
            }
        }
    }

    @SuppressWarnings("unchecked")
    private static Document document(Object value) {
        return switch (value) {
            case Document d -> d;
            case Map<?, ?> map -> new Document((Map<String, Object>) map);
            case null, default -> null;
        };
    }

    /**
     * One client's bounded queue of batches: the pump appends a batch (the object every subscriber of the stream
     * shares) under the lock and signals once; the client's thread takes everything waiting at once. The pump
     * never waits for a client.
     */
    private final class Subscriber implements StreamSubscription {
        private final Hub hub;
        private final java.util.concurrent.locks.ReentrantLock lock = new java.util.concurrent.locks.ReentrantLock();
        private final java.util.concurrent.locks.Condition ready = lock.newCondition();
        /** {@link Batch}es, then at most one {@link End}. */
        private final java.util.ArrayDeque<Signal> queue = new java.util.ArrayDeque<>();
        /** The events of the first batch already taken one by one ({@link #next}). */
        private int taken;
        private int waitingEvents;
        private End end;
        private volatile boolean closed;

        Subscriber(Hub hub) {
            this.hub = hub;
        }

        void offer(Batch batch) {
            lock.lock();
            try {
                if (end != null) {
                    return;
                }
                if (waitingEvents + batch.events().size() > queueCapacity) {
                    clientsDropped.incrementAndGet();
                    queue.clear();
                    taken = 0;
                    waitingEvents = 0;
                    end = new End(Reason.TOO_SLOW, "client-too-slow", "This client did not keep up with the stream ("
                            + queueCapacity + " events waiting); reconnect with the last event id to resume");
                    queue.add(end);
                } else {
                    queue.add(batch);
                    waitingEvents += batch.events().size();
                }
                ready.signal();
            } finally {
                lock.unlock();
            }
        }

        void end(End why) {
            lock.lock();
            try {
                if (end != null) {
                    return;
                }
                end = why;
                if (why.reason() != Reason.FAILED) {
                    queue.clear();
                    taken = 0;
                    waitingEvents = 0;
                }
                queue.add(why);
                ready.signal();
            } finally {
                lock.unlock();
            }
        }

        @Override
        public Optional<Signal> next(Duration wait) {
            if (closed) {
                return Optional.of(closedEnd());
            }
            lock.lock();
            try {
                if (!await(wait)) {
                    return Optional.empty();
                }
                if (queue.peek() instanceof End ended) {
                    return Optional.of(ended); // an end stays the answer
                }
                List<Event> head = ((Batch) queue.peek()).events();
                Event event = head.get(taken++);
                if (taken == head.size()) {
                    queue.poll();
                    taken = 0;
                }
                waitingEvents--;
                eventsSent.incrementAndGet();
                return Optional.of(event);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return Optional.of(new End(Reason.SHUTDOWN, "interrupted", "interrupted"));
            } finally {
                lock.unlock();
            }
        }

        @Override
        public List<Signal> drain(Duration wait) {
            List<Signal> batches = drainBatches(wait);
            List<Signal> out = new ArrayList<>();
            for (Signal signal : batches) {
                if (signal instanceof Batch batch) {
                    out.addAll(batch.events());
                } else {
                    out.add(signal);
                }
            }
            return out;
        }

        @Override
        public List<Signal> drainBatches(Duration wait) {
            if (closed) {
                return List.of(closedEnd());
            }
            List<Signal> out;
            int firstTaken;
            lock.lock();
            try {
                if (!await(wait)) {
                    return List.of();
                }
                out = new ArrayList<>(queue);
                firstTaken = taken;
                queue.clear();
                taken = 0;
                if (out.getLast() instanceof End ended) {
                    queue.add(ended); // stays the answer from now on
                }
                waitingEvents = 0;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return List.of(new End(Reason.SHUTDOWN, "interrupted", "interrupted"));
            } finally {
                lock.unlock();
            }
            if (firstTaken > 0 && out.getFirst() instanceof Batch partial) {
                // the rest of a batch begun with next(): a batch of its own (its encodings are not the whole's)
                List<Event> rest = partial.events();
                out.set(0, new Batch(List.copyOf(rest.subList(firstTaken, rest.size()))));
            }
            long events = 0;
            for (Signal signal : out) {
                if (signal instanceof Batch batch) {
                    events += batch.events().size();
                }
            }
            eventsSent.addAndGet(events);
            return out;
        }

        /** Waits (holding the lock) until something is queued; false when nothing came in time. */
        private boolean await(Duration wait) throws InterruptedException {
            long nanos = wait.toNanos();
            while (queue.isEmpty()) {
                if (nanos <= 0) {
                    return false;
                }
                nanos = ready.awaitNanos(nanos);
            }
            return true;
        }

        private End closedEnd() {
            lock.lock();
            try {
                return end != null ? end : new End(Reason.SHUTDOWN, "closed", "closed");
            } finally {
                lock.unlock();
            }
        }

        @Override
        public void close() {
            if (!closed) {
                closed = true;
                hub.remove(this);
            }
        }
    }
}
