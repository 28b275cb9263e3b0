package dev.mangrove.adapter.mongo;

import com.mongodb.MongoBulkWriteException;
import com.mongodb.bulk.BulkWriteError;
import com.mongodb.client.model.CountOptions;
import com.mongodb.client.model.EstimatedDocumentCountOptions;
import com.mongodb.client.model.FindOneAndUpdateOptions;
import com.mongodb.client.model.InsertManyOptions;
import com.mongodb.client.model.ReturnDocument;
import com.mongodb.client.model.ReplaceOptions;
import com.mongodb.client.model.UpdateOptions;
import com.mongodb.client.result.UpdateResult;
import com.mongodb.reactivestreams.client.ClientSession;
import com.mongodb.reactivestreams.client.FindPublisher;
import com.mongodb.reactivestreams.client.MongoClient;
import com.mongodb.reactivestreams.client.MongoCollection;
import dev.mangrove.application.port.out.BulkInsertOutcome;
import dev.mangrove.application.port.out.BulkUpdateOutcome;
import dev.mangrove.application.port.out.DocumentCursor;
import dev.mangrove.application.port.out.DocumentStore;
import dev.mangrove.application.port.out.WriteOutcome;
import dev.mangrove.domain.document.Document;
import dev.mangrove.domain.document.ObjectIdValue;
import dev.mangrove.domain.error.ErrorDetail;
import dev.mangrove.domain.error.ErrorKind;
import dev.mangrove.domain.error.MangroveException;
import dev.mangrove.domain.query.Filter;
import dev.mangrove.domain.query.Projection;
import dev.mangrove.domain.query.Query;
import dev.mangrove.domain.resource.Namespace;
import dev.mangrove.domain.write.Update;
import org.bson.BsonDocument;
import org.bson.conversions.Bson;
import org.bson.types.ObjectId;

import java.time.Duration;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * The document port over the reactive driver: domain queries become BSON, results stream with backpressure. Inside
 * a transaction's {@code run} (docs/writes.md#transactions) every call passes the transaction's client session.
 */
final class MongoDocumentStore implements DocumentStore {
    private static final System.Logger LOG = System.getLogger(MongoDocumentStore.class.getName());
    /** How many documents a cursor requests at a time (and asks the server for per batch). */
    static final int BATCH = 256;

    private static final String TEXT = "$text";

    private final MongoClient client;
    private final long queryTimeLimitMillis;
    /** How many documents one insert command of a bulk insert holds. */
    static final int INSERT_CHUNK = 1000;
    private final BooleanSupplier lacksTextSearch;
    private final BooleanSupplier lacksUpdatePipelines;
    private final RegexGuard regexes;
    /**
     * The driver's collection objects of the namespaces used lately, at most {@link #COLLECTIONS}: making them per call
     * checked both names and built a database, a collection and a namespace object (docs/performance.md).
     */
    private final java.util.concurrent.ConcurrentHashMap<Namespace, MongoCollection<Document>> collections =
            new java.util.concurrent.ConcurrentHashMap<>();
    static final int COLLECTIONS = 1024;
    private final FindFirst findFirst;

    /**
     * A store over the client.
     *
     * @param client          the one client of the process
     * @param queryTimeLimit  the {@code maxTimeMS} of every read
     * @param lacksTextSearch whether the backend is known not to support {@code $text}
     * @param regexes         the check of the regular expressions in filters
     */
    MongoDocumentStore(MongoClient client, Duration queryTimeLimit, BooleanSupplier lacksTextSearch, RegexGuard regexes) {
        this(client, queryTimeLimit, lacksTextSearch, () -> false, regexes);
    }

    /**
     * A store over the client.
     *
     * @param lacksUpdatePipelines whether the backend is known not to take an update pipeline
     */
    MongoDocumentStore(MongoClient client, Duration queryTimeLimit, BooleanSupplier lacksTextSearch,
                       BooleanSupplier lacksUpdatePipelines, RegexGuard regexes) {
        this.lacksUpdatePipelines = Objects.requireNonNull(lacksUpdatePipelines, "lacksUpdatePipelines");
        this.client = Objects.requireNonNull(client, "client");
        this.findFirst = new FindFirst(client);
        this.regexes = Objects.requireNonNull(regexes, "regexes");
        this.queryTimeLimitMillis = Objects.requireNonNull(queryTimeLimit, "queryTimeLimit").toMillis();
        this.lacksTextSearch = Objects.requireNonNull(lacksTextSearch, "lacksTextSearch");
    }

    @Override
    public DocumentCursor find(Namespace namespace, Query query) {
        if (query.limit() == 0) {
            return DocumentCursor.of(List.of());
        }
        checkSupported(query.filter());
        return call(namespace, () -> {
            ClientSession session = MongoTransactionStore.current();
            Bson filter = regexes.check(QueryBson.filter(query.filter()));
            FindPublisher<Document> find = (session == null ? collection(namespace).find(filter)
                    : collection(namespace).find(session, filter))
                    .maxTime(queryTimeLimitMillis, TimeUnit.MILLISECONDS)
                    .batchSize(BATCH);
            BsonDocument projection = QueryBson.projection(query.projection());
            if (projection != null) {
                find = find.projection(projection);
            }
            BsonDocument sort = QueryBson.sort(query.sort());
            if (sort != null) {
                find = find.sort(sort);
            }
            BsonDocument hintKeys = QueryBson.hintKeys(query.hint());
            if (hintKeys != null) {
                find = find.hint(hintKeys);
            }
            String hintName = QueryBson.hintName(query.hint());
            if (hintName != null) {
                find = find.hintString(hintName);
            }
            if (query.skip() > 0) {
                // the driver takes an int; nobody pages past two billion documents
                find = find.skip((int) Math.min(query.skip(), Integer.MAX_VALUE));
            }
            if (query.limit() > 0 && query.limit() <= Integer.MAX_VALUE) {
                find = find.limit((int) query.limit());
            }
            return StreamingCursor.open(find, BATCH, failure -> MongoErrors.map(failure, namespace));
        });
    }

    @Override
    public Optional<Document> findById(Namespace namespace, Object id, Filter scope, Projection projection) {
        checkSupported(scope);
        return call(namespace, () -> {
            ClientSession session = MongoTransactionStore.current();
            BsonDocument filter = QueryBson.byId(id, scope);
            BsonDocument spec = QueryBson.projection(projection);
            Supplier<Optional<Document>> find = () -> {
                FindPublisher<Document> publisher = (session == null ? collection(namespace).find(filter)
                        : collection(namespace).find(session, filter))
                        .maxTime(queryTimeLimitMillis, TimeUnit.MILLISECONDS);
                return Blocking.first(spec == null ? publisher.first() : publisher.projection(spec).first());
            };
            // outside a transaction, the same find command without the driver's per-call reply codec (FindFirst)
            return session == null ? findFirst.find(collection(namespace), filter, spec, queryTimeLimitMillis, find)
                    : find.get();
        });
    }

    @Override
    public long count(Namespace namespace, Filter filter) {
        checkSupported(filter);
        CountOptions options = new CountOptions().maxTime(queryTimeLimitMillis, TimeUnit.MILLISECONDS);
        ClientSession session = MongoTransactionStore.current();
        return call(namespace, () -> Blocking.single(session == null
                ? collection(namespace).countDocuments(regexes.check(QueryBson.filter(filter)), options)
                : collection(namespace).countDocuments(session, regexes.check(QueryBson.filter(filter)), options)));
    }

    @Override
    public long estimatedCount(Namespace namespace) {
        if (MongoTransactionStore.current() != null) {
            // the count command cannot run in a transaction: count what the transaction sees
            return count(namespace, Filter.ALL);
        }
        return call(namespace, () -> Blocking.single(collection(namespace).estimatedDocumentCount(
                new EstimatedDocumentCountOptions().maxTime(queryTimeLimitMillis, TimeUnit.MILLISECONDS))));
    }

    @Override
    public Object insertOne(Namespace namespace, Document document) {
        Document withId = withId(document);
        ClientSession session = MongoTransactionStore.current();
        call(namespace, () -> Blocking.single(session == null ? collection(namespace).insertOne(withId)
                : collection(namespace).insertOne(session, withId)));
        return withId.get(Document.ID);
    }

    @Override
    public BulkInsertOutcome insertMany(Namespace namespace, List<Document> documents) {
        return insertMany(namespace, documents, () -> true);
    }

    @Override
    public BulkInsertOutcome insertMany(Namespace namespace, List<Document> documents, BooleanSupplier stillWanted) {
        List<Object> inserted = new ArrayList<>(documents.size());
        List<ErrorDetail> errors = new ArrayList<>();
        // bounded chunks: each is one insert command (and one sync on the embedded backend); memory stays that of
        // the request, and a failed element is reported at its index in the whole array
        for (int start = 0; start < documents.size(); start += INSERT_CHUNK) {
            if (!stillWanted.getAsBoolean()) { // the client went away: what is written stays, nothing more is
                LOG.log(System.Logger.Level.INFO, "Bulk insert into " + namespace.database().value() + "." + namespace.collection().value() + " stopped: the client went away after "
                        + inserted.size() + " of " + documents.size() + " documents were written");
                for (int i = start; i < documents.size(); i++) {
                    errors.add(ErrorDetail.at(i, ErrorKind.UNAVAILABLE, "client-gone", "Not written: the client went away"));
                }
                break;
            }
            MangroveException stopped = insertChunk(namespace,
                    documents.subList(start, Math.min(documents.size(), start + INSERT_CHUNK)), start, inserted, errors);
            if (stopped != null) { // earlier chunks are written: report them, and everything from this chunk on as failed
                for (int i = start; i < documents.size(); i++) {
                    errors.add(ErrorDetail.at(i, stopped.kind(), stopped.code(), stopped.detail()));
                }
                break;
            }
        }
        errors.sort(Comparator.comparingInt(ErrorDetail::index));
        return new BulkInsertOutcome(inserted, errors);
    }

    /** Inserts one chunk; a failure of the whole chunk after earlier ones were written is returned, not thrown. */
    private MangroveException insertChunk(Namespace namespace, List<Document> chunk, int offset, List<Object> inserted,
                             List<ErrorDetail> errors) {
        List<Document> withIds = chunk.stream().map(MongoDocumentStore::withId).toList();
        List<Object> ids = new ArrayList<>(withIds.size());
        for (Document document : withIds) {
            ids.add(document.get(Document.ID));
        }
        try {
            ClientSession session = MongoTransactionStore.current();
            InsertManyOptions options = new InsertManyOptions().ordered(false);
            Blocking.single(session == null ? collection(namespace).insertMany(withIds, options)
                    : collection(namespace).insertMany(session, withIds, options));
            inserted.addAll(ids);
            return null;
        } catch (MongoBulkWriteException e) {
            if (e.getWriteErrors().isEmpty() || e.getWriteConcernError() != null) {
                throw MongoErrors.map(e, namespace);
            }
            BitSet failed = new BitSet(withIds.size());
            for (BulkWriteError error : e.getWriteErrors()) {
                failed.set(error.getIndex());
                ErrorDetail detail = MongoErrors.detail(error, namespace);
                errors.add(ErrorDetail.at(offset + error.getIndex(), detail.kind(), detail.code(), detail.detail()));
            }
            for (int i = 0; i < ids.size(); i++) {
                if (!failed.get(i)) {
                    inserted.add(ids.get(i));
                }
            }
            return null;
        } catch (RuntimeException e) {
            if (offset == 0) {
                throw MongoErrors.map(e, namespace);
            }
            return MongoErrors.map(e, namespace);
        }
    }

    @Override
    public WriteOutcome replaceOne(Namespace namespace, Object id, Filter scope, Document replacement,
                                   boolean upsert) {
        ReplaceOptions options = new ReplaceOptions().upsert(upsert);
        ClientSession session = MongoTransactionStore.current();
        UpdateResult result = call(namespace, () -> Blocking.single(session == null
                ? collection(namespace).replaceOne(QueryBson.byId(id, scope), replacement, options)
                : collection(namespace).replaceOne(session, QueryBson.byId(id, scope), replacement, options)));
        return new WriteOutcome(result.getMatchedCount() > 0, result.getUpsertedId() != null);
    }

    @Override
    public WriteOutcome updateOne(Namespace namespace, Object id, Filter scope, Update update, boolean upsert) {
        checkSupported(update);
        UpdateOptions options = new UpdateOptions().upsert(upsert);
        ClientSession session = MongoTransactionStore.current();
        UpdateResult result = call(namespace, () -> Blocking.single(session == null
                ? (update.isPipeline()
                        ? collection(namespace).updateOne(QueryBson.byId(id, scope), QueryBson.pipeline(update), options)
                        : collection(namespace).updateOne(QueryBson.byId(id, scope), regexes.check(QueryBson.update(update)), options))
                : (update.isPipeline()
                        ? collection(namespace).updateOne(session, QueryBson.byId(id, scope), QueryBson.pipeline(update), options)
                        : collection(namespace).updateOne(session, QueryBson.byId(id, scope), regexes.check(QueryBson.update(update)), options))));
        return new WriteOutcome(result.getMatchedCount() > 0, result.getUpsertedId() != null);
    }

    @Override
    public boolean deleteOne(Namespace namespace, Object id, Filter scope) {
        return delete(namespace, QueryBson.byId(id, scope));
    }

    @Override
    public Optional<Document> updateAndGet(Namespace namespace, Object id, Filter scope, Update update) {
        return findOneAndUpdate(namespace, QueryBson.byId(id, scope), update);
    }

    @Override
    public boolean replaceIfUnchanged(Namespace namespace, Document current, Filter scope, Document replacement) {
        ClientSession session = MongoTransactionStore.current();
        UpdateResult result = call(namespace, () -> Blocking.single(session == null
                ? collection(namespace).replaceOne(QueryBson.exact(current, scope), replacement)
                : collection(namespace).replaceOne(session, QueryBson.exact(current, scope), replacement)));
        return result.getMatchedCount() > 0;
    }

    @Override
    public Optional<Document> updateIfUnchanged(Namespace namespace, Document current, Filter scope, Update update) {
        return findOneAndUpdate(namespace, QueryBson.exact(current, scope), update);
    }

    private Optional<Document> findOneAndUpdate(Namespace namespace, Bson filter, Update update) {
        checkSupported(update);
        FindOneAndUpdateOptions options = new FindOneAndUpdateOptions().returnDocument(ReturnDocument.AFTER);
        ClientSession session = MongoTransactionStore.current();
        return call(namespace, () -> Blocking.first(session == null
                ? (update.isPipeline()
                        ? collection(namespace).findOneAndUpdate(filter, QueryBson.pipeline(update), options)
                        : collection(namespace).findOneAndUpdate(filter, regexes.check(QueryBson.update(update)), options))
                : (update.isPipeline()
                        ? collection(namespace).findOneAndUpdate(session, filter, QueryBson.pipeline(update), options)
                        : collection(namespace).findOneAndUpdate(session, filter, regexes.check(QueryBson.update(update)), options))));
    }

    /** A 501 when the update is a pipeline and the backend is known not to take one (docs/api.md#documents). */
    private void checkSupported(Update update) {
        if (update.isPipeline() && lacksUpdatePipelines.getAsBoolean()) {
            throw MangroveException.of(ErrorKind.NOT_IMPLEMENTED, "not-implemented", "The backend (the embedded"
                    + " mongo-java-server, or a MongoDB server before 4.2) does not support an update pipeline;"
                    + " PATCH with update operators such as $set instead");
        }
    }

    @Override
    public boolean deleteIfUnchanged(Namespace namespace, Document current, Filter scope) {
        return delete(namespace, QueryBson.exact(current, scope));
    }

    private boolean delete(Namespace namespace, Bson filter) {
        ClientSession session = MongoTransactionStore.current();
        return call(namespace, () -> Blocking.single(session == null ? collection(namespace).deleteOne(filter)
                : collection(namespace).deleteOne(session, filter))).getDeletedCount() > 0;
    }

    @Override
    public BulkUpdateOutcome updateMany(Namespace namespace, Filter filter, Update update) {
        checkSupported(filter);
        checkSupported(update);
        ClientSession session = MongoTransactionStore.current();
        UpdateResult result = call(namespace, () -> Blocking.single(session == null
                ? (update.isPipeline()
                        ? collection(namespace).updateMany(regexes.check(QueryBson.filter(filter)), QueryBson.pipeline(update))
                        : collection(namespace).updateMany(regexes.check(QueryBson.filter(filter)), regexes.check(QueryBson.update(update))))
                : (update.isPipeline()
                        ? collection(namespace).updateMany(session, regexes.check(QueryBson.filter(filter)), QueryBson.pipeline(update))
                        : collection(namespace).updateMany(session, regexes.check(QueryBson.filter(filter)), regexes.check(QueryBson.update(update))))));
        return new BulkUpdateOutcome(result.getMatchedCount(), result.getModifiedCount());
    }

    @Override
    public long deleteMany(Namespace namespace, Filter filter) {
        checkSupported(filter);
        ClientSession session = MongoTransactionStore.current();
        return call(namespace, () -> Blocking.single(session == null
                ? collection(namespace).deleteMany(regexes.check(QueryBson.filter(filter)))
                : collection(namespace).deleteMany(session, regexes.check(QueryBson.filter(filter))))).getDeletedCount();
    }

    /** Answers 501 for a text search on a backend known to lack it, rather than an obscure server error. */
    private void checkSupported(Filter filter) {
        if (lacksTextSearch.getAsBoolean() && usesTextSearch(filter)) {
            throw MangroveException.of(ErrorKind.NOT_IMPLEMENTED, "not-implemented",
                    "Text search ($text) needs a MongoDB server; this backend does not support it");
        }
    }

    private static boolean usesTextSearch(Filter filter) {
        return switch (filter) {
            case Filter.And and -> and.filters().stream().anyMatch(MongoDocumentStore::usesTextSearch);
            case Filter.Or or -> or.filters().stream().anyMatch(MongoDocumentStore::usesTextSearch);
            case Filter.Nor nor -> nor.filters().stream().anyMatch(MongoDocumentStore::usesTextSearch);
            case Filter.Expression expression -> containsKey(expression.query(), TEXT);
            case Filter.All all -> false;
            case Filter.Condition condition -> false;
        };
    }

    private static boolean containsKey(Object value, String key) {
        if (value instanceof Map<?, ?> map) {
            return map.containsKey(key) || map.values().stream().anyMatch(v -> containsKey(v, key));
        }
        if (value instanceof List<?> list) {
            return list.stream().anyMatch(v -> containsKey(v, key));
        }
        return false;
    }

    private MongoCollection<Document> collection(Namespace namespace) {
        MongoCollection<Document> known = collections.get(namespace);
        if (known != null) {
            return known;
        }
        MongoCollection<Document> created = client.getDatabase(namespace.database().value())
                .getCollection(namespace.collection().value(), Document.class);
        if (collections.size() >= COLLECTIONS) {
            collections.clear();
        }
        collections.put(namespace, created);
        return created;
    }

    /** The document itself when it has an {@code _id}, else a copy with a new ObjectId as its first field. */
    static Document withId(Document document) {
        if (document.hasId()) {
            return document;
        }
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put(Document.ID, new ObjectIdValue(new ObjectId().toHexString()));
        fields.putAll(document.fields());
        return new Document(fields);
    }

    private static <T> T call(Namespace namespace, Supplier<T> operation) {
        try {
            return operation.get();
        } catch (MangroveException e) {
            throw e;
        } catch (RuntimeException e) {
            throw MongoErrors.map(e, namespace);
        }
    }
}
