package dev.mangrove.application.service;

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
import dev.mangrove.domain.error.ErrorKind;
import dev.mangrove.domain.error.MangroveException;
import dev.mangrove.domain.query.Filter;
import dev.mangrove.domain.query.Projection;
import dev.mangrove.domain.query.Query;
import dev.mangrove.domain.resource.Namespace;
import dev.mangrove.domain.security.DataScope;
import dev.mangrove.domain.write.Precondition;
import dev.mangrove.domain.write.Update;
import dev.mangrove.domain.write.WriteMode;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/** Reads and writes documents with the semantics of SPEC §4, §5.1, §5.2 and §5.3. */
public final class DocumentService implements FindDocumentsUseCase, GetDocumentUseCase, InsertDocumentsUseCase,
        WriteDocumentUseCase, BulkWriteDocumentsUseCase {
    private final DocumentStore store;
    private final CatalogStore catalog;
    private final WritePolicy policy;

    /** A service over the given store and catalog. */
    public DocumentService(DocumentStore store, CatalogStore catalog, WritePolicy policy) {
        this.store = Objects.requireNonNull(store, "store");
        this.catalog = Objects.requireNonNull(catalog, "catalog");
        this.policy = Objects.requireNonNull(policy, "policy");
    }

    @Override
    public DocumentCursor find(FindDocumentsQuery query) {
        Query scoped = DataScopes.scoped(query.query(), query.scope());
        if (scoped.limit() == 0) {
            return DocumentCursor.of(List.of());
        }
        return store.find(query.namespace(), scoped);
    }

    @Override
    public long count(Namespace namespace, Filter filter, boolean estimated, DataScope scope) {
        DataScopes.checkFilter(scope, filter);
        Filter scoped = Filter.and(List.of(scope.readFilter(), filter));
        return estimated && scoped instanceof Filter.All ? store.estimatedCount(namespace) : store.count(namespace, scoped);
    }

    @Override
    public Document get(GetDocumentQuery query) {
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
        return store.insertOne(command.namespace(), DataScopes.merged(command.document(), command.scope()));
    }

    @Override
    public BulkInsertOutcome insertAll(InsertDocumentsCommand command) {
        checkCollectionWritable(command.namespace());
        return store.insertMany(command.namespace(), command.documents().stream()
                .map(d -> DataScopes.merged(d, command.scope())).toList());
    }

    @Override
    public WriteResult replace(ReplaceDocumentCommand command) {
        Namespace ns = command.namespace();
        DataScope scope = command.scope();
        checkPrecondition(command.precondition());
        checkCollectionWritable(ns);
        Document replacement = withId(DataScopes.merged(command.replacement(), scope), command.id());
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
        DataScopes.checkUpdate(scope, command.update());
        Update update = DataScopes.merged(command.update(), scope);
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

    @Override
    public void delete(DeleteDocumentCommand command) {
        Namespace ns = command.namespace();
        DataScope scope = command.scope();
        checkPrecondition(command.precondition());
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
    public BulkUpdateOutcome updateAll(UpdateDocumentsCommand command) {
        DataScope scope = command.scope();
        DataScopes.checkFilter(scope, command.filter());
        DataScopes.checkUpdate(scope, command.update());
        Filter filter = Filter.and(List.of(writable(scope), command.filter()));
        checkForce(command.namespace(), filter, scope.readFilter(), command.force(), "To update ");
        checkCollectionWritable(command.namespace());
        return store.updateMany(command.namespace(), filter, DataScopes.merged(command.update(), scope));
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
