package dev.mangrove.plugin.spi;

import dev.mangrove.domain.document.Document;
import dev.mangrove.domain.query.Filter;
import dev.mangrove.domain.resource.Namespace;
import dev.mangrove.domain.security.DataScope;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Writes documents within a caller's data scope, with the REST API's rules: the scope's {@code writeFilter}
 * limits what changes, its {@code mergeRequest} is set on what is written, JSON Schemas are enforced and the
 * server's denied query operators are refused (docs/plugins.md#the-typed-context).
 */
public interface DocumentWrites {
    /** Inserts one document (an ObjectId {@code _id} when it has none); its id. A duplicate id is a 409. */
    Object insertOne(Namespace namespace, Document document, DataScope scope);

    /** Inserts documents in order; their ids. The first failure is thrown (with every failed element). */
    List<Object> insertMany(Namespace namespace, List<Document> documents, DataScope scope);

    /**
     * Applies {@code update} (a document of update operators, or a pipeline list) to the first document
     * the filter selects within the scope; with {@code upsert} and no match, creates one from the filter's
     * equality conditions and the update.
     */
    UpdateOutcome updateOne(Namespace namespace, Filter filter, Object update, boolean upsert, DataScope scope);

    /** Applies {@code update} to every document the filter selects within the scope (upsert as {@link #updateOne}). */
    UpdateOutcome updateMany(Namespace namespace, Filter filter, Object update, boolean upsert, DataScope scope);

    /** Replaces the first document the filter selects within the scope; with {@code upsert} and no match, inserts. */
    UpdateOutcome replaceOne(Namespace namespace, Filter filter, Document replacement, boolean upsert,
                             DataScope scope);

    /** Deletes the first document the filter selects within the scope; how many (0 or 1). */
    long deleteOne(Namespace namespace, Filter filter, DataScope scope);

    /** Deletes every document the filter selects within the scope; how many. */
    long deleteMany(Namespace namespace, Filter filter, DataScope scope);

    /**
     * What an update or replacement did.
     *
     * @param matchedCount  documents selected
     * @param modifiedCount documents changed
     * @param upsertedId    the id of the document an upsert created, if any
     */
    record UpdateOutcome(long matchedCount, long modifiedCount, Optional<Object> upsertedId) {
        public UpdateOutcome {
            Objects.requireNonNull(upsertedId, "upsertedId");
        }
    }
}
