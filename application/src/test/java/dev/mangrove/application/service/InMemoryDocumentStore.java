package dev.mangrove.application.service;

import dev.mangrove.application.port.out.BulkInsertOutcome;
import dev.mangrove.application.port.out.BulkUpdateOutcome;
import dev.mangrove.application.port.out.DocumentCursor;
import dev.mangrove.application.port.out.DocumentStore;
import dev.mangrove.application.port.out.WriteOutcome;
import dev.mangrove.domain.document.Document;
import dev.mangrove.domain.document.ObjectIdValue;
import dev.mangrove.domain.error.ErrorDetail;
import dev.mangrove.domain.error.ErrorKind;
import dev.mangrove.domain.error.MangroveException;
import dev.mangrove.domain.query.Filter;
import dev.mangrove.domain.query.Projection;
import dev.mangrove.domain.query.Query;
import dev.mangrove.domain.resource.Namespace;
import dev.mangrove.domain.write.Update;

import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A {@link DocumentStore} over maps, with MongoDB's semantics for the parts the services use: ids are
 * unique (a duplicate is a 409 {@code duplicate-key}), writes create collections, and updates apply
 * {@code $set}, {@code $unset}, {@code $inc} and {@code $setOnInsert}. Every call is recorded.
 */
final class InMemoryDocumentStore implements DocumentStore {
    private final Map<Namespace, Map<Object, Document>> collections = new LinkedHashMap<>();
    private final List<String> calls = new ArrayList<>();
    private final List<Map.Entry<String, Filter>> filters = new ArrayList<>();
    private final AtomicLong nextId = new AtomicLong(1);
    private Query lastQuery;
    private Projection lastProjection;

    /** The names of the port methods called, in order. */
    List<String> calls() {
        return calls;
    }

    /** The filters (scope filters of by-id methods, selections of the others) the port received, by method. */
    List<Filter> filtersOf(String method) {
        return filters.stream().filter(e -> e.getKey().equals(method)).map(Map.Entry::getValue).toList();
    }

    private void record(String method, Filter filter) {
        calls.add(method);
        filters.add(Map.entry(method, filter));
    }

    Query lastQuery() {
        return lastQuery;
    }

    Projection lastProjection() {
        return lastProjection;
    }

    /** Puts a document directly, bypassing the port (and its call log). */
    void seed(Namespace ns, Document document) {
        collections.computeIfAbsent(ns, k -> new LinkedHashMap<>()).put(document.get(Document.ID), copy(document));
    }

    /** The stored document, bypassing the port. */
    Optional<Document> stored(Namespace ns, Object id) {
        return Optional.ofNullable(collection(ns).get(id)).map(InMemoryDocumentStore::copy);
    }

    boolean exists(Namespace ns) {
        return collections.containsKey(ns);
    }

    int size(Namespace ns) {
        return collection(ns).size();
    }

    @Override
    public DocumentCursor find(Namespace namespace, Query query) {
        record("find", query.filter());
        lastQuery = query;
        List<Document> all = collection(namespace).values().stream().filter(d -> matches(d, query.filter()))
                .map(InMemoryDocumentStore::copy).toList();
        long limit = query.limit() == Query.UNLIMITED ? Long.MAX_VALUE : query.limit();
        return DocumentCursor.of(all.stream().skip(query.skip()).limit(limit).toList());
    }

    @Override
    public Optional<Document> findById(Namespace namespace, Object id, Filter scope, Projection projection) {
        record("findById", scope);
        lastProjection = projection;
        return stored(namespace, id).filter(d -> matches(d, scope)).map(d -> project(d, projection));
    }

    @Override
    public long count(Namespace namespace, Filter filter) {
        record("count", filter);
        return collection(namespace).values().stream().filter(d -> matches(d, filter)).count();
    }

    @Override
    public long estimatedCount(Namespace namespace) {
        calls.add("estimatedCount");
        return collection(namespace).size();
    }

    @Override
    public Object insertOne(Namespace namespace, Document document) {
        calls.add("insertOne");
        return insert(namespace, document);
    }

    @Override
    public BulkInsertOutcome insertMany(Namespace namespace, List<Document> documents) {
        calls.add("insertMany");
        List<Object> ids = new ArrayList<>();
        List<ErrorDetail> errors = new ArrayList<>();
        for (int i = 0; i < documents.size(); i++) {
            try {
                ids.add(insert(namespace, documents.get(i)));
            } catch (MangroveException e) {
                errors.add(ErrorDetail.at(i, e.kind(), e.code(), e.detail()));
            }
        }
        return new BulkInsertOutcome(ids, errors);
    }

    @Override
    public WriteOutcome replaceOne(Namespace namespace, Object id, Filter scope, Document replacement,
                                   boolean upsert) {
        record("replaceOne", scope);
        Map<Object, Document> coll = writable(namespace);
        if (coll.containsKey(id) && !matches(coll.get(id), scope)) {
            return outsideScope(upsert);
        }
        if (replacement.hasId() && !java.util.Objects.equals(replacement.get(Document.ID), id)) {
            throw new AssertionError("the service must not replace with a different _id");
        }
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put(Document.ID, id);
        fields.putAll(replacement.fields());
        if (coll.containsKey(id)) {
            coll.put(id, new Document(fields));
            return new WriteOutcome(true, false);
        }
        if (!upsert) {
            return new WriteOutcome(false, false);
        }
        coll.put(id, new Document(fields));
        return new WriteOutcome(false, true);
    }

    @Override
    public WriteOutcome updateOne(Namespace namespace, Object id, Filter scope, Update update, boolean upsert) {
        record("updateOne", scope);
        Map<Object, Document> coll = writable(namespace);
        Document existing = coll.get(id);
        if (existing != null && !matches(existing, scope)) {
            return outsideScope(upsert);
        }
        if (existing != null) {
            Document changed = copy(existing);
            apply(changed.fields(), update, false);
            coll.put(id, changed);
            return new WriteOutcome(true, false);
        }
        if (!upsert) {
            return new WriteOutcome(false, false);
        }
        Document created = Document.empty();
        created.fields().put(Document.ID, id);
        apply(created.fields(), update, true);
        coll.put(id, created);
        return new WriteOutcome(false, true);
    }

    @Override
    public boolean deleteOne(Namespace namespace, Object id, Filter scope) {
        record("deleteOne", scope);
        Document existing = collection(namespace).get(id);
        return existing != null && matches(existing, scope) && collection(namespace).remove(id) != null;
    }

    @Override
    public Optional<Document> updateAndGet(Namespace namespace, Object id, Filter scope, Update update) {
        record("updateAndGet", scope);
        boolean matched = quietly(() -> updateOne(namespace, id, scope, update, false).matched());
        return matched ? stored(namespace, id) : Optional.empty();
    }

    @Override
    public boolean replaceIfUnchanged(Namespace namespace, Document current, Filter scope, Document replacement) {
        record("replaceIfUnchanged", scope);
        Object id = current.get(Document.ID);
        return current.equals(collection(namespace).get(id))
                && quietly(() -> replaceOne(namespace, id, scope, replacement, false).matched());
    }

    @Override
    public Optional<Document> updateIfUnchanged(Namespace namespace, Document current, Filter scope, Update update) {
        record("updateIfUnchanged", scope);
        Object id = current.get(Document.ID);
        return current.equals(collection(namespace).get(id))
                ? quietly(() -> updateAndGet(namespace, id, scope, update)) : Optional.empty();
    }

    @Override
    public boolean deleteIfUnchanged(Namespace namespace, Document current, Filter scope) {
        record("deleteIfUnchanged", scope);
        Object id = current.get(Document.ID);
        return current.equals(collection(namespace).get(id)) && quietly(() -> deleteOne(namespace, id, scope));
    }

    @Override
    public BulkUpdateOutcome updateMany(Namespace namespace, Filter filter, Update update) {
        record("updateMany", filter);
        List<Object> ids = collection(namespace).entrySet().stream().filter(e -> matches(e.getValue(), filter))
                .map(Map.Entry::getKey).toList();
        ids.forEach(id -> quietly(() -> updateOne(namespace, id, update, false)));
        return new BulkUpdateOutcome(ids.size(), ids.size());
    }

    @Override
    public long deleteMany(Namespace namespace, Filter filter) {
        record("deleteMany", filter);
        List<Object> ids = writable(namespace).entrySet().stream().filter(e -> matches(e.getValue(), filter))
                .map(Map.Entry::getKey).toList();
        ids.forEach(writable(namespace)::remove);
        return ids.size();
    }

    /** A write by id on a document outside the scope: no match, and an upsert's insert hits the existing id. */
    private static WriteOutcome outsideScope(boolean upsert) {
        if (upsert) {
            throw MangroveException.conflict("duplicate-key", "A document with this _id already exists");
        }
        return new WriteOutcome(false, false);
    }

    /**
     * Whether a document matches a filter: this fake evaluates conjunctions, disjunctions, equality and
     * inequality conditions, and expressions of plain field equalities (what the tests' scopes use).
     */
    static boolean matches(Document document, Filter filter) {
        return switch (filter) {
            case Filter.All all -> true;
            case Filter.And and -> and.filters().stream().allMatch(f -> matches(document, f));
            case Filter.Or or -> or.filters().stream().anyMatch(f -> matches(document, f));
            case Filter.Nor nor -> nor.filters().stream().noneMatch(f -> matches(document, f));
            case Filter.Condition c -> switch (c.op()) {
                case EQ -> java.util.Objects.equals(document.get(c.field()), c.value());
                case NE -> !java.util.Objects.equals(document.get(c.field()), c.value());
                default -> throw new UnsupportedOperationException("this fake compares with EQ and NE only");
            };
            case Filter.Expression e -> e.query().entrySet().stream().allMatch(entry -> {
                if (entry.getKey().startsWith("$") || entry.getValue() instanceof Map<?, ?>) {
                    throw new UnsupportedOperationException("this fake reads plain equalities only");
                }
                return java.util.Objects.equals(document.get(entry.getKey()), entry.getValue());
            });
        };
    }

    /** Runs a nested operation without recording its calls. */
    private <T> T quietly(java.util.function.Supplier<T> operation) {
        int size = calls.size();
        int recorded = filters.size();
        T result = operation.get();
        calls.subList(size, calls.size()).clear();
        filters.subList(recorded, filters.size()).clear();
        return result;
    }

    private Object insert(Namespace namespace, Document document) {
        Map<Object, Document> coll = writable(namespace);
        Document stored = copy(document);
        if (!stored.hasId()) {
            Map<String, Object> fields = new LinkedHashMap<>();
            fields.put(Document.ID, new ObjectIdValue(HexFormat.of().toHexDigits(nextId.getAndIncrement()) + "00000000"));
            fields.putAll(stored.fields());
            stored = new Document(fields);
        }
        Object id = stored.get(Document.ID);
        if (coll.containsKey(id)) {
            throw MangroveException.conflict("duplicate-key", "A document with this _id already exists");
        }
        coll.put(id, stored);
        return id;
    }

    private Map<Object, Document> collection(Namespace ns) {
        return collections.getOrDefault(ns, Map.of());
    }

    private Map<Object, Document> writable(Namespace ns) {
        return collections.computeIfAbsent(ns, k -> new LinkedHashMap<>());
    }

    @SuppressWarnings("unchecked")
    private static void apply(Map<String, Object> target, Update update, boolean inserting) {
        for (Map.Entry<String, Map<String, Object>> op : update.operators().entrySet()) {
            for (Map.Entry<String, Object> arg : op.getValue().entrySet()) {
                String[] path = arg.getKey().split("\\.");
                Map<String, Object> parent = target;
                for (int i = 0; i < path.length - 1; i++) {
                    parent = (Map<String, Object>) parent.computeIfAbsent(path[i], k -> new LinkedHashMap<>());
                }
                String leaf = path[path.length - 1];
                switch (op.getKey()) {
                    case "$set" -> parent.put(leaf, arg.getValue());
                    case "$setOnInsert" -> {
                        if (inserting) {
                            parent.put(leaf, arg.getValue());
                        }
                    }
                    case "$unset" -> parent.remove(leaf);
                    case "$inc" -> parent.merge(leaf, arg.getValue(),
                            (a, b) -> ((Number) a).longValue() + ((Number) b).longValue());
                    default -> throw new UnsupportedOperationException(op.getKey());
                }
            }
        }
    }

    private static Document project(Document document, Projection projection) {
        if (projection.isNone()) {
            return document;
        }
        Set<String> keep = projection.spec().keySet();
        Map<String, Object> fields = new LinkedHashMap<>();
        document.fields().forEach((k, v) -> {
            if (k.equals(Document.ID) || keep.contains(k)) {
                fields.put(k, v);
            }
        });
        return new Document(fields);
    }

    @SuppressWarnings("unchecked")
    private static Document copy(Document document) {
        Map<String, Object> fields = new LinkedHashMap<>();
        document.fields().forEach((k, v) -> fields.put(k, v instanceof Map<?, ?> m
                ? copy(new Document((Map<String, Object>) m)).fields() : v));
        return new Document(fields);
    }
}
