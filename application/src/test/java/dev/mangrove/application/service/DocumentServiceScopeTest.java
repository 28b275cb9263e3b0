package dev.mangrove.application.service;

import dev.mangrove.application.port.in.DeleteDocumentCommand;
import dev.mangrove.application.port.in.DeleteDocumentsCommand;
import dev.mangrove.application.port.in.FindDocumentsQuery;
import dev.mangrove.application.port.in.GetDocumentQuery;
import dev.mangrove.application.port.in.InsertDocumentCommand;
import dev.mangrove.application.port.in.InsertDocumentsCommand;
import dev.mangrove.application.port.in.PatchDocumentCommand;
import dev.mangrove.application.port.in.ReplaceDocumentCommand;
import dev.mangrove.application.port.in.UpdateDocumentsCommand;
import dev.mangrove.application.port.in.WriteResult;
import dev.mangrove.application.port.in.ResultCursor;
import dev.mangrove.domain.document.Document;
import dev.mangrove.domain.document.ETag;
import dev.mangrove.domain.error.ErrorKind;
import dev.mangrove.domain.error.MangroveException;
import dev.mangrove.domain.query.Filter;
import dev.mangrove.domain.query.Projection;
import dev.mangrove.domain.query.Query;
import dev.mangrove.domain.query.Sort;
import dev.mangrove.domain.resource.Namespace;
import dev.mangrove.domain.security.DataScope;
import dev.mangrove.domain.write.Precondition;
import dev.mangrove.domain.write.WriteMode;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static dev.mangrove.application.service.TestDocuments.doc;
import static dev.mangrove.application.service.TestDocuments.set;
import static dev.mangrove.application.service.TestDocuments.fails;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Every operation of the document service applies the caller's data scope (docs/security.md). */
class DocumentServiceScopeTest {
    private static final Namespace POSTS = Namespace.of("blog", "posts");
    private static final Filter READ = new Filter.Or(List.of(Filter.eq("published", true), Filter.eq("author", "alice")));
    private static final Filter WRITE = Filter.eq("author", "alice");
    private static final Filter WRITABLE = Filter.and(List.of(READ, WRITE));
    /** Alice reads published posts and her own, writes her own, signs what she writes, never sees notes. */
    private static final DataScope ALICE = new DataScope(READ, WRITE, Map.of("author", "alice"),
            new Projection(Map.of("notes", 0)));

    private final InMemoryDocumentStore store = new InMemoryDocumentStore();
    private final InMemoryCatalogStore catalog = new InMemoryCatalogStore().withDatabase("blog", "posts");
    private final DocumentService service = new DocumentService(store, catalog, WritePolicy.DEFAULT);

    @BeforeEach
    void seed() {
        store.seed(POSTS, doc("_id", "mine", "author", "alice", "published", false, "notes", "n1"));
        store.seed(POSTS, doc("_id", "bobs-public", "author", "bob", "published", true, "notes", "n2"));
        store.seed(POSTS, doc("_id", "bobs-draft", "author", "bob", "published", false, "notes", "n3"));
    }

    private List<Object> ids(ResultCursor cursor) {
        List<Object> ids = new ArrayList<>();
        try (cursor) {
            cursor.forEachRemaining(d -> ids.add(d.get("_id")));
        }
        return ids;
    }

    @Test
    void readsSeeOnlyTheReadFilterWithoutHiddenFields() {
        Query all = new Query(Filter.ALL, Projection.none(), Sort.BY_ID, 0, 10);
        assertEquals(List.of("mine", "bobs-public"), ids(service.find(new FindDocumentsQuery(POSTS, all, ALICE))));
        assertEquals(READ, store.lastQuery().filter());
        assertEquals(Map.of("notes", 0), store.lastQuery().projection().spec());
        assertEquals(2, service.count(POSTS, Filter.ALL, false, ALICE));
        assertEquals(2, service.count(POSTS, Filter.ALL, true, ALICE), "never estimated within a read filter");
        assertFalse(store.calls().contains("estimatedCount"));
        assertEquals(1, service.count(POSTS, Filter.eq("author", "bob"), false, ALICE));

        Document mine = service.get(new GetDocumentQuery(POSTS, "mine", Projection.none(), ALICE));
        assertEquals(doc("_id", "mine", "author", "alice", "published", false), mine);
        assertEquals(READ, store.filtersOf("findById").getLast());
        fails(ErrorKind.NOT_FOUND, "document-not-found", () -> service.get(new GetDocumentQuery(POSTS, "bobs-draft",
                Projection.none(), ALICE)));
        fails(ErrorKind.NOT_FOUND, "document-not-found", () -> service.get(new GetDocumentQuery(POSTS, "nothing",
                Projection.none(), ALICE)));
    }

    @Test
    void readsNamingAHiddenFieldAreForbiddenBeforeTheStoreIsAsked() {
        Query byNotes = new Query(Filter.eq("notes", "n3"), Projection.none(), Sort.BY_ID, 0, 10);
        fails(ErrorKind.FORBIDDEN, "forbidden-field", () -> service.find(new FindDocumentsQuery(POSTS, byNotes, ALICE)));
        fails(ErrorKind.FORBIDDEN, "forbidden-field", () -> service.count(POSTS, Filter.eq("notes", "n3"), false, ALICE));
        fails(ErrorKind.FORBIDDEN, "forbidden-field", () -> service.get(new GetDocumentQuery(POSTS, "mine",
                new Projection(Map.of("notes", 1)), ALICE)));
        fails(ErrorKind.FORBIDDEN, "forbidden-field", () -> service.updateAll(new UpdateDocumentsCommand(POSTS, Filter.eq("notes", "n1"),
                true, set("x", 1), true, ALICE)));
        fails(ErrorKind.FORBIDDEN, "forbidden-field", () -> service.deleteAll(new DeleteDocumentsCommand(POSTS, Filter.eq("notes", "n1"),
                true, true, ALICE)));
        fails(ErrorKind.FORBIDDEN, "forbidden-field", () -> service.patch(new PatchDocumentCommand(POSTS, "mine", set("notes", "x"),
                WriteMode.UPDATE, false, Precondition.NONE, ALICE)));
        assertEquals(List.of(), store.calls());
    }

    @Test
    void insertsCarryTheMergedFields() {
        Object id = service.insert(new InsertDocumentCommand(POSTS, doc("_id", "new", "author", "mallory"), ALICE));
        assertEquals("alice", store.stored(POSTS, id).orElseThrow().get("author"));
        service.insertAll(new InsertDocumentsCommand(POSTS, List.of(doc("_id", "a1", "author", "mallory"),
                doc("_id", "a2")), ALICE));
        assertEquals("alice", store.stored(POSTS, "a1").orElseThrow().get("author"));
        assertEquals("alice", store.stored(POSTS, "a2").orElseThrow().get("author"));
    }

    @Test
    void replacingAnotherUsersDocumentIsNotFoundOrForbiddenAndChangesNothing() {
        Document before = store.stored(POSTS, "bobs-public").orElseThrow();
        fails(ErrorKind.FORBIDDEN, "forbidden", () -> service.replace(new ReplaceDocumentCommand(POSTS, "bobs-public",
                doc("title", "x"), WriteMode.UPDATE, false, Precondition.NONE, ALICE)));
        fails(ErrorKind.NOT_FOUND, "document-not-found", () -> service.replace(new ReplaceDocumentCommand(POSTS, "bobs-draft",
                doc("title", "x"), WriteMode.UPDATE, false, Precondition.NONE, ALICE)));
        fails(ErrorKind.FORBIDDEN, "forbidden", () -> service.replace(new ReplaceDocumentCommand(POSTS, "bobs-public",
                doc("title", "x"), WriteMode.UPSERT, false, Precondition.NONE, ALICE)));
        fails(ErrorKind.CONFLICT, "duplicate-key", () -> service.replace(new ReplaceDocumentCommand(POSTS, "bobs-draft",
                doc("title", "x"), WriteMode.UPSERT, false, Precondition.NONE, ALICE)));
        assertEquals(before, store.stored(POSTS, "bobs-public").orElseThrow());
        assertEquals("n3", store.stored(POSTS, "bobs-draft").orElseThrow().get("notes"));
        assertTrue(store.filtersOf("replaceOne").stream().allMatch(WRITABLE::equals), store.filtersOf("replaceOne").toString());
    }

    @Test
    void replacingOwnDocumentMergesAndAnswersTheVisibleDocument() {
        WriteResult result = service.replace(new ReplaceDocumentCommand(POSTS, "mine",
                doc("title", "t", "author", "mallory", "notes", "forged"), WriteMode.UPDATE, true, Precondition.NONE,
                ALICE));
        assertEquals(doc("_id", "mine", "title", "t", "author", "alice"), result.document().orElseThrow());
        assertEquals(ETag.of(result.document().orElseThrow()), result.etag().orElseThrow());
        assertEquals("alice", store.stored(POSTS, "mine").orElseThrow().get("author"));
    }

    @Test
    void conditionalWritesUseTheVisibleEtagAndTheScopeInTheCompareAndSwap() {
        Document visible = service.get(new GetDocumentQuery(POSTS, "mine", Projection.none(), ALICE));
        Precondition ifMatch = Precondition.ifMatch(ETag.of(visible).quoted());
        WriteResult result = service.patch(new PatchDocumentCommand(POSTS, "mine", set("title", "x", "author", "bob"),
                WriteMode.UPDATE, true, ifMatch, ALICE));
        assertEquals("alice", result.document().orElseThrow().get("author"));
        assertFalse(result.document().orElseThrow().fields().containsKey("notes"));
        assertEquals(WRITABLE, store.filtersOf("updateIfUnchanged").getLast());
        assertEquals("n1", store.stored(POSTS, "mine").orElseThrow().get("notes"));

        Document bobs = service.get(new GetDocumentQuery(POSTS, "bobs-public", Projection.none(), ALICE));
        Precondition bobsTag = Precondition.ifMatch(ETag.of(bobs).quoted());
        fails(ErrorKind.FORBIDDEN, "forbidden", () -> service.delete(new DeleteDocumentCommand(POSTS, "bobs-public", bobsTag, ALICE)));
        fails(ErrorKind.FORBIDDEN, "forbidden", () -> service.replace(new ReplaceDocumentCommand(POSTS, "bobs-public", doc("a", 1),
                WriteMode.UPDATE, false, bobsTag, ALICE)));
        fails(ErrorKind.PRECONDITION_FAILED, "precondition-failed", () -> service.delete(new DeleteDocumentCommand(POSTS, "bobs-draft",
                Precondition.ifMatch("\"x\""), ALICE)));
        assertTrue(store.stored(POSTS, "bobs-public").isPresent());
        assertEquals(WRITABLE, store.filtersOf("deleteIfUnchanged").getLast());
    }

    @Test
    void patchAndDeleteByIdStayWithinTheWriteFilter() {
        fails(ErrorKind.FORBIDDEN, "forbidden", () -> service.patch(new PatchDocumentCommand(POSTS, "bobs-public", set("t", 1),
                WriteMode.UPDATE, false, Precondition.NONE, ALICE)));
        fails(ErrorKind.NOT_FOUND, "document-not-found", () -> service.patch(new PatchDocumentCommand(POSTS, "bobs-draft", set("t", 1),
                WriteMode.UPDATE, false, Precondition.NONE, ALICE)));
        fails(ErrorKind.CONFLICT, "duplicate-key", () -> service.patch(new PatchDocumentCommand(POSTS, "bobs-draft", set("t", 1),
                WriteMode.UPSERT, false, Precondition.NONE, ALICE)));
        fails(ErrorKind.FORBIDDEN, "forbidden", () -> service.delete(new DeleteDocumentCommand(POSTS, "bobs-public",
                Precondition.NONE, ALICE)));
        fails(ErrorKind.NOT_FOUND, "document-not-found", () -> service.delete(new DeleteDocumentCommand(POSTS, "bobs-draft",
                Precondition.NONE, ALICE)));
        assertEquals(3, store.size(POSTS));
        assertFalse(store.stored(POSTS, "bobs-public").orElseThrow().fields().containsKey("t"));
        assertEquals(WRITABLE, store.filtersOf("updateAndGet").getLast());
        assertEquals(WRITABLE, store.filtersOf("updateOne").getLast());
        assertEquals(WRITABLE, store.filtersOf("deleteOne").getLast());

        WriteResult mine = service.patch(new PatchDocumentCommand(POSTS, "mine", set("author", "bob", "t", 1),
                WriteMode.UPDATE, true, Precondition.NONE, ALICE));
        assertEquals(doc("_id", "mine", "author", "alice", "published", false, "t", 1), mine.document().orElseThrow());
        WriteResult created = service.patch(new PatchDocumentCommand(POSTS, "fresh", set("t", 2),
                WriteMode.UPSERT, true, Precondition.NONE, ALICE));
        assertTrue(created.created());
        assertEquals("alice", store.stored(POSTS, "fresh").orElseThrow().get("author"));
        service.delete(new DeleteDocumentCommand(POSTS, "mine", Precondition.NONE, ALICE));
        assertTrue(store.stored(POSTS, "mine").isEmpty());
    }

    @Test
    void bulkWritesSelectWithinBothFiltersAndCountWithinTheReadFilter() {
        DocumentService guarded = new DocumentService(store, catalog, new WritePolicy(true, false, true));
        MangroveException e = fails(ErrorKind.BAD_REQUEST, "force-required", () -> guarded.deleteAll(
                new DeleteDocumentsCommand(POSTS, Filter.eq("published", false), true, false, ALICE)));
        assertEquals("To permanently delete 1 of 2 documents, add the parameter force", e.detail());
        assertEquals(List.of(Filter.and(List.of(WRITABLE, Filter.eq("published", false))), READ),
                store.filtersOf("count"));

        var outcome = service.updateAll(new UpdateDocumentsCommand(POSTS, Filter.ALL, true,
                set("x", 1, "author", "mallory"), true, ALICE));
        assertEquals(1, outcome.matchedCount());
        assertEquals(WRITABLE, store.filtersOf("updateMany").getLast());
        assertEquals(1, store.stored(POSTS, "mine").orElseThrow().get("x"));
        assertEquals("alice", store.stored(POSTS, "mine").orElseThrow().get("author"));
        assertFalse(store.stored(POSTS, "bobs-public").orElseThrow().fields().containsKey("x"));

        assertEquals(1, service.deleteAll(new DeleteDocumentsCommand(POSTS, Filter.ALL, true, true, ALICE)));
        assertEquals(WRITABLE, store.filtersOf("deleteMany").getLast());
        assertEquals(2, store.size(POSTS));
        assertTrue(store.stored(POSTS, "mine").isEmpty());
    }

    @Test
    void theUnrestrictedScopeChangesNothing() {
        assertEquals(3, ids(service.find(new FindDocumentsQuery(POSTS,
                new Query(Filter.ALL, Projection.none(), Sort.BY_ID, 0, 10)))).size());
        assertEquals(Filter.ALL, store.lastQuery().filter());
        assertEquals("n3", service.get(new GetDocumentQuery(POSTS, "bobs-draft", Projection.none())).get("notes"));
        assertEquals(Filter.ALL, store.filtersOf("findById").getLast());
        service.delete(new DeleteDocumentCommand(POSTS, "bobs-draft"));
        assertEquals(Filter.ALL, store.filtersOf("deleteOne").getLast());
    }
}
