package dev.mangrove.plugin.dataapi;

import dev.mangrove.domain.document.Document;
import dev.mangrove.domain.error.ErrorKind;
import dev.mangrove.domain.error.MangroveException;
import dev.mangrove.domain.query.Filter;
import dev.mangrove.domain.query.Projection;
import dev.mangrove.domain.query.Query;
import dev.mangrove.domain.query.Sort;
import dev.mangrove.domain.resource.CollectionName;
import dev.mangrove.domain.resource.DatabaseName;
import dev.mangrove.domain.resource.Namespace;
import dev.mangrove.domain.resource.Verb;
import dev.mangrove.domain.security.DataScope;
import dev.mangrove.domain.security.Principal;
import dev.mangrove.plugin.spi.AccessControl;
import dev.mangrove.plugin.spi.Aggregations;
import dev.mangrove.plugin.spi.DocumentStream;
import dev.mangrove.plugin.spi.DocumentWrites;
import dev.mangrove.plugin.spi.Documents;
import dev.mangrove.plugin.spi.ExtensionRequest;
import dev.mangrove.plugin.spi.ExtensionResponse;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Serves the ten actions: checks the path, the body and its fields as the Atlas Data API v1 did, asks the
 * access-control list exactly as the equivalent REST request would be asked, and answers in the Data API's
 * shapes, canonical Extended JSON for {@code Accept: application/ejson} (docs/data-api.md).
 */
final class DataApi {
    /** The largest {@code limit} of {@code find} (and its default). */
    static final long DEFAULT_MAX_FIND_LIMIT = 50_000;
    private static final Set<String> VERSIONS = Set.of("v1", "beta");
    private static final String EJSON = "application/ejson";
    private final Optional<String> appId;
    private final Set<String> dataSources;
    private final long maxFindLimit;
    private final Documents documents;
    private final DocumentWrites writes;
    private final Aggregations aggregations;
    private final AccessControl access;

    DataApi(Optional<String> appId, Set<String> dataSources, long maxFindLimit, Documents documents,
            DocumentWrites writes, Aggregations aggregations, AccessControl access) {
        this.appId = Objects.requireNonNull(appId, "appId");
        this.dataSources = Set.copyOf(dataSources);
        this.maxFindLimit = maxFindLimit;
        this.documents = Objects.requireNonNull(documents, "documents");
        this.writes = Objects.requireNonNull(writes, "writes");
        this.aggregations = Objects.requireNonNull(aggregations, "aggregations");
        this.access = Objects.requireNonNull(access, "access");
    }

    /** {@code POST /app/{appId}/endpoint/data/{version}/action/{action}}. */
    ExtensionResponse handle(ExtensionRequest request) {
        List<String> path = request.rest();
        // app, {appId}, endpoint, data, {version}, action, {action}
        if (path.size() != 7 || !VERSIONS.contains(path.get(4)) || !path.get(5).equals("action")) {
            throw MangroveException.notFound(DataApiErrors.ACTION_NOT_FOUND, "No Data API endpoint at this path; use"
                    + " POST /app/{appId}/endpoint/data/v1/action/{action}");
        }
        if (appId.isPresent() && !appId.get().equals(path.get(1))) {
            throw MangroveException.notFound(DataApiErrors.APP_NOT_FOUND,
                    "cannot find app using Client App ID '" + path.get(1) + "'");
        }
        String action = path.get(6);
        Action known = Action.of(action).orElseThrow(() -> MangroveException.notFound(DataApiErrors.ACTION_NOT_FOUND,
                "Unknown action '" + action + "'; the actions are " + Action.names()));
        if (!(request.body() instanceof Document body)) {
            throw DataApiErrors.invalid(request.body() == null ? "The request has no body: send a JSON object"
                    : "The request body must be a JSON object");
        }
        Call call = new Call(body, namespace(body), request.principal(), wantsEjson(request));
        Object result = switch (known) {
            case FIND_ONE -> findOne(call);
            case FIND -> find(call);
            case INSERT_ONE -> insertOne(call);
            case INSERT_MANY -> insertMany(call);
            case UPDATE_ONE -> update(call, false);
            case UPDATE_MANY -> update(call, true);
            case REPLACE_ONE -> replaceOne(call);
            case DELETE_ONE -> delete(call, false);
            case DELETE_MANY -> delete(call, true);
            case AGGREGATE -> aggregate(call);
        };
        ExtensionResponse response = call.ejson
                ? ExtensionResponse.json(result, ExtensionResponse.JsonFormat.CANONICAL, EJSON)
                : ExtensionResponse.json(result, ExtensionResponse.JsonFormat.RELAXED, "application/json");
        return known == Action.INSERT_ONE || known == Action.INSERT_MANY ? response.withStatus(201) : response;
    }

    private Map<String, Object> findOne(Call call) {
        call.only("filter", "projection");
        DataScope scope = call.scope(access, Verb.GET, AccessControl.Target.COLLECTION, false);
        Filter filter = call.filter(false);
        Projection projection = call.projection();
        Map<String, Object> out = new LinkedHashMap<>();
        Optional<Object> byId = idOnly(filter);
        if (byId.isPresent()) {
            // the commonest findOne, by _id alone: a read by id, as GET /{db}/{coll}/{id}
            try {
                out.put("document", documents.findById(call.namespace, byId.get(), projection, scope).orElse(null));
            } catch (MangroveException e) {
                if (!missing(e)) {
                    throw e;
                }
                out.put("document", null);
            }
            return out;
        }
        Query query = new Query(filter, projection, new Sort(List.of()), 0, 1);
        try (DocumentStream found = documents.find(call.namespace, query, scope)) {
            out.put("document", found.hasNext() ? found.next() : null);
        } catch (MangroveException e) {
            if (!missing(e)) {
                throw e;
            }
            out.put("document", null);
        }
        return out;
    }

    /** The id of a filter that is {@code {"_id": <value>}} and nothing else (the value neither a document nor an array). */
    private static Optional<Object> idOnly(Filter filter) {
        if (filter instanceof Filter.Expression expression && expression.query().size() == 1) {
            Object id = expression.query().get(Document.ID);
            if (id != null && !(id instanceof Map<?, ?>) && !(id instanceof Document) && !(id instanceof List<?>)
                    && !(id instanceof dev.mangrove.domain.document.RegexValue)) {
                return Optional.of(id);
            }
        }
        return Optional.empty();
    }

    private Map<String, Object> find(Call call) {
        call.only("filter", "projection", "sort", "limit", "skip");
        DataScope scope = call.scope(access, Verb.GET, AccessControl.Target.COLLECTION, false);
        long limit = call.count("limit").orElse(maxFindLimit);
        if (limit > maxFindLimit) {
            throw DataApiErrors.invalid("'limit' must be at most " + maxFindLimit + "; page with 'skip' and 'limit'");
        }
        long skip = call.count("skip").orElse(0L);
        boolean bounded = call.body.get("limit") != null && limit > 0;
        // without a limit, one more than the most a response holds: more matches are an error, not a silent cut
        Query query = new Query(call.filter(false), call.projection(), call.sort(), skip, bounded ? limit
                : maxFindLimit + 1);
        List<Document> found = collect(() -> documents.find(call.namespace, query, scope));
        if (!bounded) {
            tooMany(found, "page through them with 'sort', 'skip' and 'limit'");
        }
        return Map.of("documents", found);
    }

    private Map<String, Object> aggregate(Call call) {
        call.only("pipeline");
        Object pipeline = call.body.get("pipeline");
        if (!(pipeline instanceof List<?>)) {
            throw DataApiErrors.invalid(pipeline == null ? "'pipeline' is required" : "'pipeline' must be an array of"
                    + " stages");
        }
        DataScope scope = call.scope(access, Verb.POST, AccessControl.Target.AGGREGATE, false);
        access.checkJoins(pipeline, call.namespace, call.principal, java.util.Set.of());
        List<Document> results = collect(() -> aggregations.aggregate(call.namespace, pipeline, Set.of(), 0,
                maxFindLimit + 1, scope));
        tooMany(results, "end the pipeline with a $limit, or page with $skip and $limit");
        return Map.of("documents", results);
    }

    private Map<String, Object> insertOne(Call call) {
        call.only("document");
        Document document = call.document("document");
        DataScope scope = call.scope(access, Verb.POST, AccessControl.Target.COLLECTION, false);
        return Map.of("insertedId", writes.insertOne(call.namespace, document, scope));
    }

    private Map<String, Object> insertMany(Call call) {
        call.only("documents");
        Object value = call.body.get("documents");
        if (!(value instanceof List<?> list) || list.isEmpty()) {
            throw DataApiErrors.invalid(value == null ? "'documents' is required"
                    : "'documents' must be a non-empty array of documents");
        }
        List<Document> batch = new ArrayList<>();
        for (int i = 0; i < list.size(); i++) {
            int index = i;
            batch.add(asDocument(list.get(i)).orElseThrow(() -> DataApiErrors.invalid(
                    "'documents' must hold documents; element " + index + " is not one")));
        }
        DataScope scope = call.scope(access, Verb.POST, AccessControl.Target.COLLECTION, false);
        return Map.of("insertedIds", writes.insertMany(call.namespace, batch, scope));
    }

    private Map<String, Object> update(Call call, boolean many) {
        call.only("filter", "update", "upsert");
        Filter filter = call.filter(true);
        Object raw = call.body.get("update");
        Object update = raw instanceof List<?> ? raw : asDocument(raw).orElse(null);
        if (update == null) {
            throw DataApiErrors.invalid(raw == null ? "'update' is required"
                    : "'update' must be a document of update operators or a pipeline");
        }
        boolean upsert = call.flag("upsert");
        DataScope scope = call.scope(access, Verb.PATCH, many ? AccessControl.Target.DOCUMENTS
                : AccessControl.Target.DOCUMENT, upsert);
        return counts(many ? writes.updateMany(call.namespace, filter, update, upsert, scope)
                : writes.updateOne(call.namespace, filter, update, upsert, scope));
    }

    private Map<String, Object> replaceOne(Call call) {
        call.only("filter", "replacement", "upsert");
        Filter filter = call.filter(true);
        Document replacement = call.document("replacement");
        if (replacement.fields().keySet().stream().anyMatch(k -> k.startsWith("$"))) {
            throw DataApiErrors.invalid("'replacement' is a whole document; it must not contain update operators");
        }
        boolean upsert = call.flag("upsert");
        DataScope scope = call.scope(access, Verb.PUT, AccessControl.Target.DOCUMENT, upsert);
        return counts(writes.replaceOne(call.namespace, filter, replacement, upsert, scope));
    }

    private Map<String, Object> delete(Call call, boolean many) {
        call.only("filter");
        Filter filter = call.filter(true);
        DataScope scope = call.scope(access, Verb.DELETE, many ? AccessControl.Target.DOCUMENTS
                : AccessControl.Target.DOCUMENT, false);
        return Map.of("deletedCount", many ? writes.deleteMany(call.namespace, filter, scope)
                : writes.deleteOne(call.namespace, filter, scope));
    }

    private void tooMany(List<Document> results, String advice) {
        if (results.size() > maxFindLimit) {
            throw DataApiErrors.invalid("More than " + maxFindLimit + " documents match, more than one response"
                    + " holds; " + advice);
        }
    }

    /** A JSON object of the body as a document: nested objects are parsed as maps. */
    static Optional<Document> asDocument(Object value) {
        if (value instanceof Document document) {
            return Optional.of(document);
        }
        if (value instanceof Map<?, ?> map && map.keySet().stream().allMatch(String.class::isInstance)) {
            Map<String, Object> fields = new LinkedHashMap<>();
            map.forEach((k, v) -> fields.put((String) k, v));
            return Optional.of(new Document(fields));
        }
        return Optional.empty();
    }

    private static Map<String, Object> counts(DocumentWrites.UpdateOutcome outcome) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("matchedCount", outcome.matchedCount());
        out.put("modifiedCount", outcome.modifiedCount());
        outcome.upsertedId().ifPresent(id -> out.put("upsertedId", id));
        return out;
    }

    private static List<Document> collect(java.util.function.Supplier<DocumentStream> open) {
        List<Document> out = new ArrayList<>();
        try (DocumentStream stream = open.get()) {
            stream.forEachRemaining(out::add);
        } catch (MangroveException e) {
            if (!missing(e)) {
                throw e;
            }
        }
        return out;
    }

    /** A read of a collection or database that does not exist finds nothing, as on Atlas. */
    private static boolean missing(MangroveException e) {
        return e.kind() == ErrorKind.NOT_FOUND
                && ("collection-not-found".equals(e.code()) || "database-not-found".equals(e.code()));
    }

    private Namespace namespace(Document body) {
        String source = text(body, "dataSource");
        if (!dataSources.isEmpty() && !dataSources.contains(source)) {
            throw MangroveException.notFound(DataApiErrors.SERVICE_NOT_FOUND, "service not found: '" + source + "'");
        }
        String database = text(body, "database");
        String collection = text(body, "collection");
        try {
            return new Namespace(new DatabaseName(database), new CollectionName(collection));
        } catch (MangroveException e) {
            throw DataApiErrors.invalid(e.detail());
        } catch (IllegalArgumentException e) {
            throw DataApiErrors.invalid("invalid namespace '" + database + "." + collection + "'");
        }
    }

    private static String text(Document body, String field) {
        Object value = body.get(field);
        if (value == null) {
            throw DataApiErrors.invalid("'" + field + "' is required");
        }
        if (!(value instanceof String text) || text.isEmpty()) {
            throw DataApiErrors.invalid("'" + field + "' must be a non-empty string");
        }
        return text;
    }

    /** Canonical Extended JSON when the client accepts {@code application/ejson}; relaxed for JSON. */
    private static boolean wantsEjson(ExtensionRequest request) {
        return request.header("Accept").map(a -> a.toLowerCase(Locale.ROOT).contains(EJSON)).orElse(false);
    }

    /** One action's call: its body, namespace and caller. */
    private record Call(Document body, Namespace namespace, Optional<Principal> principal, boolean ejson) {
        private static final Set<String> COMMON = Set.of("dataSource", "database", "collection");

        /** Refuses fields the action does not take. */
        void only(String... fields) {
            Set<String> allowed = Set.of(fields);
            for (String field : body.fields().keySet()) {
                if (!COMMON.contains(field) && !allowed.contains(field)) {
                    throw DataApiErrors.invalid("Unknown field '" + field + "' for this action; it takes "
                            + String.join(", ", fields));
                }
            }
        }

        /** The caller's scope for the equivalent REST request; 401 (anonymous) or 403 when refused. */
        DataScope scope(AccessControl access, Verb verb, AccessControl.Target target, boolean upsert) {
            if (principal.isEmpty()) {
                return DataScope.UNRESTRICTED; // security off
            }
            Principal caller = principal.get();
            return access.scope(caller, verb, namespace, target, upsert).orElseThrow(() -> caller.isAnonymous()
                    ? MangroveException.of(ErrorKind.UNAUTHORIZED, "unauthenticated",
                    "no authentication methods were specified")
                    : MangroveException.forbidden("forbidden", "no rule allows this action on "
                    + namespace.database().value() + "." + namespace.collection().value()
                    + (upsert ? " with upsert" : "")));
        }

        Filter filter(boolean required) {
            Object value = body.get("filter");
            if (value == null) {
                if (required) {
                    throw DataApiErrors.invalid("'filter' is required");
                }
                return Filter.ALL;
            }
            Document filter = asDocument(value).orElseThrow(() -> DataApiErrors.invalid("'filter' must be a document"));
            return filter.fields().isEmpty() ? Filter.ALL : new Filter.Expression(filter.fields());
        }

        Projection projection() {
            Object value = body.get("projection");
            if (value == null) {
                return Projection.none();
            }
            Document projection = asDocument(value).orElseThrow(() ->
                    DataApiErrors.invalid("'projection' must be a document"));
            return projection.fields().isEmpty() ? Projection.none() : new Projection(projection.fields());
        }

        Sort sort() {
            Object value = body.get("sort");
            if (value == null) {
                return new Sort(List.of());
            }
            Document sort = asDocument(value).orElseThrow(() ->
                    DataApiErrors.invalid("'sort' must be a document of fields and 1 or -1"));
            List<Sort.Key> keys = new ArrayList<>();
            sort.fields().forEach((field, direction) -> {
                if (!(direction instanceof Number n) || (n.doubleValue() != 1 && n.doubleValue() != -1)) {
                    throw DataApiErrors.invalid("'sort' must be a document of fields and 1 or -1; '" + field + "' is not");
                }
                keys.add(new Sort.Key(field, n.doubleValue() == 1));
            });
            return new Sort(keys);
        }

        Document document(String field) {
            Object value = body.get(field);
            return asDocument(value).orElseThrow(() -> DataApiErrors.invalid(value == null
                    ? "'" + field + "' is required" : "'" + field + "' must be a document"));
        }

        Optional<Long> count(String field) {
            Object value = body.get(field);
            if (value == null) {
                return Optional.empty();
            }
            if (!(value instanceof Number n) || n.doubleValue() < 0 || n.doubleValue() != Math.floor(n.doubleValue())
                    || n.doubleValue() > Long.MAX_VALUE) {
                throw DataApiErrors.invalid("'" + field + "' must be a whole number of at least 0");
            }
            return Optional.of(n.longValue());
        }

        boolean flag(String field) {
            Object value = body.get(field);
            if (value == null) {
                return false;
            }
            if (!(value instanceof Boolean flag)) {
                throw DataApiErrors.invalid("'" + field + "' must be true or false");
            }
            return flag;
        }
    }

    /** The ten actions. */
    private enum Action {
        FIND_ONE("findOne"), FIND("find"), INSERT_ONE("insertOne"), INSERT_MANY("insertMany"),
        UPDATE_ONE("updateOne"), UPDATE_MANY("updateMany"), REPLACE_ONE("replaceOne"), DELETE_ONE("deleteOne"),
        DELETE_MANY("deleteMany"), AGGREGATE("aggregate");

        private final String wire;

        Action(String wire) {
            this.wire = wire;
        }

        static Optional<Action> of(String name) {
            for (Action action : values()) {
                if (action.wire.equals(name)) {
                    return Optional.of(action);
                }
            }
            return Optional.empty();
        }

        static String names() {
            return String.join(", ", java.util.Arrays.stream(values()).map(a -> a.wire).toList());
        }
    }
}
