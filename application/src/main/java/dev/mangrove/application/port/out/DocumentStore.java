package dev.mangrove.application.port.out;

import dev.mangrove.domain.document.Document;
import dev.mangrove.domain.query.Filter;
import dev.mangrove.domain.query.Projection;
import dev.mangrove.domain.query.Query;
import dev.mangrove.domain.resource.Namespace;
import dev.mangrove.domain.write.Update;

import java.util.List;
import java.util.function.BooleanSupplier;
import java.util.Optional;

/**
 * Reads and writes documents in a backend. Failures are {@link dev.mangrove.domain.error.MangroveException}s
 * (duplicate key → 409, time limit → 408, backend unreachable → 503); messages never name hidden
 * collections or connection strings.
 */
public interface DocumentStore {
    /** Opens a cursor over the documents a query selects; the caller closes it. */
    DocumentCursor find(Namespace namespace, Query query);

    /** The document with this id, projected. */
    default Optional<Document> findById(Namespace namespace, Object id, Projection projection) {
        return findById(namespace, id, Filter.ALL, projection);
    }

    /**
     * The document with this id when it also matches {@code scope} (a data scope's filter, docs/security.md),
     * projected. Every by-id method takes such a filter, ANDed with the id in the same query.
     */
    Optional<Document> findById(Namespace namespace, Object id, Filter scope, Projection projection);

    /** How many documents match the filter. */
    long count(Namespace namespace, Filter filter);

    /** The collection's size as its metadata tells it: fast, but possibly inexact. */
    long estimatedCount(Namespace namespace);

    /** Inserts one document, giving it an ObjectId when it has no {@code _id}; returns its id. */
    Object insertOne(Namespace namespace, Document document);

    /** Inserts documents unordered (ids assigned first), reporting each written id and each failure. */
    BulkInsertOutcome insertMany(Namespace namespace, List<Document> documents);

    /**
     * Like {@link #insertMany(Namespace, List)}, written in bounded chunks and stopping before the next chunk once
     * {@code stillWanted} says false (the client went away): what was written is reported, the rest as not written.
     */
    default BulkInsertOutcome insertMany(Namespace namespace, List<Document> documents, BooleanSupplier stillWanted) {
        return insertMany(namespace, documents);
    }

    /** Replaces the document with this id, or inserts it when {@code upsert}. */
    default WriteOutcome replaceOne(Namespace namespace, Object id, Document replacement, boolean upsert) {
        return replaceOne(namespace, id, Filter.ALL, replacement, upsert);
    }

    /**
     * Replaces the document with this id matching {@code scope}, or inserts it when {@code upsert}
     * (a document with this id outside the scope then makes the insert fail with a duplicate key, 409).
     */
    WriteOutcome replaceOne(Namespace namespace, Object id, Filter scope, Document replacement, boolean upsert);

    /** Applies an update to the document with this id, or creates it when {@code upsert}. */
    default WriteOutcome updateOne(Namespace namespace, Object id, Update update, boolean upsert) {
        return updateOne(namespace, id, Filter.ALL, update, upsert);
    }

    /** Applies an update to the document with this id matching {@code scope}, or creates it when {@code upsert}. */
    WriteOutcome updateOne(Namespace namespace, Object id, Filter scope, Update update, boolean upsert);

    /** Deletes the document with this id; whether one was deleted. */
    default boolean deleteOne(Namespace namespace, Object id) {
        return deleteOne(namespace, id, Filter.ALL);
    }

    /** Deletes the document with this id when it matches {@code scope}; whether one was deleted. */
    boolean deleteOne(Namespace namespace, Object id, Filter scope);

    /** Applies an update to the document with this id (no upsert); the document after it, if one matched. */
    default Optional<Document> updateAndGet(Namespace namespace, Object id, Update update) {
        return updateAndGet(namespace, id, Filter.ALL, update);
    }

    /** Applies an update to the document with this id matching {@code scope}; the document after it, if one matched. */
    Optional<Document> updateAndGet(Namespace namespace, Object id, Filter scope, Update update);

    /** Replaces the document only while it is exactly {@code current}, atomically; whether it was. */
    default boolean replaceIfUnchanged(Namespace namespace, Document current, Document replacement) {
        return replaceIfUnchanged(namespace, current, Filter.ALL, replacement);
    }

    /** Replaces the document only while it is exactly {@code current} and matches {@code scope}, atomically. */
    boolean replaceIfUnchanged(Namespace namespace, Document current, Filter scope, Document replacement);

    /** Updates the document only while it is exactly {@code current}, atomically; the document after, if it was. */
    default Optional<Document> updateIfUnchanged(Namespace namespace, Document current, Update update) {
        return updateIfUnchanged(namespace, current, Filter.ALL, update);
    }

    /** Updates the document only while it is exactly {@code current} and matches {@code scope}, atomically. */
    Optional<Document> updateIfUnchanged(Namespace namespace, Document current, Filter scope, Update update);

    /** Deletes the document only while it is exactly {@code current}, atomically; whether it was. */
    default boolean deleteIfUnchanged(Namespace namespace, Document current) {
        return deleteIfUnchanged(namespace, current, Filter.ALL);
    }

    /** Deletes the document only while it is exactly {@code current} and matches {@code scope}, atomically. */
    boolean deleteIfUnchanged(Namespace namespace, Document current, Filter scope);

    /** Applies an update to every document the filter selects. */
    BulkUpdateOutcome updateMany(Namespace namespace, Filter filter, Update update);

    /** Deletes every document the filter selects; how many were deleted. */
    long deleteMany(Namespace namespace, Filter filter);
}
