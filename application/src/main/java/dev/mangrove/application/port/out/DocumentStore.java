package dev.mangrove.application.port.out;

import dev.mangrove.domain.document.Document;
import dev.mangrove.domain.query.Filter;
import dev.mangrove.domain.query.Projection;
import dev.mangrove.domain.query.Query;
import dev.mangrove.domain.resource.Namespace;
import dev.mangrove.domain.write.Update;

import java.util.List;
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
    Optional<Document> findById(Namespace namespace, Object id, Projection projection);

    /** How many documents match the filter. */
    long count(Namespace namespace, Filter filter);

    /** The collection's size as its metadata tells it: fast, but possibly inexact. */
    long estimatedCount(Namespace namespace);

    /** Inserts one document, giving it an ObjectId when it has no {@code _id}; returns its id. */
    Object insertOne(Namespace namespace, Document document);

    /** Inserts documents unordered (ids assigned first), reporting each written id and each failure. */
    BulkInsertOutcome insertMany(Namespace namespace, List<Document> documents);

    /** Replaces the document with this id, or inserts it when {@code upsert}. */
    WriteOutcome replaceOne(Namespace namespace, Object id, Document replacement, boolean upsert);

    /** Applies an update to the document with this id, or creates it when {@code upsert}. */
    WriteOutcome updateOne(Namespace namespace, Object id, Update update, boolean upsert);

    /** Deletes the document with this id; whether one was deleted. */
    boolean deleteOne(Namespace namespace, Object id);

    /** Applies an update to the document with this id (no upsert); the document after it, if one matched. */
    Optional<Document> updateAndGet(Namespace namespace, Object id, Update update);

    /** Replaces the document only while it is exactly {@code current}, atomically; whether it was. */
    boolean replaceIfUnchanged(Namespace namespace, Document current, Document replacement);

    /** Updates the document only while it is exactly {@code current}, atomically; the document after, if it was. */
    Optional<Document> updateIfUnchanged(Namespace namespace, Document current, Update update);

    /** Deletes the document only while it is exactly {@code current}, atomically; whether it was. */
    boolean deleteIfUnchanged(Namespace namespace, Document current);

    /** Applies an update to every document the filter selects. */
    BulkUpdateOutcome updateMany(Namespace namespace, Filter filter, Update update);

    /** Deletes every document the filter selects; how many were deleted. */
    long deleteMany(Namespace namespace, Filter filter);
}
