package dev.mangrove.plugin.embedding;

import dev.mangrove.plugin.spi.AccessControl;
import dev.mangrove.plugin.spi.DocumentStream;
import dev.mangrove.plugin.spi.Documents;
import dev.mangrove.plugin.spi.InterceptedRequest;
import dev.mangrove.plugin.spi.InterceptedResponse;
import dev.mangrove.domain.document.Document;
import dev.mangrove.domain.error.MangroveException;
import dev.mangrove.domain.query.Filter;
import dev.mangrove.domain.query.Query;
import dev.mangrove.domain.query.Sort;
import dev.mangrove.domain.resource.CollectionName;
import dev.mangrove.domain.resource.DatabaseName;
import dev.mangrove.domain.resource.Mount;
import dev.mangrove.domain.resource.Namespace;
import dev.mangrove.domain.resource.PathSegments;
import dev.mangrove.domain.resource.ResolvedResource;
import dev.mangrove.domain.resource.ResourceKind;
import dev.mangrove.domain.resource.Verb;
import dev.mangrove.domain.security.DataScope;
import dev.mangrove.plugin.spi.Interceptor;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Replaces the DBRefs ({@code {"$ref": coll, "$id": id, "$db"?: db}}) in the fields named by {@code embedded}
 * (dotted paths; a DBRef or an array of them) with the referenced documents of the same database (a DBRef
 * whose {@code $db} names another database, or naming a reserved collection, stays as it is): one {@code $in} query per
 * referenced collection per response, dangling references become {@code null}. With security on, each
 * referenced collection is checked as a GET of {@code /{db}/{coll}} for the caller: denied → the reference
 * stays as it is; allowed → the permission's readFilter and projectResponse apply.
 */
final class EmbeddingInterceptor implements Interceptor {
    static final String PARAMETER = "embedded";
    private static final Set<String> DBREF_KEYS = Set.of("$ref", "$id", "$db");
    /** The values of {@code pagination} that switch paging off (as the collection query parser reads them). */
    private static final Set<String> UNPAGED = Set.of("false", "0", "no");
    /** A mount serving every database at its own name: the shape of the path the ACL is asked about. */
    /** The most distinct references one response resolves unless {@code max-references} says otherwise. */
    static final int MAX_REFERENCES = 1000;
    private final Documents documents;
    private final AccessControl access;
    private final int maxReferences;

    EmbeddingInterceptor(Documents documents, AccessControl access) {
        this(documents, access, MAX_REFERENCES);
    }

    EmbeddingInterceptor(Documents documents, AccessControl access, int maxReferences) {
        this.documents = Objects.requireNonNull(documents, "documents");
        this.access = Objects.requireNonNull(access, "access");
        if (maxReferences < 1) {
            throw new IllegalArgumentException("max-references must be at least 1, got " + maxReferences);
        }
        this.maxReferences = maxReferences;
    }

    @Override
    public String name() {
        return "embedding";
    }

    /** Only requests that ask for it ({@code embedded=}): every other request skips the interceptors. */
    @Override
    public boolean appliesTo(ResourceKind kind, Set<String> parameterNames) {
        return parameterNames.contains(PARAMETER);
    }

    @Override
    public InterceptedRequest before(InterceptedRequest request) {
        if (request.parameters().containsKey(PARAMETER)) {
            boolean read = request.verb() == Verb.GET || request.verb() == Verb.HEAD;
            if (!read || (request.kind() != ResourceKind.DOCUMENT && request.kind() != ResourceKind.COLLECTION)) {
                throw MangroveException.badRequest("invalid-parameter",
                        "Parameter 'embedded' applies only to GET of a document or a collection");
            }
            fields(request);
            if (request.kind() == ResourceKind.COLLECTION && request.parameter("pagination")
                    .map(v -> UNPAGED.contains(v.trim().toLowerCase(Locale.ROOT))).orElse(false)) {
                // a pagination=false read streams from the cursor past the interceptors: refuse rather than
                // silently answering the references unembedded
                throw MangroveException.badRequest("invalid-parameter", "Parameter 'embedded' cannot be combined "
                        + "with pagination=false: streamed results are not embedded; read the collection in pages "
                        + "(page, pagesize) instead");
            }
        }
        return request;
    }

    @Override
    public InterceptedResponse after(InterceptedRequest request, InterceptedResponse response) {
        if (!request.parameters().containsKey(PARAMETER) || response.documents().isEmpty() || response.status() >= 300
                || request.database() == null) {
            return response;
        }
        List<String> fields = fields(request);
        List<Document> documents = response.documents().get();
        // 1. every reference in the named fields, grouped by the collection it points into
        Map<Namespace, Set<Object>> ids = new LinkedHashMap<>();
        for (Document document : documents) {
            for (String field : fields) {
                collect(document.fields(), field.split("\\."), 0, request.database(), ids);
            }
        }
        if (ids.isEmpty()) {
            return response;
        }
        int references = ids.values().stream().mapToInt(Set::size).sum();
        if (references > maxReferences) {
            throw MangroveException.badRequest("too-many-references", "This page holds " + references
                    + " references to embed, more than the " + maxReferences + " one request may resolve"
                    + " (mangrove.plugins.embedding.max-references); ask for a smaller page (pagesize) or fewer fields");
        }
        // 2. one $in query per collection the caller may read
        Map<Namespace, Map<Object, Document>> found = new LinkedHashMap<>();
        for (Map.Entry<Namespace, Set<Object>> entry : ids.entrySet()) {
            scope(request, entry.getKey()).ifPresent(scope ->
                    found.put(entry.getKey(), fetch(entry.getKey(), entry.getValue(), scope)));
        }
        // 3. the documents with their references replaced
        List<Document> out = new ArrayList<>(documents.size());
        for (Document document : documents) {
            Map<String, Object> fieldsOut = document.fields();
            for (String field : fields) {
                fieldsOut = castMap(replace(fieldsOut, field.split("\\."), 0, request.database(), found));
            }
            out.add(new Document(fieldsOut));
        }
        return response.withDocuments(out);
    }

    /** The fields named by {@code embedded}; a 400 when the list is malformed. */
    static List<String> fields(InterceptedRequest request) {
        List<String> fields = new ArrayList<>();
        for (String value : request.parameters().getOrDefault(PARAMETER, List.of())) {
            for (String field : value.split(",", -1)) {
                String name = field.trim();
                if (name.isEmpty() || name.startsWith("$") || name.startsWith(".") || name.endsWith(".")
                        || name.contains("..") || name.contains("$")) {
                    throw MangroveException.badRequest("invalid-parameter", "Parameter 'embedded' must list field "
                            + "paths, such as embedded=owner,tags; got '" + value + "'");
                }
                fields.add(name);
            }
        }
        if (fields.isEmpty()) {
            throw MangroveException.badRequest("invalid-parameter",
                    "Parameter 'embedded' must list field paths, such as embedded=owner,tags");
        }
        return fields;
    }

    /** The data scope to read {@code target} with, or empty when the caller may not read it. */
    private Optional<DataScope> scope(InterceptedRequest request, Namespace target) {
        if (request.principal().isEmpty()) {
            return Optional.of(DataScope.UNRESTRICTED);
        }
        // asked as a direct read of the collection, so the ACL's guards of protected collections (the users
        // collection's hashes, the ACL collection) apply to embedded documents as to a direct read
        return access.readScope(request.principal().get(), target);
    }

    private Map<Object, Document> fetch(Namespace namespace, Set<Object> ids, DataScope scope) {
        Filter filter = Filter.and(List.of(new Filter.Condition(Document.ID, Filter.Operator.IN, new ArrayList<>(ids)),
                scope.readFilter()));
        Map<Object, Document> byId = new LinkedHashMap<>();
        try (DocumentStream cursor = documents.find(namespace, new Query(filter,
                scope.projectResponse(), new Sort(List.of()), 0, Query.UNLIMITED), DataScope.UNRESTRICTED)) {
            while (cursor.hasNext()) {
                Document document = cursor.next();
                byId.put(key(document.get(Document.ID)), document);
            }
        }
        return byId;
    }

    private static void collect(Object value, String[] path, int index, DatabaseName database,
                                Map<Namespace, Set<Object>> ids) {
        if (index == path.length) {
            if (value instanceof List<?> list) {
                list.forEach(element -> collect(element, path, index, database, ids));
            } else {
                reference(value, database).ifPresent(ref ->
                        ids.computeIfAbsent(ref.namespace(), k -> new LinkedHashSet<>()).add(ref.id()));
            }
            return;
        }
        if (value instanceof Map<?, ?> map) {
            if (map.containsKey(path[index])) {
                collect(map.get(path[index]), path, index + 1, database, ids);
            }
        } else if (value instanceof List<?> list) {
            list.forEach(element -> collect(element, path, index, database, ids));
        }
    }

    private static Object replace(Object value, String[] path, int index, DatabaseName database,
                                  Map<Namespace, Map<Object, Document>> found) {
        if (index == path.length) {
            if (value instanceof List<?> list) {
                List<Object> out = new ArrayList<>(list.size());
                list.forEach(element -> out.add(replace(element, path, index, database, found)));
                return out;
            }
            Optional<Reference> ref = reference(value, database);
            if (ref.isEmpty() || !found.containsKey(ref.get().namespace())) {
                return value;
            }
            Document target = found.get(ref.get().namespace()).get(key(ref.get().id()));
            return target == null ? null : target.fields();
        }
        if (value instanceof Map<?, ?> map) {
            if (!map.containsKey(path[index])) {
                return value;
            }
            Map<String, Object> out = new LinkedHashMap<>();
            map.forEach((k, v) -> out.put(String.valueOf(k), k.equals(path[index])
                    ? replace(v, path, index + 1, database, found) : v));
            return out;
        }
        if (value instanceof List<?> list) {
            List<Object> out = new ArrayList<>(list.size());
            list.forEach(element -> out.add(replace(element, path, index, database, found)));
            return out;
        }
        return value;
    }

    /** A DBRef as the domain holds it after decoding: a map of {@code $ref}, {@code $id} and maybe {@code $db}. */
    static Optional<Reference> reference(Object value, DatabaseName database) {
        if (!(value instanceof Map<?, ?> map) || !(map.get("$ref") instanceof String coll) || !map.containsKey("$id")
                || !DBREF_KEYS.containsAll(map.keySet())) {
            return Optional.empty();
        }
        Object db = map.get("$db");
        if (db != null && !(db instanceof String)) {
            return Optional.empty();
        }
        // only the request's own database: a $db elsewhere could reach databases the mounts do not expose
        if (db != null && !db.equals(database.value()) || !CollectionName.isUserCollection(coll)) {
            return Optional.empty();
        }
        try {
            return Optional.of(new Reference(new Namespace(database, new CollectionName(coll)), map.get("$id")));
        } catch (RuntimeException e) {
            return Optional.empty(); // not a name Mangrove could read: left as it is
        }
    }

    /** Ids compare by value: an int32 and an int64 of the same number are the same id. */
    private static Object key(Object id) {
        if (id instanceof Integer || id instanceof Long || id instanceof Short || id instanceof Byte) {
            return ((Number) id).longValue();
        }
        return id instanceof Document d ? d.fields() : id;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> castMap(Object value) {
        return (Map<String, Object>) value;
    }

    /** One reference: the collection and the id it points at. */
    record Reference(Namespace namespace, Object id) {
    }
}
