package dev.mangrove.bootstrap;

import de.bwaldvogel.mongo.MongoCollection;
import de.bwaldvogel.mongo.MongoDatabase;
import de.bwaldvogel.mongo.backend.CollectionOptions;
import de.bwaldvogel.mongo.backend.CursorRegistry;
import de.bwaldvogel.mongo.backend.QueryResult;
import de.bwaldvogel.mongo.backend.h2.H2Collection;
import de.bwaldvogel.mongo.backend.h2.H2Database;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;
import de.bwaldvogel.mongo.backend.memory.MemoryCollection;
import de.bwaldvogel.mongo.backend.memory.MemoryDatabase;
import de.bwaldvogel.mongo.bson.Document;
import de.bwaldvogel.mongo.oplog.Oplog;
import org.h2.mvstore.MVMap;
import org.h2.mvstore.MVStore;

import java.util.Optional;
import java.util.stream.Stream;

/**
 * mongo-java-server's H2 and memory stores with one change: a read sorted by {@code _id} alone walks an
 * ordered {@code _id} index ({@link IdOrder}) and stops after the page, where the stores as shipped match every
 * document and sort them all (docs/performance.md#paging-cost). The memory backend's oplog is a
 * {@link TailedOplog}.
 */
final class OrderedEmbeddedStores {
    private OrderedEmbeddedStores() {
    }

    /** The in-memory backend with ordered {@code _id} reads and a {@link TailedOplog}. */
    static MemoryBackend memoryBackend() {
        return new OrderedMemoryBackend();
    }

    private static final class OrderedMemoryBackend extends MemoryBackend implements TailedOplog.Host {
        @Override
        public MemoryDatabase openOrCreateDatabase(String databaseName) {
            return new OrderedMemoryDatabase(databaseName, getCursorRegistry());
        }

        @Override
        protected Oplog createOplog() {
            return TailedOplog.create(this, getCursorRegistry());
        }

        @Override
        public Optional<TailedOplog> tailedOplog() {
            return oplog instanceof TailedOplog tailed ? Optional.of(tailed) : Optional.empty();
        }
    }

    /** An H2 database whose collections read in {@code _id} order cheaply. */
    static H2Database h2Database(String databaseName, MVStore store, CursorRegistry cursors) {
        OrderedH2Database.OPENING.set(store); // H2Database's constructor already opens the existing collections
        try {
            return new OrderedH2Database(databaseName, store, cursors);
        } finally {
            OrderedH2Database.OPENING.remove();
        }
    }

    private static final class OrderedMemoryDatabase extends MemoryDatabase {
        OrderedMemoryDatabase(String databaseName, CursorRegistry cursors) {
            super(databaseName, cursors);
        }

        @Override
        protected MemoryCollection openOrCreateCollection(String collectionName, CollectionOptions options) {
            return new OrderedMemoryCollection(this, collectionName, options, cursorRegistry);
        }
    }

    private static final class OrderedMemoryCollection extends MemoryCollection {
        private final IdOrder<Integer> order = new IdOrder<>();

        OrderedMemoryCollection(MongoDatabase database, String name, CollectionOptions options, CursorRegistry cursors) {
            super(database, name, options, cursors);
        }

        @Override
        protected Integer addDocumentInternal(Document document) {
            Integer position = super.addDocumentInternal(document);
            order.added(document, position, getIdField());
            return position;
        }

        @Override
        protected void removeDocument(Integer position) {
            Document document = getDocument(position);
            super.removeDocument(position);
            order.removed(document, getIdField());
        }

        @Override
        protected QueryResult matchDocuments(Document query, Document orderBy, int skip, int limit, int batchSize,
                                             Document fieldSelector) {
            int direction = IdOrder.direction(orderBy, getIdField());
            Stream<Integer> positions = direction == 0 ? null
                    : order.walk(direction > 0, this::streamAllDocumentsWithPosition, getIdField());
            if (positions == null) {
                return super.matchDocuments(query, orderBy, skip, limit, batchSize, fieldSelector);
            }
            return matchDocumentsFromStream(query, positions.map(this::getDocument), skip, limit, batchSize, null,
                    fieldSelector);
        }
    }

    private static final class OrderedH2Database extends H2Database {
        static final ThreadLocal<MVStore> OPENING = new ThreadLocal<>();
        private final MVStore store;

        OrderedH2Database(String databaseName, MVStore store, CursorRegistry cursors) {
            super(databaseName, store, cursors);
            this.store = store;
        }

        @Override
        protected MongoCollection<Object> openOrCreateCollection(String collectionName, CollectionOptions options) {
            // the same maps as H2Database opens, so files written before this change read the same
            MVStore mvStore = store != null ? store : OPENING.get();
            String fullName = getFullCollectionNamespace(collectionName);
            MVMap<Object, Document> data = mvStore.openMap("databases." + fullName);
            MVMap<String, Object> meta = mvStore.openMap("meta." + fullName);
            return new OrderedH2Collection(this, collectionName, options, data, meta, cursorRegistry);
        }
    }

    private static final class OrderedH2Collection extends H2Collection {
        private final IdOrder<Object> order = new IdOrder<>();

        OrderedH2Collection(MongoDatabase database, String name, CollectionOptions options,
                            MVMap<Object, Document> data, MVMap<String, Object> meta, CursorRegistry cursors) {
            super(database, name, options, data, meta, cursors);
        }

        @Override
        protected Object addDocumentInternal(Document document) {
            Object position = super.addDocumentInternal(document);
            order.added(document, position, getIdField());
            return position;
        }

        @Override
        protected void removeDocument(Object position) {
            Document document = getDocument(position);
            super.removeDocument(position);
            order.removed(document, getIdField());
        }

        @Override
        protected QueryResult matchDocuments(Document query, Document orderBy, int skip, int limit, int batchSize,
                                             Document fieldSelector) {
            int direction = IdOrder.direction(orderBy, getIdField());
            Stream<Object> positions = direction == 0 ? null
                    : order.walk(direction > 0, this::streamAllDocumentsWithPosition, getIdField());
            if (positions == null) {
                return super.matchDocuments(query, orderBy, skip, limit, batchSize, fieldSelector);
            }
            return matchDocumentsFromStream(query, positions.map(this::getDocument), skip, limit, batchSize, null,
                    fieldSelector);
        }
    }
}
