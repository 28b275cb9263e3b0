package dev.mangrove.application.service;

import dev.mangrove.application.port.in.BulkInsertResult;
import dev.mangrove.application.port.in.BulkUpdateResult;
import dev.mangrove.application.port.in.BulkWriteDocumentsUseCase;
import dev.mangrove.application.port.in.DeleteDocumentCommand;
import dev.mangrove.application.port.in.DeleteDocumentsCommand;
import dev.mangrove.application.port.in.UpdateDocumentsCommand;
import dev.mangrove.application.port.in.FindDocumentsQuery;
import dev.mangrove.application.port.in.FindDocumentsUseCase;
import dev.mangrove.application.port.in.GetDocumentQuery;
import dev.mangrove.application.port.in.GetDocumentUseCase;
import dev.mangrove.application.port.in.InsertDocumentCommand;
import dev.mangrove.application.port.in.InsertDocumentsCommand;
import dev.mangrove.application.port.in.InsertDocumentsUseCase;
import dev.mangrove.application.port.in.PatchDocumentCommand;
import dev.mangrove.application.port.in.ReplaceDocumentCommand;
import dev.mangrove.application.port.in.ResultCursor;
import dev.mangrove.application.port.in.SavedDocument;
import dev.mangrove.application.port.in.WriteDocumentUseCase;
import dev.mangrove.application.port.in.WriteResult;
import dev.mangrove.application.port.out.BulkInsertOutcome;
import dev.mangrove.application.port.out.BulkUpdateOutcome;
import dev.mangrove.application.port.out.CatalogStore;
import dev.mangrove.application.port.out.DocumentCursor;
import dev.mangrove.application.port.out.DocumentStore;
import dev.mangrove.application.port.out.WriteOutcome;
import dev.mangrove.domain.document.Document;
import dev.mangrove.domain.document.ETag;
import dev.mangrove.domain.error.ErrorDetail;
import dev.mangrove.domain.error.ErrorKind;
import dev.mangrove.domain.error.MangroveException;
import dev.mangrove.domain.query.Filter;
import dev.mangrove.domain.query.Projection;
import dev.mangrove.domain.query.Query;
import dev.mangrove.domain.query.Sort;
import dev.mangrove.domain.resource.Namespace;
import dev.mangrove.domain.security.DataScope;
import dev.mangrove.domain.write.Precondition;
import dev.mangrove.domain.write.Update;
import dev.mangrove.domain.write.WriteMode;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/** Reads and writes documents with the semantics of docs/api.md#documents, docs/api.md#inserts, docs/writes.md#bulk-update-and-delete. */
public final class DocumentService implements FindDocumentsUseCase, GetDocumentUseCase, InsertDocumentsUseCase,
        WriteDocumentUseCase, BulkWriteDocumentsUseCase {
    private final DocumentStore store;
    private final CatalogStore catalog;
    private final WritePolicy policy;
    private final SchemaGuard schemas;
    /** How often a bulk PATCH on a validated collection re-reads and re-validates a document changed meanwhile. */
    private static final int BULK_RETRIES = 3;

    /** A service over the given store and catalog, enforcing no JSON Schema. */
    public DocumentService(DocumentStore store, CatalogStore catalog, WritePolicy policy) {
        this(store, catalog, policy, SchemaGuard.none());
    }

    /** A service over the given store and catalog, enforcing collections' JSON Schemas with {@code schemas}. */
    public DocumentService(DocumentStore store, CatalogStore catalog, WritePolicy policy, SchemaGuard schemas) {
        this.store = Objects.requireNonNull(store, "store");
        this.catalog = Objects.requireNonNull(catalog, "catalog");
        this.policy = Objects.requireNonNull(policy, "policy");
        this.schemas = Objects.requireNonNull(schemas, "schemas");
    }

    @Override
    public ResultCursor find(FindDocumentsQuery query) {
        Existence.requireCollection(catalog, query.namespace());
        Query scoped = DataScopes.scoped(query.query(), query.scope());
        if (scoped.limit() == 0) {
            return ResultCursor.of(List.of());
        }
        return Cursors.results(store.find(query.namespace(), scoped));
    }

    @Override
    public long count(Namespace namespace, Filter filter, boolean estimated, DataScope scope) {
        DataScopes.checkFilter(scope, filter);
        Existence.requireCollection(catalog, namespace);
        Filter scoped = Filter.and(List.of(scope.readFilter(), filter));
        return estimated && scoped instanceof Filter.All ? store.estimatedCount(namespace) : store.count(namespace, scoped);
    }

    @Override
    public Document get(GetDocumentQuery query) {
        Existence.requireCollection(catalog, query.namespace());
        DataScope scope = query.scope();
        if (scope.projectResponse().isNone()) {
            return store.findById(query.namespace(), query.id(), scope.readFilter(), query.projection())
                    .orElseThrow(() -> notFound(query.id()));
        }
        // projected in memory, exactly as the ETag of conditional writes sees the document
        DataScopes.checkProjection(scope, query.projection());
        Projection projection = DataScopes.combine(scope.projectResponse(), query.projection());
        return store.findById(query.namespace(), query.id(), scope.readFilter(), Projection.none())
                .map(d -> DataScopes.project(d, projection))
                .orElseThrow(() -> notFound(query.id()));
    }

    @Override
    public Object insert(InsertDocumentCommand command) {
        checkCollectionWritable(command.namespace());
        Document document = DataScopes.merged(command.document(), command.scope());
        schemas.check(command.namespace(), document);
        return store.insertOne(command.namespace(), document);
    }

    @Override
    public SavedDocument save(InsertDocumentCommand command) {
        if (command.mode() == WriteMode.INSERT) {
            return new SavedDocument(insert(command), true);
        }
        checkPrecondition(Precondition.NONE);
        Namespace ns = command.namespace();
        DataScope scope = command.scope();
        checkCollectionWritable(ns);
        Document document = DataScopes.merged(command.document(), scope);
        schemas.check(ns, document);
        if (!document.hasId()) {
            return new SavedDocument(store.insertOne(ns, document), true); // upsert of a new document
        }
        return new SavedDocument(document.get(Document.ID), replaceById(ns, document, command.mode(), scope));
    }

    @Override
    public BulkInsertResult insertAll(InsertDocumentsCommand command) {
        if (command.documents().size() > policy.maxBatchSize()) {
            throw MangroveException.of(ErrorKind.PAYLOAD_TOO_LARGE, "batch-too-large", "A bulk insert may hold at most "
                    + policy.maxBatchSize() + " documents (mangrove.writes.max-batch-size); this one has "
                    + command.documents().size() + ": split it into several requests");
        }
        checkCollectionWritable(command.namespace());
        List<Document> documents = command.documents().stream()
                .map(d -> DataScopes.merged(d, command.scope())).toList();
        schemas.checkAll(command.namespace(), documents);
        if (command.mode() == WriteMode.INSERT) {
            BulkInsertOutcome outcome = store.insertMany(command.namespace(), documents, command.stillWanted());
            return new BulkInsertResult(outcome.insertedIds(), outcome.errors(), outcome.matchedCount());
        }
        checkPrecondition(Precondition.NONE);
        // wm=update|upsert: each element replaces the document with its _id (or is inserted by upsert), one by one,
        // each reported; a failure stops nothing else
        List<Object> inserted = new ArrayList<>();
        List<ErrorDetail> errors = new ArrayList<>();
        long matched = 0;
        for (int i = 0; i < documents.size(); i++) {
            if (!command.stillWanted().getAsBoolean()) { // the client went away: write nothing more
                for (int j = i; j < documents.size(); j++) {
                    errors.add(ErrorDetail.at(j, ErrorKind.UNAVAILABLE, "client-gone",
                            "Not written: the client went away"));
                }
                break;
            }
            Document document = documents.get(i);
            try {
                if (!document.hasId()) {
                    inserted.add(store.insertOne(command.namespace(), document));
                } else if (replaceById(command.namespace(), document, command.mode(), command.scope())) {
                    inserted.add(document.get(Document.ID));
                } else {
                    matched++;
                }
            } catch (MangroveException e) {
                errors.add(ErrorDetail.at(i, e.kind(), e.code(), e.getMessage()));
            }
        }
        return new BulkInsertResult(inserted, errors, matched);
    }

    /**
     * Replaces the document with the {@code _id} of {@code document} within the scope; with upsert, inserts it when
     * missing. True when it was inserted; 404 (or 403 outside the write scope) when missing under update.
     */
    private boolean replaceById(Namespace ns, Document document, WriteMode mode, DataScope scope) {
        Object id = document.get(Document.ID);
        if (mode == WriteMode.UPSERT) {
            return upsert(ns, id, scope, () -> store.replaceOne(ns, id, writable(scope), document, true)).upserted();
        }
        if (!store.replaceOne(ns, id, writable(scope), document, false).matched()) {
            throw missingOrForbidden(ns, id, scope);
        }
        return false;
    }

    @Override
    public WriteResult replace(ReplaceDocumentCommand command) {
        Namespace ns = command.namespace();
        DataScope scope = command.scope();
        checkPrecondition(command.precondition());
        checkCollectionWritable(ns);
        if (command.mode() == WriteMode.UPDATE) {
            Existence.requireCollection(catalog, ns); // a replace that cannot create creates nothing either
        }
        Document replacement = withId(DataScopes.merged(command.replacement(), scope), command.id());
        schemas.check(ns, replacement);
        Optional<ETag> etag = Optional.of(ETag.of(DataScopes.visible(replacement, scope)));
        if (command.precondition().present()) {
            Document current = current(ns, command.id(), command.precondition(), scope);
            if (!store.replaceIfUnchanged(ns, current, writable(scope), replacement)) {
                throw changedOrForbidden(ns, command.id(), scope);
            }
            return new WriteResult(false, command.returnDocument() ? reread(ns, command.id(), scope) : Optional.empty(),
                    etag);
        }
        boolean created;
        switch (command.mode()) {
            case INSERT -> {
                store.insertOne(ns, replacement);
                created = true;
            }
            case UPDATE -> {
                WriteOutcome outcome = store.replaceOne(ns, command.id(), writable(scope), replacement, false);
                if (!outcome.matched()) {
                    throw missingOrForbidden(ns, command.id(), scope);
                }
                created = false;
            }
            case UPSERT -> created = upsert(ns, command.id(), scope,
                    () -> store.replaceOne(ns, command.id(), writable(scope), replacement, true)).upserted();
            default -> throw new IllegalStateException("unknown write mode " + command.mode());
        }
        return new WriteResult(created, command.returnDocument() ? reread(ns, command.id(), scope) : Optional.empty(),
                etag);
    }

    @Override
    public WriteResult patch(PatchDocumentCommand command) {
        Namespace ns = command.namespace();
        DataScope scope = command.scope();
        checkPrecondition(command.precondition());
        checkCollectionWritable(ns);
        if (command.mode() != WriteMode.UPSERT) {
            Existence.requireCollection(catalog, ns); // an update that cannot create creates nothing either
        }
        DataScopes.checkUpdate(scope, command.update());
        Update update = DataScopes.merged(command.update(), scope);
        Optional<Map<String, Object>> schema = schemas.schemaOf(ns);
        if (schema.isPresent()) {
            refusePipeline(update);
            return validatedPatch(command, update, schema.get());
        }
        if (command.precondition().present()) {
            Document current = current(ns, command.id(), command.precondition(), scope);
            Document after = store.updateIfUnchanged(ns, current, writable(scope), update).orElseThrow(
                    () -> changedOrForbidden(ns, command.id(), scope));
            return patched(false, DataScopes.visible(after, scope), command.returnDocument());
        }
        if (command.mode() == WriteMode.UPSERT) {
            WriteOutcome outcome = upsert(ns, command.id(), scope,
                    () -> store.updateOne(ns, command.id(), writable(scope), update, true));
            Optional<Document> after = reread(ns, command.id(), scope);
            return new WriteResult(outcome.upserted(), command.returnDocument() ? after : Optional.empty(),
                    after.map(ETag::of));
        }
        Document after = store.updateAndGet(ns, command.id(), writable(scope), update)
                .orElseThrow(() -> missingOrForbidden(ns, command.id(), scope));
        return patched(false, DataScopes.visible(after, scope), command.returnDocument());
    }

    /**
     * A 409 for an update pipeline on a collection with a JSON Schema: its result cannot be computed here to
     * be validated before it is written (docs/api.md#documents).
     */
    private static void refusePipeline(Update update) {
        if (update.isPipeline()) {
            throw MangroveException.conflict("schema-pipeline-update", "This collection has a JSON Schema and an"
                    + " update pipeline's result cannot be validated before it is written; PATCH with update"
                    + " operators or fields instead");
        }
    }

    /**
     * A PATCH on a schema-validated collection: the result is computed in memory from the current
     * document, validated, then written only while the document is still that version.
     */
    private WriteResult validatedPatch(PatchDocumentCommand command, Update update, Map<String, Object> schema) {
        Namespace ns = command.namespace();
        DataScope scope = command.scope();
        SchemaGuard.requireComputable(update);
        for (int attempt = 0; attempt < 3; attempt++) {
            Optional<Document> found = command.precondition().present()
                    ? Optional.of(current(ns, command.id(), command.precondition(), scope))
                    : store.findById(ns, command.id(), scope.readFilter(), Projection.none());
            if (found.isEmpty()) {
                if (command.mode() != WriteMode.UPSERT) {
                    throw notFound(command.id());
                }
                Document created = SchemaGuard.apply(withId(Document.empty(), command.id()), update, true);
                schemas.check(schema, created);
                try {
                    store.insertOne(ns, created);
                } catch (MangroveException e) {
                    if ("duplicate-key".equals(e.code())) {
                        continue; // created meanwhile: validate the update on that document instead
                    }
                    throw e;
                }
                return patched(true, reread(ns, command.id(), scope).orElse(DataScopes.visible(created, scope)),
                        command.returnDocument());
            }
            schemas.check(schema, SchemaGuard.apply(found.get(), update));
            Optional<Document> after = store.updateIfUnchanged(ns, found.get(), writable(scope), update);
            if (after.isPresent()) {
                return patched(false, DataScopes.visible(after.get(), scope), command.returnDocument());
            }
            if (command.precondition().present()) {
                throw changedOrForbidden(ns, command.id(), scope);
            }
            if (!(scope.writeFilter() instanceof Filter.All)
                    && store.findById(ns, command.id(), writable(scope), Projection.none()).isEmpty()) {
                throw missingOrForbidden(ns, command.id(), scope);
            }
        }
        throw MangroveException.conflict("concurrent-update",
                "The document kept changing while its update was validated; retry");
    }

    @Override
    public void delete(DeleteDocumentCommand command) {
        Namespace ns = command.namespace();
        DataScope scope = command.scope();
        checkPrecondition(command.precondition());
        // a delete in a missing collection answers 404 without reaching the backend, which (embedded) would
        // create the database on the way (found by ApiFuzzTest)
        Existence.requireCollection(catalog, ns);
        if (command.precondition().present()) {
            Document current = current(ns, command.id(), command.precondition(), scope);
            if (!store.deleteIfUnchanged(ns, current, writable(scope))) {
                throw changedOrForbidden(ns, command.id(), scope);
            }
            return;
        }
        if (!store.deleteOne(ns, command.id(), writable(scope))) {
            throw missingOrForbidden(ns, command.id(), scope);
        }
    }

    @Override
    public BulkUpdateResult updateAll(UpdateDocumentsCommand command) {
        DataScope scope = command.scope();
        DataScopes.checkFilter(scope, command.filter());
        DataScopes.checkUpdate(scope, command.update());
        Filter filter = Filter.and(List.of(writable(scope), command.filter()));
        checkForce(command.namespace(), filter, scope.readFilter(), command.force(), "To update ");
        checkCollectionWritable(command.namespace());
        Update update = DataScopes.merged(command.update(), scope);
        Optional<Map<String, Object>> schema = schemas.schemaOf(command.namespace());
        if (schema.isPresent()) {
            refusePipeline(update);
            return validatedUpdateAll(command.namespace(), filter, update, scope, schema.get());
        }
        BulkUpdateOutcome outcome = store.updateMany(command.namespace(), filter, update);
        return new BulkUpdateResult(outcome.matchedCount(), outcome.modifiedCount());
    }

    /**
     * A bulk PATCH on a schema-validated collection: every matched document's result is computed in
     * memory and validated first; when any is invalid nothing is written. Then each document is written
     * only while it is still the version that was validated; one changed meanwhile is re-read (if it
     * still matches the filter) and re-validated, a bounded number of times. There is no multi-document
     * transaction: see docs/decisions.md for the remaining race.
     */
    private BulkUpdateResult validatedUpdateAll(Namespace ns, Filter filter, Update update, DataScope scope,
                                                 Map<String, Object> schema) {
        SchemaGuard.requireComputable(update);
        List<Document> matched = new ArrayList<>();
        try (DocumentCursor cursor = store.find(ns, new Query(filter, Projection.none(), Sort.BY_ID, 0,
                Query.UNLIMITED))) {
            cursor.forEachRemaining(matched::add);
        }
        List<ErrorDetail> errors = new ArrayList<>();
        for (Document document : matched) {
            for (ErrorDetail error : schemas.violations(schema, SchemaGuard.apply(document, update))) {
                errors.add(error.withId(document.get(Document.ID)));
            }
        }
        if (!errors.isEmpty()) {
            long invalid = errors.stream().map(ErrorDetail::id).distinct().count();
            throw MangroveException.badRequest("schema-violation", "The update would make " + invalid + " of "
                    + matched.size() + " matched documents violate the collection's JSON Schema (" + errors.size()
                    + " violation" + (errors.size() == 1 ? "" : "s") + "); nothing was written").withErrors(errors);
        }
        long modified = 0;
        long written = 0;
        for (Document document : matched) {
            Document current = document;
            for (int attempt = 0; ; attempt++) {
                Optional<Document> after = store.updateIfUnchanged(ns, current, writable(scope), update);
                if (after.isPresent()) {
                    written++;
                    modified += after.get().equals(current) ? 0 : 1;
                    break;
                }
                Optional<Document> reread = stillMatching(ns, current.get(Document.ID), filter);
                if (reread.isEmpty()) {
                    break;
                }
                if (attempt >= BULK_RETRIES) {
                    throw MangroveException.conflict("concurrent-update", "A matched document kept changing while"
                            + " the update was validated; " + written + " of " + matched.size()
                            + " documents were updated before it, the rest were not; retry");
                }
                current = reread.get();
                List<ErrorDetail> late = schemas.violations(schema, SchemaGuard.apply(current, update));
                if (!late.isEmpty()) {
                    throw MangroveException.conflict("schema-violation-after-change", "A matched document was changed"
                            + " meanwhile and the update would now make it violate the collection's JSON Schema; "
                            + written + " of " + matched.size() + " documents were updated before it, the rest were"
                            + " not").withErrors(late.stream().map(e -> e.withId(document.get(Document.ID))).toList());
                }
            }
        }
        return new BulkUpdateResult(written, modified);
    }

    private Optional<Document> stillMatching(Namespace ns, Object id, Filter filter) {
        try (DocumentCursor cursor = store.find(ns, new Query(Filter.and(List.of(Filter.eq(Document.ID, id), filter)),
                Projection.none(), Sort.BY_ID, 0, 1))) {
            return cursor.hasNext() ? Optional.of(cursor.next()) : Optional.empty();
        }
    }

    @Override
    public long deleteAll(DeleteDocumentsCommand command) {
        DataScope scope = command.scope();
        DataScopes.checkFilter(scope, command.filter());
        Filter filter = Filter.and(List.of(writable(scope), command.filter()));
        checkForce(command.namespace(), filter, scope.readFilter(), command.force(), "To permanently delete ");
        return store.deleteMany(command.namespace(), filter);
    }

    /**
     * With {@code require-force}, refuses an unforced bulk write, telling how much it would affect out of
     * the documents the caller may see ({@code visible}), so the message never tells a collection's real size.
     */
    private void checkForce(Namespace ns, Filter filter, Filter visible, boolean force, String action) {
        if (policy.requireForce() && !force) {
            long selected = store.count(ns, filter);
            long total = store.count(ns, visible);
            throw MangroveException.badRequest("force-required",
                    action + selected + " of " + total + " documents, add the parameter force");
        }
    }

    private void checkPrecondition(Precondition precondition) {
        if (policy.requireIfMatch() && !precondition.present()) {
            throw MangroveException.of(ErrorKind.PRECONDITION_REQUIRED, "precondition-required",
                    "This server requires If-Match on document writes: GET the document and send its ETag");
        }
    }

    /**
     * The current document (whole) when it satisfies the precondition; 412 when it is missing (or outside the
     * scope's read filter) or another version. The ETag is that of the document as the caller sees it.
     */
    private Document current(Namespace ns, Object id, Precondition precondition, DataScope scope) {
        Document current = store.findById(ns, id, scope.readFilter(), Projection.none()).orElseThrow(
                () -> MangroveException.of(ErrorKind.PRECONDITION_FAILED, "precondition-failed",
                        "If-Match names a version, but there is no document with id " + describe(id)));
        if (!precondition.admits(ETag.of(DataScopes.visible(current, scope)))) {
            throw changedMeanwhile();
        }
        return current;
    }

    /** The documents the caller may change: the scope's write filter within its read filter. */
    private static Filter writable(DataScope scope) {
        // the same filter twice would make an upsert fail ("path … is matched twice") instead of being refused
        if (scope.readFilter().equals(scope.writeFilter())) {
            return scope.writeFilter();
        }
        return Filter.and(List.of(scope.readFilter(), scope.writeFilter()));
    }

    /** Why a write by id matched nothing: 403 when the caller may read the document but not change it, else 404. */
    private MangroveException missingOrForbidden(Namespace ns, Object id, DataScope scope) {
        if (!(scope.writeFilter() instanceof Filter.All)
                && store.findById(ns, id, scope.readFilter(), Projection.none()).isPresent()) {
            return forbidden();
        }
        return notFound(id);
    }

    /** Why a conditional write matched nothing: 403 when the document is readable but not writable, else 412. */
    private MangroveException changedOrForbidden(Namespace ns, Object id, DataScope scope) {
        if (!(scope.writeFilter() instanceof Filter.All)
                && store.findById(ns, id, writable(scope), Projection.none()).isEmpty()
                && store.findById(ns, id, scope.readFilter(), Projection.none()).isPresent()) {
            return forbidden();
        }
        return changedMeanwhile();
    }

    /** An upsert within the scope; a duplicate key on a document the caller may read but not change is a 403. */
    private WriteOutcome upsert(Namespace ns, Object id, DataScope scope, java.util.function.Supplier<WriteOutcome> write) {
        try {
            return write.get();
        } catch (MangroveException e) {
            if (e.kind() == ErrorKind.CONFLICT && !(scope.writeFilter() instanceof Filter.All)
                    && store.findById(ns, id, scope.readFilter(), Projection.none()).isPresent()) {
                throw forbidden();
            }
            throw e;
        }
    }

    private static MangroveException forbidden() {
        return MangroveException.of(ErrorKind.FORBIDDEN, "forbidden", "You may not change this document");
    }

    private static MangroveException changedMeanwhile() {
        return MangroveException.of(ErrorKind.PRECONDITION_FAILED, "precondition-failed",
                "The document is no longer the version If-Match names; GET it again and retry");
    }

    private static WriteResult patched(boolean created, Document after, boolean returnDocument) {
        return new WriteResult(created, returnDocument ? Optional.of(after) : Optional.empty(),
                Optional.of(ETag.of(after)));
    }

    private Optional<Document> reread(Namespace ns, Object id, DataScope scope) {
        return store.findById(ns, id, scope.readFilter(), Projection.none()).map(d -> DataScopes.visible(d, scope));
    }

    private void checkCollectionWritable(Namespace ns) {
        if (!policy.createCollections() && !catalog.collectionExists(ns)) {
            throw MangroveException.notFound("collection-not-found",
                    "The collection does not exist and this server does not create collections on write");
        }
    }

    private static Document withId(Document document, Object id) {
        if (document.hasId()) {
            return document;
        }
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put(Document.ID, id);
        fields.putAll(document.fields());
        return new Document(fields);
    }

    static MangroveException notFound(Object id) {
        return MangroveException.notFound("document-not-found", "No document with id " + describe(id));
    }

    private static String describe(Object id) {
        return id instanceof String s ? "'" + s + "'" : String.valueOf(id);
    }
}
