package dev.mangrove.application.service;

import dev.mangrove.application.port.in.BulkInsertResult;
import dev.mangrove.application.port.in.BulkUpdateResult;
import dev.mangrove.application.port.in.DeleteDocumentCommand;
import dev.mangrove.application.port.in.DeleteDocumentsCommand;
import dev.mangrove.application.port.in.FindDocumentsQuery;
import dev.mangrove.application.port.in.InsertDocumentCommand;
import dev.mangrove.application.port.in.InsertDocumentsCommand;
import dev.mangrove.application.port.in.PatchDocumentCommand;
import dev.mangrove.application.port.in.ReplaceDocumentCommand;
import dev.mangrove.application.port.in.ResultCursor;
import dev.mangrove.application.port.in.UpdateDocumentsCommand;
import dev.mangrove.application.port.in.WriteResult;
import dev.mangrove.domain.document.Document;
import dev.mangrove.domain.document.ObjectIdValue;
import dev.mangrove.domain.error.ErrorDetail;
import dev.mangrove.domain.error.MangroveException;
import dev.mangrove.domain.query.Filter;
import dev.mangrove.domain.query.OperatorPolicy;
import dev.mangrove.domain.query.Projection;
import dev.mangrove.domain.query.Query;
import dev.mangrove.domain.query.Sort;
import dev.mangrove.domain.resource.Namespace;
import dev.mangrove.domain.security.DataScope;
import dev.mangrove.domain.write.Precondition;
import dev.mangrove.domain.write.Update;
import dev.mangrove.domain.write.WriteMode;
import dev.mangrove.plugin.spi.DocumentWrites;

import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The plugins' document writes over the document use cases, so that a plugin's write is a REST write: the
 * scope's write filter, merged fields and hidden fields, JSON Schemas and the operator policy all apply. A
 * write of "the first document a filter selects" finds that document's id within the caller's write scope,
 * then writes it by id within the same scope (docs/plugins.md#the-typed-context).
 */
final class PluginWrites implements DocumentWrites {
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final byte[] PROCESS = RANDOM.generateSeed(5);
    private static final AtomicInteger COUNTER = new AtomicInteger(RANDOM.nextInt());
    private final DocumentService documents;
    private final OperatorPolicy policy;

    PluginWrites(DocumentService documents, OperatorPolicy policy) {
        this.documents = Objects.requireNonNull(documents, "documents");
        this.policy = Objects.requireNonNull(policy, "policy");
    }

    @Override
    public Object insertOne(Namespace namespace, Document document, DataScope scope) {
        return documents.insert(new InsertDocumentCommand(namespace, document, scope));
    }

    @Override
    public List<Object> insertMany(Namespace namespace, List<Document> batch, DataScope scope) {
        BulkInsertResult result = documents.insertAll(new InsertDocumentsCommand(namespace, batch, scope));
        if (!result.errors().isEmpty()) {
            ErrorDetail first = result.errors().get(0);
            throw MangroveException.of(first.kind(), first.code(), result.errors().size() + " of " + batch.size()
                    + " documents were not inserted (" + result.insertedIds().size() + " were); the first, at index "
                    + first.index() + ": " + first.detail()).withErrors(result.errors());
        }
        return result.insertedIds();
    }

    @Override
    public UpdateOutcome updateOne(Namespace namespace, Filter filter, Object update, boolean upsert,
                                   DataScope scope) {
        policy.check(filter);
        Update change = update(update);
        Optional<Document> target = first(namespace, filter, scope);
        if (target.isPresent()) {
            Object id = target.get().get(Document.ID);
            WriteResult result = documents.patch(new PatchDocumentCommand(namespace, id, change, WriteMode.UPDATE,
                    true, Precondition.NONE, scope));
            boolean modified = result.document().map(after -> !after.equals(target.get())).orElse(true);
            return new UpdateOutcome(1, modified ? 1 : 0, Optional.empty());
        }
        return upsert ? upsert(namespace, filter, change, scope) : new UpdateOutcome(0, 0, Optional.empty());
    }

    @Override
    public UpdateOutcome updateMany(Namespace namespace, Filter filter, Object update, boolean upsert,
                                    DataScope scope) {
        policy.check(filter);
        Update change = update(update);
        BulkUpdateResult result = documents.updateAll(new UpdateDocumentsCommand(namespace, filter, true, change, true,
                scope));
        if (result.matchedCount() == 0 && upsert) {
            return upsert(namespace, filter, change, scope);
        }
        return new UpdateOutcome(result.matchedCount(), result.modifiedCount(), Optional.empty());
    }

    @Override
    public UpdateOutcome replaceOne(Namespace namespace, Filter filter, Document replacement, boolean upsert,
                                    DataScope scope) {
        policy.check(filter);
        Optional<Document> target = first(namespace, filter, scope);
        if (target.isPresent()) {
            Object id = target.get().get(Document.ID);
            if (replacement.hasId() && !Objects.equals(replacement.get(Document.ID), id)) {
                throw MangroveException.badRequest("immutable-id",
                        "The replacement's _id differs from the _id of the document it replaces");
            }
            documents.replace(new ReplaceDocumentCommand(namespace, id, replacement, WriteMode.UPDATE, false,
                    Precondition.NONE, scope));
            boolean modified = !withId(replacement, id).equals(target.get());
            return new UpdateOutcome(1, modified ? 1 : 0, Optional.empty());
        }
        if (!upsert) {
            return new UpdateOutcome(0, 0, Optional.empty());
        }
        Object id = replacement.hasId() ? replacement.get(Document.ID)
                : equalities(filter).containsKey(Document.ID) ? equalities(filter).get(Document.ID) : newObjectId();
        documents.replace(new ReplaceDocumentCommand(namespace, id, replacement, WriteMode.UPSERT, false,
                Precondition.NONE, scope));
        return new UpdateOutcome(0, 0, Optional.of(id));
    }

    @Override
    public long deleteOne(Namespace namespace, Filter filter, DataScope scope) {
        policy.check(filter);
        Optional<Document> target = first(namespace, filter, scope);
        if (target.isEmpty()) {
            return 0;
        }
        try {
            documents.delete(new DeleteDocumentCommand(namespace, target.get().get(Document.ID), Precondition.NONE,
                    scope));
            return 1;
        } catch (MangroveException e) {
            if ("document-not-found".equals(e.code())) {
                return 0; // deleted meanwhile
            }
            throw e;
        }
    }

    @Override
    public long deleteMany(Namespace namespace, Filter filter, DataScope scope) {
        policy.check(filter);
        return documents.deleteAll(new DeleteDocumentsCommand(namespace, filter, true, true, scope));
    }

    /** The first document (natural order) the filter selects among those the caller may change. */
    private Optional<Document> first(Namespace namespace, Filter filter, DataScope scope) {
        Query query = new Query(Filter.and(List.of(scope.writeFilter(), filter)), Projection.none(),
                new Sort(List.of()), 0, 1);
        try (ResultCursor cursor = documents.find(new FindDocumentsQuery(namespace, query, scope))) {
            return cursor.hasNext() ? Optional.of(cursor.next()) : Optional.empty();
        } catch (MangroveException e) {
            if ("collection-not-found".equals(e.code()) || "database-not-found".equals(e.code())) {
                return Optional.empty();
            }
            throw e;
        }
    }

    /**
     * An upsert that matched nothing: a new document with the filter's {@code _id} (or a new ObjectId), the
     * filter's other equality conditions set on insert, then the update applied.
     */
    private UpdateOutcome upsert(Namespace namespace, Filter filter, Update change, DataScope scope) {
        Map<String, Object> equalities = equalities(filter);
        Object id = equalities.containsKey(Document.ID) ? equalities.remove(Document.ID) : newObjectId();
        Update withEqualities = change;
        if (!change.isPipeline() && !equalities.isEmpty()) {
            Map<String, Map<String, Object>> operators = new LinkedHashMap<>(change.operators());
            Map<String, Object> onInsert = new LinkedHashMap<>(operators.getOrDefault("$setOnInsert", Map.of()));
            equalities.forEach((field, value) -> {
                boolean touched = operators.values().stream().anyMatch(args -> args.keySet().stream()
                        .anyMatch(k -> k.equals(field) || k.startsWith(field + ".") || field.startsWith(k + ".")));
                if (!touched) {
                    onInsert.put(field, value);
                }
            });
            if (!onInsert.isEmpty()) {
                operators.put("$setOnInsert", onInsert);
            }
            withEqualities = new Update(operators);
        }
        WriteResult result = documents.patch(new PatchDocumentCommand(namespace, id, withEqualities, WriteMode.UPSERT,
                false, Precondition.NONE, scope));
        return result.created() ? new UpdateOutcome(0, 0, Optional.of(id)) : new UpdateOutcome(1, 1, Optional.empty());
    }

    /** The top-level equality conditions of a filter ({@code {"a": 1}} or {@code {"a": {"$eq": 1}}}). */
    private static Map<String, Object> equalities(Filter filter) {
        Map<String, Object> out = new LinkedHashMap<>();
        if (filter instanceof Filter.Expression expression) {
            expression.query().forEach((field, value) -> {
                if (field.startsWith("$")) {
                    return;
                }
                Map<?, ?> fields = value instanceof Document d ? d.fields() : value instanceof Map<?, ?> m ? m : null;
                if (fields == null) {
                    out.put(field, value);
                } else if (fields.size() == 1 && fields.containsKey("$eq")) {
                    out.put(field, fields.get("$eq"));
                } else if (fields.keySet().stream().noneMatch(k -> String.valueOf(k).startsWith("$"))) {
                    out.put(field, value);
                }
            });
        } else if (filter instanceof Filter.Condition condition && condition.op() == Filter.Operator.EQ) {
            out.put(condition.field(), condition.value());
        }
        return out;
    }

    private static Update update(Object value) {
        Object update = value;
        if (value instanceof Map<?, ?> map && !(value instanceof Document)) {
            Map<String, Object> fields = new LinkedHashMap<>();
            map.forEach((k, v) -> fields.put(String.valueOf(k), v));
            update = new Document(fields);
        }
        if (update instanceof Document document) {
            if (document.fields().isEmpty() || !document.fields().keySet().stream().allMatch(k -> k.startsWith("$"))) {
                throw MangroveException.badRequest("invalid-update",
                        "An update is a document of update operators ($set, $inc, …) or a pipeline of stages");
            }
            return Update.fromPatchBody(document, null, false);
        }
        if (update instanceof List<?> list) {
            return Update.fromPipelineBody(list);
        }
        throw MangroveException.badRequest("invalid-update",
                "An update is a document of update operators ($set, $inc, …) or a pipeline of stages");
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

    /** A new ObjectId: seconds, five random bytes of this process, a counter. */
    static ObjectIdValue newObjectId() {
        byte[] bytes = new byte[12];
        int seconds = (int) (System.currentTimeMillis() / 1000);
        bytes[0] = (byte) (seconds >>> 24);
        bytes[1] = (byte) (seconds >>> 16);
        bytes[2] = (byte) (seconds >>> 8);
        bytes[3] = (byte) seconds;
        System.arraycopy(PROCESS, 0, bytes, 4, 5);
        int count = COUNTER.getAndIncrement();
        bytes[9] = (byte) (count >>> 16);
        bytes[10] = (byte) (count >>> 8);
        bytes[11] = (byte) count;
        return new ObjectIdValue(HexFormat.of().formatHex(bytes));
    }
}
