package dev.mangrove.application.service;

import dev.mangrove.application.port.in.PatchDocumentCommand;
import dev.mangrove.application.port.in.UpdateDocumentsCommand;
import dev.mangrove.application.port.out.AdminStore;
import dev.mangrove.application.port.out.DocumentStore;
import dev.mangrove.application.port.out.SchemaStore;
import dev.mangrove.application.port.out.SchemaValidator;
import dev.mangrove.domain.document.Document;
import dev.mangrove.domain.error.ErrorDetail;
import dev.mangrove.domain.error.ErrorKind;
import dev.mangrove.domain.query.Filter;
import dev.mangrove.domain.query.Projection;
import dev.mangrove.domain.resource.Namespace;
import dev.mangrove.domain.security.DataScope;
import dev.mangrove.domain.write.Precondition;
import dev.mangrove.domain.write.Update;
import dev.mangrove.domain.write.WriteMode;
import org.junit.jupiter.api.Test;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static dev.mangrove.application.service.TestDocuments.doc;
import static dev.mangrove.application.service.TestDocuments.fails;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** PATCH with an update pipeline under data scopes and JSON Schemas (docs/api.md#documents, docs/security.md). */
class PipelineUpdateTest {
    private static final Namespace POSTS = Namespace.of("blog", "posts");
    private static final Filter WRITE = Filter.eq("author", "alice");
    /** Alice writes her own posts, signs what she writes, never sees notes. */
    private static final DataScope ALICE = new DataScope(Filter.ALL, WRITE, Map.of("author", "alice"),
            new Projection(Map.of("notes", 0)));

    private final InMemoryDocumentStore backing = new InMemoryDocumentStore();
    private final InMemoryCatalogStore catalog = new InMemoryCatalogStore().withDatabase("blog", "posts");
    /** Every update the service handed to the store, as "method filter-or-id update". */
    private final List<Object[]> updates = new ArrayList<>();

    PipelineUpdateTest() {
        backing.seed(POSTS, doc("_id", "mine", "author", "alice", "title", "t", "notes", "n1"));
    }

    private static Update pipeline(Map<String, Object>... stages) {
        return Update.fromPipelineBody(List.of(stages));
    }

    private DocumentStore recording() {
        return (DocumentStore) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {DocumentStore.class},
                (proxy, method, args) -> {
                    for (Object arg : args == null ? new Object[0] : args) {
                        if (arg instanceof Update update) {
                            updates.add(new Object[] {method.getName(), args[1], update});
                        }
                    }
                    try {
                        return method.invoke(backing, args);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
    }

    private DocumentService service() {
        return new DocumentService(recording(), catalog, WritePolicy.DEFAULT);
    }

    private DocumentService validated() {
        SchemaValidator anything = new SchemaValidator() {
            @Override
            public List<ErrorDetail> validate(Map<String, Object> schema, Document document) {
                return List.of();
            }

            @Override
            public void check(Map<String, Object> schema) {
            }
        };
        AdminStore admin = (AdminStore) Proxy.newProxyInstance(getClass().getClassLoader(),
                new Class<?>[] {AdminStore.class}, (proxy, method, args) -> method.getName().equals("metadata")
                        ? Optional.of(doc("jsonSchema", Map.of("schemaId", "s"))) : null);
        SchemaStore schemas = (SchemaStore) Proxy.newProxyInstance(getClass().getClassLoader(),
                new Class<?>[] {SchemaStore.class}, (proxy, method, args) -> method.getName().equals("schema")
                        ? Optional.of(doc("_id", "s", "type", "object")) : null);
        return new DocumentService(recording(), catalog, WritePolicy.DEFAULT,
                SchemaGuard.create(admin, new SchemaService(schemas, anything), anything));
    }

    private static PatchDocumentCommand patch(Update update, DataScope scope) {
        return new PatchDocumentCommand(POSTS, "mine", update, WriteMode.UPDATE, false, Precondition.NONE, scope);
    }

    @Test
    void theMergedFieldsAreSetByAFinalStageAndTheWriteFilterStillSelects() {
        Update client = pipeline(Map.of("$set", Map.of("title", Map.of("$concat", List.of("$title", "!")))));
        service().updateAll(new UpdateDocumentsCommand(POSTS, Filter.eq("title", "t"), true, client, false, ALICE));
        assertEquals(1, updates.size());
        assertEquals("updateMany", updates.get(0)[0]);
        assertEquals(Filter.and(List.of(WRITE, Filter.eq("title", "t"))), updates.get(0)[1]);
        Update sent = (Update) updates.get(0)[2];
        assertTrue(sent.operators().isEmpty());
        assertEquals(2, sent.pipeline().size());
        assertEquals(client.pipeline().get(0), sent.pipeline().get(0));
        assertEquals(Map.of("$set", Map.of("author", Map.of("$literal", "alice"))), sent.pipeline().get(1));

        updates.clear();
        service().patch(patch(pipeline(Map.of("$unset", "title"), Map.of("$set", Map.of("author", "mallory"))), ALICE));
        Update single = (Update) updates.get(0)[2];
        assertEquals(3, single.pipeline().size());
        assertEquals(Map.of("$set", Map.of("author", Map.of("$literal", "alice"))), single.pipeline().get(2),
                "the merged value comes last, over the client's");
    }

    @Test
    void aPipelineWithoutAScopeIsSentAsIs() {
        Update client = pipeline(Map.of("$replaceWith", Map.of("title", "$title")));
        service().patch(patch(client, DataScope.UNRESTRICTED));
        assertEquals(client, updates.get(0)[2]);
    }

    @Test
    void aPipelineNamingAHiddenFieldIsForbiddenAndSendsNothing() {
        List<Update> forbidden = List.of(
                pipeline(Map.of("$set", Map.of("notes", "x"))),
                pipeline(Map.of("$addFields", Map.of("notes.a", 1))),
                pipeline(Map.of("$set", Map.of("copy", "$notes"))),
                pipeline(Map.of("$set", Map.of("copy", Map.of("$toUpper", List.of("$notes.x"))))),
                pipeline(Map.of("$set", Map.of("copy", "$$CURRENT.notes"))),
                pipeline(Map.of("$set", Map.of("copy", "$$ROOT"))),
                pipeline(Map.of("$unset", List.of("title", "notes"))),
                pipeline(Map.of("$unset", "notes")),
                pipeline(Map.of("$project", Map.of("title", 1))),
                pipeline(Map.of("$replaceWith", Map.of("title", "$title"))),
                pipeline(Map.of("$replaceRoot", Map.of("newRoot", Map.of("title", "$title")))));
        for (Update update : forbidden) {
            fails(ErrorKind.FORBIDDEN, "forbidden-field", () -> service().patch(patch(update, ALICE)));
            fails(ErrorKind.FORBIDDEN, "forbidden-field", () -> service().updateAll(
                    new UpdateDocumentsCommand(POSTS, Filter.eq("title", "t"), true, update, false, ALICE)));
        }
        assertEquals(List.of(), updates, "nothing was sent to the store");
        service().patch(patch(pipeline(Map.of("$set", Map.of("copy", "$$CURRENT.title", "lit", "$$NOW"))), ALICE));
        assertEquals(1, updates.size(), "visible fields and other variables are fine");
    }

    @Test
    void aPipelineOnASchemaValidatedCollectionIsRefusedAndSendsNothing() {
        Update update = pipeline(Map.of("$set", Map.of("title", "u")));
        fails(ErrorKind.CONFLICT, "schema-pipeline-update", () -> validated().patch(patch(update, DataScope.UNRESTRICTED)));
        fails(ErrorKind.CONFLICT, "schema-pipeline-update", () -> validated().updateAll(
                new UpdateDocumentsCommand(POSTS, Filter.eq("title", "t"), true, update, false)));
        assertEquals(List.of(), updates);
        assertEquals("t", backing.findById(POSTS, "mine", Projection.none()).orElseThrow().get("title"));
    }

    @Test
    void onlyUpdateStagesMakeAPipeline() {
        var e = fails(ErrorKind.BAD_REQUEST, "invalid-pipeline-stage",
                () -> Update.fromPipelineBody(List.of(Map.of("$set", Map.of("a", 1)), Map.of("$match", Map.of()))));
        assertTrue(e.detail().contains("$match"), e.detail());
        fails(ErrorKind.BAD_REQUEST, "invalid-pipeline-stage",
                () -> Update.fromPipelineBody(List.of(doc("$set", Map.of("a", 1), "$unset", "b"))));
        assertTrue(Update.isPipelineBody(List.of(doc("$set", Map.of("a", 1)))));
        assertEquals(false, Update.isPipelineBody(List.of()));
        assertEquals(false, Update.isPipelineBody(List.of(doc("a", 1))));
        assertEquals(false, Update.isPipelineBody(List.of(1, 2)));
        fails(ErrorKind.BAD_REQUEST, "invalid-body", () -> Update.fromPipelineBody(List.of(doc("a", 1))));
    }
}
