package dev.mangrove.application.service;

import dev.mangrove.application.port.in.BulkUpdateResult;
import dev.mangrove.application.port.in.UpdateDocumentsCommand;
import dev.mangrove.application.port.out.AdminStore;
import dev.mangrove.application.port.out.DocumentCursor;
import dev.mangrove.application.port.out.DocumentStore;
import dev.mangrove.application.port.out.SchemaStore;
import dev.mangrove.application.port.out.SchemaValidator;
import dev.mangrove.domain.document.Document;
import dev.mangrove.domain.error.ErrorDetail;
import dev.mangrove.domain.error.ErrorKind;
import dev.mangrove.domain.error.MangroveException;
import dev.mangrove.domain.query.Filter;
import dev.mangrove.domain.query.Query;
import dev.mangrove.domain.resource.Namespace;
import dev.mangrove.domain.write.Update;
import org.junit.jupiter.api.Test;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

import static dev.mangrove.application.service.TestDocuments.doc;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * A bulk PATCH on a schema-validated collection when documents change between validation and
 * writing: each is re-read, re-checked against the filter and re-validated.
 */
class SchemaValidatedBulkPatchTest {
    private static final Namespace ITEMS = Namespace.of("shop", "items");
    private static final Filter KIND_A = Filter.eq("kind", "a");
    private static final Update DECREMENT = new Update(Map.of("$inc", Map.of("n", -2)));

    private final InMemoryDocumentStore backing = new InMemoryDocumentStore();
    private final InMemoryCatalogStore catalog = new InMemoryCatalogStore().withDatabase("shop", "items");
    /** Runs once, just before the first compare-and-swap: the "other client". */
    private Consumer<InMemoryDocumentStore> meanwhile = store -> { };

    /** A validator for "n must be a number >= 0" that ignores the schema it is given. */
    private static final SchemaValidator NON_NEGATIVE_N = new SchemaValidator() {
        @Override
        public List<ErrorDetail> validate(Map<String, Object> schema, Document document) {
            return document.get("n") instanceof Number n && n.intValue() >= 0 ? List.of()
                    : List.of(new ErrorDetail(-1, ErrorKind.BAD_REQUEST, "schema-violation", "n must be >= 0", "/n"));
        }

        @Override
        public void check(Map<String, Object> schema) {
        }
    };

    private DocumentService service() {
        AdminStore admin = (AdminStore) Proxy.newProxyInstance(getClass().getClassLoader(),
                new Class<?>[] {AdminStore.class}, (proxy, method, args) -> method.getName().equals("metadata")
                        ? Optional.of(doc("jsonSchema", Map.of("schemaId", "s"))) : null);
        SchemaStore schemas = (SchemaStore) Proxy.newProxyInstance(getClass().getClassLoader(),
                new Class<?>[] {SchemaStore.class}, (proxy, method, args) -> method.getName().equals("schema")
                        ? Optional.of(doc("_id", "s", "type", "object")) : null);
        SchemaService schemaService = new SchemaService(schemas, NON_NEGATIVE_N);
        return new DocumentService(interfering(), catalog, WritePolicy.DEFAULT,
                SchemaGuard.create(admin, schemaService, NON_NEGATIVE_N));
    }

    /** The in-memory store, reading {@code kind}/{@code _id} equality filters and letting {@link #meanwhile} run. */
    private DocumentStore interfering() {
        boolean[] ran = {false};
        return (DocumentStore) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {DocumentStore.class},
                (proxy, method, args) -> {
                    if (method.getName().equals("find")) {
                        Query query = (Query) args[1];
                        List<Document> matching = new ArrayList<>();
                        try (DocumentCursor all = backing.find(ITEMS, new Query(Filter.ALL, query.projection(),
                                query.sort(), 0, Query.UNLIMITED))) {
                            all.forEachRemaining(d -> {
                                if (matches(query.filter(), d)) {
                                    matching.add(d);
                                }
                            });
                        }
                        return DocumentCursor.of(matching);
                    }
                    if (method.getName().equals("updateIfUnchanged") && !ran[0]) {
                        ran[0] = true;
                        meanwhile.accept(backing);
                    }
                    try {
                        return method.invoke(backing, args);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
    }

    private static boolean matches(Filter filter, Document d) {
        return switch (filter) {
            case Filter.All all -> true;
            case Filter.And and -> and.filters().stream().allMatch(f -> matches(f, d));
            case Filter.Condition c -> c.value().equals(d.get(c.field()));
            default -> throw new UnsupportedOperationException(filter.toString());
        };
    }

    private BulkUpdateResult patchKindA() {
        return service().updateAll(new UpdateDocumentsCommand(ITEMS, KIND_A, true, DECREMENT, false));
    }

    private void seed() {
        backing.seed(ITEMS, doc("_id", 1, "kind", "a", "n", 5));
        backing.seed(ITEMS, doc("_id", 2, "kind", "a", "n", 5));
        backing.seed(ITEMS, doc("_id", 3, "kind", "b", "n", 0));
    }

    private int n(int id) {
        return ((Number) backing.stored(ITEMS, id).orElseThrow().get("n")).intValue();
    }

    @Test
    void updatesEveryMatchedDocumentWhenAllResultsAreValid() {
        seed();
        assertEquals(new BulkUpdateResult(2, 2), patchKindA());
        assertEquals(List.of(3, 3, 0), List.of(n(1), n(2), n(3)));
    }

    @Test
    void writesNothingWhenAnyResultIsInvalidAndNamesIt() {
        seed();
        backing.seed(ITEMS, doc("_id", 4, "kind", "a", "n", 1));
        MangroveException e = assertThrows(MangroveException.class, this::patchKindA);
        assertEquals("schema-violation", e.code());
        assertEquals(1, e.errors().size());
        assertEquals(4, e.errors().get(0).id());
        assertEquals("/n", e.errors().get(0).pointer());
        assertEquals(List.of(5, 5, 0, 1), List.of(n(1), n(2), n(3), n(4)));
    }

    @Test
    void aDocumentChangedMeanwhileIsReReadAndReValidated() {
        seed();
        meanwhile = store -> store.seed(ITEMS, doc("_id", 1, "kind", "a", "n", 10));
        assertEquals(new BulkUpdateResult(2, 2), patchKindA());
        assertEquals(List.of(8, 3), List.of(n(1), n(2)), "the update applies to the changed version");
    }

    @Test
    void aDocumentThatNoLongerMatchesIsSkipped() {
        seed();
        meanwhile = store -> store.seed(ITEMS, doc("_id", 1, "kind", "b", "n", 5));
        assertEquals(new BulkUpdateResult(1, 1), patchKindA());
        assertEquals(List.of(5, 3), List.of(n(1), n(2)));
    }

    @Test
    void aChangeThatMakesTheResultInvalidStopsWithAConflict() {
        seed();
        meanwhile = store -> store.seed(ITEMS, doc("_id", 2, "kind", "a", "n", 1));
        MangroveException e = assertThrows(MangroveException.class, this::patchKindA);
        assertEquals("schema-violation-after-change", e.code());
        assertEquals(2, e.errors().get(0).id());
        assertEquals(List.of(3, 1), List.of(n(1), n(2)), "the first was written, the changed one was not");
    }
}
