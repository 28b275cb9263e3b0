package dev.mangrove.bootstrap;

import de.bwaldvogel.mongo.MongoBackend;
import de.bwaldvogel.mongo.MongoCollection;
import de.bwaldvogel.mongo.MongoDatabase;
import de.bwaldvogel.mongo.backend.Cursor;
import de.bwaldvogel.mongo.backend.CursorRegistry;
import de.bwaldvogel.mongo.backend.aggregation.Aggregation;
import de.bwaldvogel.mongo.bson.BsonTimestamp;
import de.bwaldvogel.mongo.bson.Document;
import de.bwaldvogel.mongo.oplog.CollectionBackedOplog;
import de.bwaldvogel.mongo.oplog.Oplog;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;

/**
 * The in-memory embedded backend's oplog (docs/performance.md#change-streams): mongo-java-server's own
 * ({@link CollectionBackedOplog}, which writes the same entries to {@code local.oplog.rs} and turns them into the
 * same change events), except that a change stream's {@code getMore} reads only the entries from its last event
 * on, from an index by timestamp kept next to the collection, where mongo-java-server streams, filters and sorts
 * the whole oplog on every {@code getMore}. The index holds the same entry objects as the collection; entries
 * trimmed from the collection ({@link OplogCap}) leave it through {@link #forget}. The H2 file store keeps
 * mongo-java-server's oplog: there the index would hold in memory what the file holds.
 */
final class TailedOplog implements Oplog {
    /** A backend that installs this oplog, so that the oplog's upkeep can reach its index. */
    interface Host {
        /** The backend's oplog if it is a {@link TailedOplog} (the oplog is on). */
        Optional<TailedOplog> tailedOplog();
    }

    private final ConcurrentSkipListMap<Long, Document> byTimestamp = new ConcurrentSkipListMap<>();
    /** The first timestamp the current thread's {@code getMore} needs; unset outside a tailing read. */
    private final ThreadLocal<Long> readingFrom = new ThreadLocal<>();
    private final AtomicLong entriesRead = new AtomicLong();
    private final MongoCollection<Document> entries;
    private final CursorRegistry cursors;
    private final CollectionBackedOplog oplog;

    private TailedOplog(MongoBackend backend, MongoCollection<Document> entries, CursorRegistry cursors) {
        this.entries = Objects.requireNonNull(entries, "entries");
        this.cursors = Objects.requireNonNull(cursors, "cursors");
        entries.queryAllAsStream().forEach(this::index); // whatever the collection already holds
        @SuppressWarnings("unchecked")
        MongoCollection<Document> tailed = (MongoCollection<Document>) Proxy.newProxyInstance(
                TailedOplog.class.getClassLoader(), new Class<?>[]{MongoCollection.class}, this::collection);
        this.oplog = new CollectionBackedOplog(backend, tailed, cursors);
    }

    /** The oplog of {@code backend} over its {@code local.oplog.rs}, created if missing (as mongo-java-server does). */
    @SuppressWarnings("unchecked")
    static TailedOplog create(MongoBackend backend, CursorRegistry cursors) {
        MongoDatabase local = backend.resolveDatabase(OplogCap.DATABASE);
        MongoCollection<?> collection = local.resolveCollection(OplogCap.COLLECTION, false);
        if (collection == null) {
            collection = local.createCollectionOrThrowIfExists(OplogCap.COLLECTION);
        }
        return new TailedOplog(backend, (MongoCollection<Document>) collection, cursors);
    }

    /** Drops a trimmed entry from the index. */
    void forget(Document entry) {
        if (entry.get("ts") instanceof BsonTimestamp ts) {
            byTimestamp.remove(ts.getValue());
        }
    }

    /** The entries handed to change-stream cursors so far (each {@code getMore} reads its tail of the oplog). */
    long entriesRead() {
        return entriesRead.get();
    }

    /** The entries in the index. */
    int indexed() {
        return byTimestamp.size();
    }

    private void index(Document entry) {
        if (entry.get("ts") instanceof BsonTimestamp ts) {
            byTimestamp.put(ts.getValue(), entry);
        }
    }

    /**
     * The collection as {@link CollectionBackedOplog} sees it: appends are indexed under the collection's lock
     * (mongo-java-server gives each entry its timestamp under that lock too, as it consumes the stream of entries),
     * and the whole-oplog stream a {@code getMore} filters is, when a {@link TailCursor} reads, its tail from the
     * cursor's last event, copied under the same lock: an entry is seen complete, and never after a later one.
     */
    @SuppressWarnings("unchecked")
    private Object collection(Object proxy, Method method, Object[] args) throws Throwable {
        String name = method.getName();
        int arity = args == null ? 0 : args.length;
        if (name.equals("addDocument") && arity == 1) {
            synchronized (entries) {
                entries.addDocument((Document) args[0]);
                index((Document) args[0]);
            }
            return null;
        }
        if (name.equals("addDocuments") && arity == 1) {
            synchronized (entries) {
                entries.addDocuments(((Stream<Document>) args[0]).peek(this::index));
            }
            return null;
        }
        Long from = readingFrom.get();
        if (name.equals("queryAllAsStream") && arity == 0 && from != null) {
            List<Document> tail;
            synchronized (entries) {
                tail = List.copyOf(byTimestamp.tailMap(from, true).values());
            }
            entriesRead.addAndGet(tail.size());
            return tail.stream();
        }
        try {
            return method.invoke(entries, args);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }

    @Override
    public void handleInsert(String namespace, List<Document> documents) {
        oplog.handleInsert(namespace, documents);
    }

    @Override
    public void handleUpdate(String namespace, Document selector, Document query, List<Object> modifiedIds) {
        oplog.handleUpdate(namespace, selector, query, modifiedIds);
    }

    @Override
    public void handleDelete(String namespace, Document query, List<Object> deletedIds) {
        oplog.handleDelete(namespace, query, deletedIds);
    }

    @Override
    public void handleDropCollection(String namespace) {
        oplog.handleDropCollection(namespace);
    }

    /**
     * mongo-java-server's cursor (its start, its resume checks, its events), registered under the same id inside
     * a {@link TailCursor} that starts each read where the cursor can start.
     */
    @Override
    public Cursor createCursor(Document changeStream, String namespace, Aggregation aggregation) {
        Cursor cursor = oplog.createCursor(changeStream, namespace, aggregation);
        TailCursor tail = new TailCursor(cursor, startOf(changeStream));
        if (cursors.getCursor(cursor.getId()) == cursor) {
            cursors.remove(cursor);
            cursors.add(tail);
        }
        return tail;
    }

    /**
     * A timestamp no later than the first entry the stream can return: its resume token (the token is the entry's
     * timestamp in hex), its {@code startAtOperationTime}, or the newest entry (a stream from now); the whole
     * oplog if the token is not one of these.
     */
    private long startOf(Document changeStream) {
        for (String key : List.of("startAfter", "resumeAfter")) {
            if (changeStream.get(key) instanceof Document token) {
                return timestampOf(token).orElse(Long.MIN_VALUE);
            }
        }
        if (changeStream.get("startAtOperationTime") instanceof BsonTimestamp time) {
            return time.getValue();
        }
        return byTimestamp.isEmpty() ? Long.MIN_VALUE : byTimestamp.lastKey();
    }

    private static Optional<Long> timestampOf(Document token) {
        if (token.get("_data") instanceof String hex) {
            try {
                return Optional.of(Long.parseUnsignedLong(hex, 16));
            } catch (NumberFormatException e) {
                return Optional.empty();
            }
        }
        return Optional.empty();
    }

    /** A change-stream cursor whose reads start at its last event's entry (or its start), not at the oplog's first. */
    private final class TailCursor implements Cursor {
        private final Cursor cursor;
        private long from;

        TailCursor(Cursor cursor, long from) {
            this.cursor = cursor;
            this.from = from;
        }

        @Override
        public long getId() {
            return cursor.getId();
        }

        @Override
        public boolean isEmpty() {
            return cursor.isEmpty();
        }

        @Override
        public synchronized List<Document> takeDocuments(int numberToReturn) {
            List<Document> events;
            readingFrom.set(from);
            try {
                events = cursor.takeDocuments(numberToReturn);
            } finally {
                readingFrom.remove();
            }
            if (!events.isEmpty() && events.getLast().get("_id") instanceof Document token) {
                // the cursor's own position: it returns nothing at or before this entry again
                timestampOf(token).ifPresent(last -> from = Math.max(from, last));
            }
            return events;
        }
    }
}
