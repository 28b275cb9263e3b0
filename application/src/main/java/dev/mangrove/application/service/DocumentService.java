package dev.mangrove.application.service;

import dev.mangrove.application.port.in.DeleteDocumentCommand;
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
import dev.mangrove.application.port.out.CatalogStore;
import dev.mangrove.application.port.out.DocumentCursor;
import dev.mangrove.application.port.out.DocumentStore;
import dev.mangrove.application.port.out.WriteOutcome;
import dev.mangrove.domain.document.Document;
import dev.mangrove.domain.error.MangroveException;
import dev.mangrove.domain.query.Filter;
import dev.mangrove.domain.query.Projection;
import dev.mangrove.domain.resource.Namespace;
import dev.mangrove.domain.write.WriteMode;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/** Reads and writes documents with the semantics of SPEC §4 and §5.1. */
public final class DocumentService implements FindDocumentsUseCase, GetDocumentUseCase, InsertDocumentsUseCase,
        WriteDocumentUseCase {
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
        if (query.query().limit() == 0) {
            return DocumentCursor.of(List.of());
        }
        return store.find(query.namespace(), query.query());
    }

    @Override
    public long count(Namespace namespace, Filter filter, boolean estimated) {
        return estimated && filter instanceof Filter.All ? store.estimatedCount(namespace) : store.count(namespace, filter);
    }

    @Override
    public Document get(GetDocumentQuery query) {
        return store.findById(query.namespace(), query.id(), query.projection())
                .orElseThrow(() -> notFound(query.id()));
    }

    @Override
    public Object insert(InsertDocumentCommand command) {
        checkCollectionWritable(command.namespace());
        return store.insertOne(command.namespace(), command.document());
    }

    @Override
    public BulkInsertOutcome insertAll(InsertDocumentsCommand command) {
        checkCollectionWritable(command.namespace());
        return store.insertMany(command.namespace(), command.documents());
    }

    @Override
    public WriteResult replace(ReplaceDocumentCommand command) {
        Namespace ns = command.namespace();
        checkCollectionWritable(ns);
        Document replacement = withId(command.replacement(), command.id());
        boolean created;
        switch (command.mode()) {
            case INSERT -> {
                store.insertOne(ns, replacement);
                created = true;
            }
            case UPDATE -> {
                WriteOutcome outcome = store.replaceOne(ns, command.id(), replacement, false);
                if (!outcome.matched()) {
                    throw notFound(command.id());
                }
                created = false;
            }
            case UPSERT -> created = store.replaceOne(ns, command.id(), replacement, true).upserted();
            default -> throw new IllegalStateException("unknown write mode " + command.mode());
        }
        return new WriteResult(created, command.returnDocument() ? reread(ns, command.id()) : Optional.empty());
    }

    @Override
    public WriteResult patch(PatchDocumentCommand command) {
        Namespace ns = command.namespace();
        checkCollectionWritable(ns);
        WriteOutcome outcome = store.updateOne(ns, command.id(), command.update(), command.mode() == WriteMode.UPSERT);
        if (!outcome.matched() && !outcome.upserted()) {
            throw notFound(command.id());
        }
        return new WriteResult(outcome.upserted(), command.returnDocument() ? reread(ns, command.id()) : Optional.empty());
    }

    @Override
    public void delete(DeleteDocumentCommand command) {
        if (!store.deleteOne(command.namespace(), command.id())) {
            throw notFound(command.id());
        }
    }

    private Optional<Document> reread(Namespace ns, Object id) {
        return store.findById(ns, id, Projection.none());
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
