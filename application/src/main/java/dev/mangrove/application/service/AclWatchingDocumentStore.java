package dev.mangrove.application.service;

import dev.mangrove.application.port.out.BulkInsertOutcome;
import dev.mangrove.application.port.out.BulkUpdateOutcome;
import dev.mangrove.application.port.out.DocumentCursor;
import dev.mangrove.application.port.out.DocumentStore;
import dev.mangrove.application.port.out.WriteOutcome;
import dev.mangrove.domain.document.Document;
import dev.mangrove.domain.query.Filter;
import dev.mangrove.domain.query.Projection;
import dev.mangrove.domain.query.Query;
import dev.mangrove.domain.resource.Namespace;
import dev.mangrove.domain.write.Update;

import java.util.List;
import java.util.function.BooleanSupplier;
import java.util.Objects;
import java.util.Optional;

/**
 * A document store that re-reads the stored permissions after every write to their collection, before the
 * write's answer is sent, so a change made through this instance applies here at once (other instances
 * see it at their next refresh).
 */
final class AclWatchingDocumentStore implements DocumentStore {
    private final DocumentStore store;
    private final Namespace watched;
    private final Runnable changed;

    AclWatchingDocumentStore(DocumentStore store, Namespace watched, Runnable changed) {
        this.store = Objects.requireNonNull(store, "store");
        this.watched = Objects.requireNonNull(watched, "watched");
        this.changed = Objects.requireNonNull(changed, "changed");
    }

    private <T> T after(Namespace namespace, T result) {
        if (watched.equals(namespace)) {
            changed.run();
        }
        return result;
    }

    @Override
    public DocumentCursor find(Namespace namespace, Query query) {
        return store.find(namespace, query);
    }

    @Override
    public Optional<Document> findById(Namespace namespace, Object id, Filter scope, Projection projection) {
        return store.findById(namespace, id, scope, projection);
    }

    @Override
    public long count(Namespace namespace, Filter filter) {
        return store.count(namespace, filter);
    }

    @Override
    public long estimatedCount(Namespace namespace) {
        return store.estimatedCount(namespace);
    }

    @Override
    public Object insertOne(Namespace namespace, Document document) {
        return after(namespace, store.insertOne(namespace, document));
    }

    @Override
    public BulkInsertOutcome insertMany(Namespace namespace, List<Document> documents) {
        return after(namespace, store.insertMany(namespace, documents));
    }

    @Override
    public BulkInsertOutcome insertMany(Namespace namespace, List<Document> documents, BooleanSupplier stillWanted) {
        return after(namespace, store.insertMany(namespace, documents, stillWanted));
    }

    @Override
    public WriteOutcome replaceOne(Namespace namespace, Object id, Filter scope, Document replacement, boolean upsert) {
        return after(namespace, store.replaceOne(namespace, id, scope, replacement, upsert));
    }

    @Override
    public WriteOutcome updateOne(Namespace namespace, Object id, Filter scope, Update update, boolean upsert) {
        return after(namespace, store.updateOne(namespace, id, scope, update, upsert));
    }

    @Override
    public boolean deleteOne(Namespace namespace, Object id, Filter scope) {
        return after(namespace, store.deleteOne(namespace, id, scope));
    }

    @Override
    public Optional<Document> updateAndGet(Namespace namespace, Object id, Filter scope, Update update) {
        return after(namespace, store.updateAndGet(namespace, id, scope, update));
    }

    @Override
    public boolean replaceIfUnchanged(Namespace namespace, Document current, Filter scope, Document replacement) {
        return after(namespace, store.replaceIfUnchanged(namespace, current, scope, replacement));
    }

    @Override
    public Optional<Document> updateIfUnchanged(Namespace namespace, Document current, Filter scope, Update update) {
        return after(namespace, store.updateIfUnchanged(namespace, current, scope, update));
    }

    @Override
    public boolean deleteIfUnchanged(Namespace namespace, Document current, Filter scope) {
        return after(namespace, store.deleteIfUnchanged(namespace, current, scope));
    }

    @Override
    public BulkUpdateOutcome updateMany(Namespace namespace, Filter filter, Update update) {
        return after(namespace, store.updateMany(namespace, filter, update));
    }

    @Override
    public long deleteMany(Namespace namespace, Filter filter) {
        return after(namespace, store.deleteMany(namespace, filter));
    }
}
