package dev.mangrove.application.service;

import dev.mangrove.application.port.in.UpdateDocumentsCommand;
import dev.mangrove.application.port.in.DeleteDocumentsCommand;
import dev.mangrove.domain.write.Precondition;
import dev.mangrove.application.port.in.DeleteDocumentCommand;
import dev.mangrove.application.port.in.FindDocumentsQuery;
import dev.mangrove.application.port.in.GetDocumentQuery;
import dev.mangrove.application.port.in.InsertDocumentCommand;
import dev.mangrove.application.port.in.InsertDocumentsCommand;
import dev.mangrove.application.port.in.PatchDocumentCommand;
import dev.mangrove.application.port.in.ReplaceDocumentCommand;
import dev.mangrove.application.port.in.ResultCursor;
import dev.mangrove.application.port.in.WriteResult;
import dev.mangrove.application.port.in.BulkInsertResult;
import dev.mangrove.application.port.out.DocumentStore;
import dev.mangrove.domain.document.Document;
import dev.mangrove.domain.document.ETag;
import dev.mangrove.domain.document.ObjectIdValue;
import dev.mangrove.domain.error.ErrorDetail;
import dev.mangrove.domain.error.ErrorKind;
import dev.mangrove.domain.error.MangroveException;
import dev.mangrove.domain.query.Filter;
import dev.mangrove.domain.query.PageRequest;
import dev.mangrove.domain.query.Projection;
import dev.mangrove.domain.query.Query;
import dev.mangrove.domain.query.Sort;
import dev.mangrove.domain.resource.Namespace;
import dev.mangrove.domain.write.Update;
import dev.mangrove.domain.write.WriteMode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static dev.mangrove.application.service.TestDocuments.doc;
import static dev.mangrove.application.service.TestDocuments.set;
import static dev.mangrove.application.service.TestDocuments.fails;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DocumentServiceTest {
    private static final Namespace ITEMS = Namespace.of("shop", "items");
    private static final Namespace MISSING = Namespace.of("shop", "missing");

    private final InMemoryDocumentStore store = new InMemoryDocumentStore();
    private final InMemoryCatalogStore catalog = new InMemoryCatalogStore().withDatabase("shop", "items");
    private final DocumentService service = new DocumentService(store, catalog, WritePolicy.DEFAULT);
    private final DocumentService strict = new DocumentService(store, catalog, new WritePolicy(false));

    private static List<Document> drain(ResultCursor cursor) {
        List<Document> out = new ArrayList<>();
        try (cursor) {
            cursor.forEachRemaining(out::add);
        }
        return out;
    }

    /** A store any call to which fails the test. */
    private static DocumentStore untouchable() {
        return (DocumentStore) Proxy.newProxyInstance(DocumentStore.class.getClassLoader(),
                new Class<?>[] {DocumentStore.class}, (proxy, method, args) -> {
                    throw new AssertionError("the store must not be called: " + method.getName());
                });
    }

    // --- Find --------------------------------------------------------------------------------------
    @Test
    void findWithLimitZeroNeverCallsTheStore() {
        DocumentService guarded = new DocumentService(untouchable(), catalog, WritePolicy.DEFAULT);
        Query none = new Query(Filter.ALL, Projection.none(), Sort.BY_ID, 0, 0);
        assertEquals(List.of(), drain(guarded.find(new FindDocumentsQuery(ITEMS, none))));
        assertEquals(List.of(), drain(guarded.find(new FindDocumentsQuery(ITEMS, Query.page(new PageRequest(5, 0))))));
    }

    @Test
    void findPassesOtherQueriesToTheStoreUnchanged() {
        for (int i = 1; i <= 5; i++) {
            store.seed(ITEMS, doc("_id", i));
        }
        Query page = Query.page(new PageRequest(2, 2));
        assertEquals(List.of(doc("_id", 3), doc("_id", 4)), drain(service.find(new FindDocumentsQuery(ITEMS, page))));
        assertEquals(page, store.lastQuery());

        Query all = new Query(Filter.ALL, Projection.none(), Sort.BY_ID, 0, Query.UNLIMITED);
        assertEquals(5, drain(service.find(new FindDocumentsQuery(ITEMS, all))).size());
    }

    // --- Get ---------------------------------------------------------------------------------------
    @Test
    void getReturnsTheProjectedDocument() {
        store.seed(ITEMS, doc("_id", "a", "name", "Ada", "secret", 1));
        Projection projection = new Projection(Map.of("name", 1));
        assertEquals(doc("_id", "a", "name", "Ada"), service.get(new GetDocumentQuery(ITEMS, "a", projection)));
        assertEquals(projection, store.lastProjection());
    }

    @Test
    void getOfAMissingDocumentIsNotFound() {
        MangroveException e = fails(ErrorKind.NOT_FOUND, "document-not-found",
                () -> service.get(new GetDocumentQuery(ITEMS, "nope", Projection.none())));
        assertTrue(e.detail().contains("'nope'"), e.detail());
        assertFalse(e.detail().contains("items") || e.detail().contains("shop"), "no real names: " + e.detail());
    }

    // --- Insert ------------------------------------------------------------------------------------
    @Test
    void insertKeepsAGivenIdAndReturnsIt() {
        assertEquals("k1", service.insert(new InsertDocumentCommand(ITEMS, doc("_id", "k1", "a", 1))));
        assertEquals(Optional.of(doc("_id", "k1", "a", 1)), store.stored(ITEMS, "k1"));
    }

    @Test
    void insertReturnsTheGeneratedId() {
        Object id = service.insert(new InsertDocumentCommand(ITEMS, doc("a", 1)));
        assertInstanceOf(ObjectIdValue.class, id);
        assertEquals(1, store.stored(ITEMS, id).orElseThrow().get("a"));
    }

    @Test
    void insertOfADuplicateIdIsConflict() {
        store.seed(ITEMS, doc("_id", "k1", "a", 1));
        fails(ErrorKind.CONFLICT, "duplicate-key", () -> service.insert(new InsertDocumentCommand(ITEMS, doc("_id", "k1", "a", 2))));
        assertEquals(Optional.of(doc("_id", "k1", "a", 1)), store.stored(ITEMS, "k1"));
    }

    @Test
    void insertRejectsDollarKeysBeforeTheStore() {
        fails(ErrorKind.BAD_REQUEST, "invalid-document", () -> new InsertDocumentCommand(ITEMS, doc("$set", 1)));
    }

    @Test
    void bulkInsertReportsEachWrittenIdAndFailure() {
        store.seed(ITEMS, doc("_id", 2));
        BulkInsertResult outcome = service.insertAll(new InsertDocumentsCommand(ITEMS,
                List.of(doc("_id", 1), doc("_id", 2), doc("_id", 3))));
        assertEquals(List.of(1, 3), outcome.insertedIds());
        assertEquals(List.of(1), outcome.errors().stream().map(ErrorDetail::index).toList());
        assertEquals(ErrorKind.CONFLICT, outcome.errors().get(0).kind());
    }

    @Test
    void badBulkElementsWriteNothing() {
        MangroveException e = fails(ErrorKind.BAD_REQUEST, "invalid-document",
                () -> service.insertAll(InsertDocumentsCommand.of(ITEMS, List.of(doc("a", 1), "x", doc()))));
        assertEquals(List.of(1, 2), e.errors().stream().map(ErrorDetail::index).toList());
        assertEquals(List.of(), store.calls());
    }

    // --- Replace -----------------------------------------------------------------------------------
    private WriteResult put(Object id, Document body, WriteMode mode, boolean returnDocument) {
        return service.replace(new ReplaceDocumentCommand(ITEMS, id, body, mode, returnDocument));
    }

    @Test
    void putInsertCreatesAMissingDocumentWithTheUrlId() {
        WriteResult result = put("k1", doc("a", 1), WriteMode.INSERT, false);
        assertTrue(result.created());
        assertEquals(Optional.empty(), result.document());
        Document stored = store.stored(ITEMS, "k1").orElseThrow();
        assertEquals(doc("_id", "k1", "a", 1), stored);
        assertEquals(List.of("_id", "a"), List.copyOf(stored.fields().keySet()));
    }

    @Test
    void putInsertOnAnExistingIdIsConflictFromTheStoreAndChangesNothing() {
        store.seed(ITEMS, doc("_id", "k1", "a", 1));
        fails(ErrorKind.CONFLICT, "duplicate-key", () -> put("k1", doc("a", 2), WriteMode.INSERT, false));
        assertEquals(Optional.of(doc("_id", "k1", "a", 1)), store.stored(ITEMS, "k1"));
    }

    @Test
    void putUpdateReplacesTheWholeDocument() {
        store.seed(ITEMS, doc("_id", "k1", "a", 1, "b", 2));
        WriteResult result = put("k1", doc("c", 3), WriteMode.UPDATE, false);
        assertFalse(result.created());
        assertEquals(Optional.of(doc("_id", "k1", "c", 3)), store.stored(ITEMS, "k1"));
    }

    @Test
    void putUpdateOnAMissingDocumentIsNotFoundAndCreatesNothing() {
        fails(ErrorKind.NOT_FOUND, "document-not-found", () -> put("k1", doc("a", 1), WriteMode.UPDATE, false));
        assertEquals(Optional.empty(), store.stored(ITEMS, "k1"));
    }

    @Test
    void putUpsertCreatesAMissingDocument() {
        WriteResult result = put(7, doc("a", 1), WriteMode.UPSERT, false);
        assertTrue(result.created());
        assertEquals(Optional.of(doc("_id", 7, "a", 1)), store.stored(ITEMS, 7));
    }

    @Test
    void putUpsertReplacesAnExistingDocumentWithoutCreating() {
        store.seed(ITEMS, doc("_id", 7, "a", 1));
        WriteResult result = put(7, doc("a", 2), WriteMode.UPSERT, false);
        assertFalse(result.created());
        assertEquals(Optional.of(doc("_id", 7, "a", 2)), store.stored(ITEMS, 7));
    }

    @Test
    void putAcceptsABodyIdEqualToTheUrlId() {
        ObjectIdValue id = new ObjectIdValue("65a1b2c3d4e5f60718293a4b");
        assertTrue(put(id, doc("_id", new ObjectIdValue("65A1B2C3D4E5F60718293A4B"), "a", 1), WriteMode.UPSERT,
                false).created());
        assertEquals(Optional.of(doc("_id", id, "a", 1)), store.stored(ITEMS, id));
    }

    @Test
    void putWithABodyIdDifferentFromTheUrlIdIsBadRequest() {
        fails(ErrorKind.BAD_REQUEST, "id-mismatch",
                () -> new ReplaceDocumentCommand(ITEMS, "k1", doc("_id", "k2"), WriteMode.UPSERT, false));
        fails(ErrorKind.BAD_REQUEST, "id-mismatch",
                () -> new ReplaceDocumentCommand(ITEMS, 1, doc("_id", "1"), WriteMode.UPSERT, false));
        fails(ErrorKind.BAD_REQUEST, "id-mismatch",
                () -> new ReplaceDocumentCommand(ITEMS, "k1", doc("_id", null), WriteMode.UPSERT, false));
    }

    @Test
    void putWithDollarKeysIsBadRequest() {
        fails(ErrorKind.BAD_REQUEST, "invalid-document",
                () -> new ReplaceDocumentCommand(ITEMS, "k1", doc("$set", doc("a", 1).fields()), WriteMode.UPDATE, false));
    }

    @Test
    void putTreatsNullAsAnId() {
        assertTrue(put(null, doc("a", 1), WriteMode.UPSERT, false).created());
        assertEquals(Optional.of(doc("_id", null, "a", 1)), store.stored(ITEMS, null));
    }

    @Test
    void putWithReturnDocumentRereadsTheStoredDocument() {
        store.seed(ITEMS, doc("_id", "k1", "old", true));
        WriteResult result = put("k1", doc("a", 1), WriteMode.UPDATE, true);
        assertEquals(Optional.of(doc("_id", "k1", "a", 1)), result.document());
        assertEquals(List.of("replaceOne", "findById"), store.calls());
        assertEquals(Projection.none(), store.lastProjection());
    }

    @Test
    void putWithoutReturnDocumentRereadsNothing() {
        put("k1", doc("a", 1), WriteMode.UPSERT, false);
        assertEquals(List.of("replaceOne"), store.calls());
    }

    // --- Patch -------------------------------------------------------------------------------------
    private WriteResult patch(Object id, Update update, WriteMode mode, boolean returnDocument) {
        return service.patch(new PatchDocumentCommand(ITEMS, id, update, mode, returnDocument));
    }

    @Test
    void patchUpdateChangesOnlyTheGivenFields() {
        store.seed(ITEMS, doc("_id", "k1", "a", 1, "b", 2));
        WriteResult result = patch("k1", set("a", 10), WriteMode.UPDATE, false);
        assertFalse(result.created());
        assertEquals(Optional.of(doc("_id", "k1", "a", 10, "b", 2)), store.stored(ITEMS, "k1"));
    }

    @Test
    void patchUpdateOnAMissingDocumentIsNotFoundAndCreatesNothing() {
        fails(ErrorKind.NOT_FOUND, "document-not-found", () -> patch("k1", set("a", 1), WriteMode.UPDATE, false));
        assertEquals(Optional.empty(), store.stored(ITEMS, "k1"));
    }

    @Test
    void patchUpsertCreatesAMissingDocument() {
        WriteResult result = patch("k1", set("a", 1), WriteMode.UPSERT, false);
        assertTrue(result.created());
        assertEquals(Optional.of(doc("_id", "k1", "a", 1)), store.stored(ITEMS, "k1"));
    }

    @Test
    void patchUpsertUpdatesAnExistingDocumentWithoutCreating() {
        store.seed(ITEMS, doc("_id", "k1", "a", 1));
        WriteResult result = patch("k1", set("b", 2), WriteMode.UPSERT, false);
        assertFalse(result.created());
        assertEquals(Optional.of(doc("_id", "k1", "a", 1, "b", 2)), store.stored(ITEMS, "k1"));
    }

    @Test
    void patchWithInsertModeIsBadRequest() {
        MangroveException e = fails(ErrorKind.BAD_REQUEST, "invalid-write-mode",
                () -> new PatchDocumentCommand(ITEMS, "k1", set("a", 1), WriteMode.INSERT, false));
        assertTrue(e.detail().contains("wm=insert"), e.detail());
    }

    @Test
    void patchReturnsTheDocumentItsAtomicUpdateProduced() {
        store.seed(ITEMS, doc("_id", "k1", "n", 1));
        Update inc = Update.fromPatchBody(doc("$inc", doc("n", 2).fields()), "k1", true);
        WriteResult result = patch("k1", inc, WriteMode.UPDATE, true);
        assertEquals(Optional.of(doc("_id", "k1", "n", 3L)), result.document());
        assertEquals(Optional.of(ETag.of(doc("_id", "k1", "n", 3L))), result.etag());
        assertEquals(List.of("updateAndGet"), store.calls());
    }

    @Test
    void patchWithoutReturnDocumentRereadsNothing() {
        store.seed(ITEMS, doc("_id", "k1", "n", 1));
        assertEquals(Optional.empty(), patch("k1", set("n", 2), WriteMode.UPDATE, false).document());
        assertEquals(List.of("updateAndGet"), store.calls());
    }

    // --- Delete ------------------------------------------------------------------------------------
    @Test
    void deleteRemovesAnExistingDocument() {
        store.seed(ITEMS, doc("_id", "k1"));
        store.seed(ITEMS, doc("_id", "k2"));
        service.delete(new DeleteDocumentCommand(ITEMS, "k1"));
        assertEquals(Optional.empty(), store.stored(ITEMS, "k1"));
        assertEquals(1, store.size(ITEMS));
    }

    @Test
    void deleteOfAMissingDocumentIsNotFound() {
        store.seed(ITEMS, doc("_id", "k2"));
        fails(ErrorKind.NOT_FOUND, "document-not-found", () -> service.delete(new DeleteDocumentCommand(ITEMS, "k1")));
        assertEquals(1, store.size(ITEMS));
    }

    // --- CollectionCreation ------------------------------------------------------------------------

    @Test
    void byDefaultWritesCreateMissingCollections() {
        service.insert(new InsertDocumentCommand(MISSING, doc("a", 1)));
        assertTrue(store.exists(MISSING));
        assertEquals(0, catalog.existenceChecks(), "MongoDB semantics need no catalog look-up");
    }

    @Test
    void withoutCollectionCreationEveryWriteToAMissingCollectionIsNotFound() {
        List<Executable> writes = List.of(
                () -> strict.insert(new InsertDocumentCommand(MISSING, doc("a", 1))),
                () -> strict.insertAll(new InsertDocumentsCommand(MISSING, List.of(doc("a", 1)))),
                () -> strict.replace(new ReplaceDocumentCommand(MISSING, "k1", doc("a", 1), WriteMode.UPSERT, false)),
                () -> strict.replace(new ReplaceDocumentCommand(MISSING, "k1", doc("a", 1), WriteMode.INSERT, false)),
                () -> strict.patch(new PatchDocumentCommand(MISSING, "k1", set("a", 1), WriteMode.UPSERT, false)));
        for (Executable write : writes) {
            MangroveException e = fails(ErrorKind.NOT_FOUND, "collection-not-found", write);
            assertFalse(e.detail().contains("missing") || e.detail().contains("shop"), "no real names: " + e.detail());
        }
        assertEquals(List.of(), store.calls());
        assertFalse(store.exists(MISSING));
    }

    @Test
    void withoutCollectionCreationWritesToExistingCollectionsWork() {
        strict.insert(new InsertDocumentCommand(ITEMS, doc("_id", 1)));
        assertTrue(strict.replace(new ReplaceDocumentCommand(ITEMS, 2, doc("a", 1), WriteMode.UPSERT, false)).created());
        assertFalse(strict.patch(new PatchDocumentCommand(ITEMS, 2, set("a", 2), WriteMode.UPDATE, false)).created());
        assertEquals(Optional.of(doc("_id", 2, "a", 2)), store.stored(ITEMS, 2));
    }

    // --- Preconditions and bulk writes ---------------------------------------------------------------

    @Test
    void staleIfMatchFailsThePreconditionWithoutWriting() {
        store.seed(ITEMS, doc("_id", "k1", "n", 1));
        fails(ErrorKind.PRECONDITION_FAILED, "precondition-failed", () -> service.patch(new PatchDocumentCommand(ITEMS, "k1", set("n", 2),
                WriteMode.UPDATE, false, Precondition.ifMatch("\"stale\""))));
        assertEquals(List.of("findById"), store.calls());
    }

    @Test
    void currentIfMatchWritesOnlyWhileUnchanged() {
        store.seed(ITEMS, doc("_id", "k1", "n", 1));
        String tag = ETag.of(doc("_id", "k1", "n", 1)).quoted();
        service.delete(new DeleteDocumentCommand(ITEMS, "k1", Precondition.ifMatch(tag)));
        assertEquals(List.of("findById", "deleteIfUnchanged"), store.calls());
    }

    @Test
    void requireIfMatchRejectsUnconditionalWritesBeforeTouchingTheStore() {
        DocumentService guarded = new DocumentService(store, catalog, new WritePolicy(true, true, false));
        store.seed(ITEMS, doc("_id", "k1", "n", 1));
        fails(ErrorKind.PRECONDITION_REQUIRED, "precondition-required", () -> guarded.patch(new PatchDocumentCommand(ITEMS, "k1", set("n", 2),
                WriteMode.UPDATE, false)));
        fails(ErrorKind.PRECONDITION_REQUIRED, "precondition-required", () -> guarded.delete(new DeleteDocumentCommand(ITEMS, "k1")));
        assertEquals(List.of(), store.calls());
    }

    @Test
    void rejectsUnfilteredBulkWritesInTheCommand() {
        fails(ErrorKind.FORBIDDEN, "unfiltered-bulk-write", () -> new DeleteDocumentsCommand(ITEMS, Filter.ALL, false, true));
        fails(ErrorKind.FORBIDDEN, "unfiltered-bulk-write", () -> new UpdateDocumentsCommand(ITEMS, Filter.ALL, true, set("a", 1), false));
    }

    @Test
    void requireForceCountsAndChangesNothing() {
        DocumentService guarded = new DocumentService(store, catalog, new WritePolicy(true, false, true));
        store.seed(ITEMS, doc("_id", "k1", "n", 1));
        store.seed(ITEMS, doc("_id", "k2", "n", 2));
        MangroveException e = fails(ErrorKind.BAD_REQUEST, "force-required", () -> guarded.deleteAll(
                new DeleteDocumentsCommand(ITEMS, Filter.eq("n", 1), true, false)));
        assertEquals("To permanently delete 1 of 2 documents, add the parameter force", e.detail());
        assertEquals(2, store.size(ITEMS));
        assertEquals(1, guarded.deleteAll(new DeleteDocumentsCommand(ITEMS, Filter.eq("n", 1), true, true)));
    }
}
