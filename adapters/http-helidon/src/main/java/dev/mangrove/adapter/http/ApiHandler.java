package dev.mangrove.adapter.http;

import dev.mangrove.adapter.http.json.ExtendedJson;
import dev.mangrove.adapter.http.json.JsonMode;
import dev.mangrove.adapter.http.query.CollectionQueryParser;
import dev.mangrove.domain.query.QueryParameters;
import dev.mangrove.domain.query.OperatorPolicy;
import dev.mangrove.application.port.in.DeleteDocumentCommand;
import dev.mangrove.application.port.in.ExtensionUseCase;
import dev.mangrove.application.port.in.InterceptorChain;
import dev.mangrove.application.port.in.DeleteDocumentsCommand;
import dev.mangrove.application.port.in.UpdateDocumentsCommand;
import dev.mangrove.application.port.out.BulkUpdateOutcome;
import dev.mangrove.domain.document.ETag;
import dev.mangrove.domain.query.Filter;
import dev.mangrove.domain.write.Precondition;
import dev.mangrove.application.port.in.GetDocumentQuery;
import dev.mangrove.application.port.in.InsertDocumentCommand;
import dev.mangrove.application.port.in.InsertDocumentsCommand;
import dev.mangrove.application.port.in.PatchDocumentCommand;
import dev.mangrove.application.port.in.ReplaceDocumentCommand;
import dev.mangrove.application.port.in.SavedDocument;
import dev.mangrove.application.port.in.WriteResult;
import dev.mangrove.application.port.out.BulkInsertOutcome;
import dev.mangrove.domain.document.Document;
import dev.mangrove.domain.document.IdType;
import dev.mangrove.domain.error.ErrorDetail;
import dev.mangrove.domain.error.ErrorKind;
import dev.mangrove.domain.error.MangroveException;
import dev.mangrove.domain.query.Projection;
import dev.mangrove.domain.resource.DatabaseName;
import dev.mangrove.domain.resource.MountTable;
import dev.mangrove.domain.resource.PathSegments;
import dev.mangrove.domain.resource.ResolvedResource;
import dev.mangrove.domain.resource.Verb;
import dev.mangrove.domain.security.DataScope;
import dev.mangrove.domain.write.Update;
import dev.mangrove.domain.write.WriteMode;
import io.helidon.http.HeaderNames;
import io.helidon.http.Status;
import io.helidon.webserver.http.Handler;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;

import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/** Resolves every API path against the mounts and dispatches it to the use cases (SPEC §2, §4, §5.1–§5.3). */
final class ApiHandler implements Handler {
    static final String JSON = "application/json";
    private static final Set<Verb> READ_ONLY = EnumSet.of(Verb.GET, Verb.HEAD, Verb.OPTIONS);
    private static final Set<Verb> COLLECTION_VERBS = EnumSet.of(Verb.GET, Verb.HEAD, Verb.POST, Verb.PUT, Verb.PATCH,
            Verb.DELETE, Verb.OPTIONS);
    private static final Set<Verb> DATABASE_VERBS = EnumSet.of(Verb.GET, Verb.HEAD, Verb.PUT, Verb.PATCH, Verb.POST,
            Verb.DELETE, Verb.OPTIONS);
    private static final Set<Verb> INDEX_VERBS = EnumSet.of(Verb.PUT, Verb.DELETE, Verb.OPTIONS);
    private static final Set<Verb> SCHEMAS_VERBS = EnumSet.of(Verb.GET, Verb.HEAD, Verb.POST, Verb.PUT, Verb.OPTIONS);
    private static final Set<Verb> SCHEMA_VERBS = EnumSet.of(Verb.GET, Verb.HEAD, Verb.PUT, Verb.DELETE, Verb.OPTIONS);
    private static final Set<Verb> BULK_VERBS = EnumSet.of(Verb.PATCH, Verb.DELETE, Verb.OPTIONS);
    private static final Set<Verb> DOCUMENT_VERBS = EnumSet.of(Verb.GET, Verb.HEAD, Verb.PUT, Verb.PATCH, Verb.DELETE,
            Verb.OPTIONS);

    private final MountTable mounts;
    private final UseCases useCases;
    private final HttpSettings settings;
    private final ExtendedJson json;
    private final Bodies bodies;
    private final Problems problems;
    private final CollectionReader reader;
    private final ExtensionEndpoints extensions;
    private final CollectionQueryParser parser;
    private final ManagementEndpoints management;
    private final InterceptorChain interceptors;

    ApiHandler(MountTable mounts, UseCases useCases, HttpSettings settings, ExtendedJson json, Problems problems,
               ExtensionUseCase extensionUseCase) {
        this(mounts, useCases, settings, json, problems, extensionUseCase, InterceptorChain.NONE);
    }

    ApiHandler(MountTable mounts, UseCases useCases, HttpSettings settings, ExtendedJson json, Problems problems,
               ExtensionUseCase extensionUseCase, InterceptorChain interceptors) {
        this.interceptors = Objects.requireNonNull(interceptors, "interceptors");
        this.mounts = Objects.requireNonNull(mounts, "mounts");
        this.useCases = Objects.requireNonNull(useCases, "useCases");
        this.settings = Objects.requireNonNull(settings, "settings");
        this.json = Objects.requireNonNull(json, "json");
        this.problems = Objects.requireNonNull(problems, "problems");
        this.bodies = new Bodies(json, settings.maxBodyBytes());
        this.parser = CollectionQueryParser.create(json, OperatorPolicy.create(settings.deniedOperators()),
                settings.defaultPageSize(), settings.maxPageSize());
        this.reader = new CollectionReader(useCases.find(), parser, json);
        this.extensions = new ExtensionEndpoints(extensionUseCase, json, parser);
        this.management = new ManagementEndpoints(useCases.manageCatalog(), useCases.indexes(), useCases.schemas(), json,
                bodies);
    }

    @Override
    public void handle(ServerRequest req, ServerResponse original) {
        RequestInfo info = RequestInfo.of(req);
        ServerResponse res = original;
        try {
            ResolvedResource resource = mounts.resolve(req.prologue().uriPath().rawPath())
                    .orElseThrow(() -> MangroveException.notFound("resource-not-found", "Nothing is served at this path"));
            info.route(Routes.template(resource));
            Verb verb = Verb.of(req.prologue().method().text()).orElseThrow(() -> MangroveException.of(
                    ErrorKind.METHOD_NOT_ALLOWED, "method-not-allowed", "Unsupported method"));
            if (!interceptors.isEmpty()) {
                Interception interception = Interception.create(interceptors, req, original, resource, verb);
                res = new InterceptingResponse(original, interception);
                interception.before(req);
            }
            Params params = new Params(req.query());
            JsonMode mode = JsonMode.parse(params.first("jsonMode").orElse(null));
            Exchange exchange = new Exchange(req, res, resource, params, verb, mode, params.flag("pretty"));
            dispatch(exchange);
        } catch (RuntimeException e) {
            problems.send(req, res, e);
        }
    }

    private void dispatch(Exchange x) {
        switch (x.resource.kind()) {
            case ROOT -> {
                if (!answeredOptions(x, READ_ONLY)) {
                    sendNames(x, pageOf(x, useCases.catalog().databases()));
                }
            }
            case DATABASE -> {
                if (!answeredOptions(x, DATABASE_VERBS)) {
                    if (x.verb == Verb.GET || x.verb == Verb.HEAD) {
                        List<String> names = useCases.catalog().collections(x.resource.database());
                        // RESTHeart: the listing carries the ETag of its _meta, for a drop with If-Match
                        x.res.header(HeaderNames.ETAG, ETag.of(useCases.manageCatalog()
                                .databaseMetadata(x.resource.database())).quoted());
                        sendNames(x, pageOf(x, names));
                    } else {
                        management.database(call(x));
                    }
                }
            }
            case DATABASE_META -> {
                if (!answeredOptions(x, READ_ONLY)) {
                    management.databaseMeta(call(x));
                }
            }
            case COLLECTION_META -> {
                if (!answeredOptions(x, READ_ONLY)) {
                    management.collectionMeta(call(x));
                }
            }
            case INDEXES -> {
                if (!answeredOptions(x, READ_ONLY)) {
                    management.indexes(call(x));
                }
            }
            case INDEX -> {
                if (!answeredOptions(x, INDEX_VERBS)) {
                    management.index(call(x));
                }
            }
            case SCHEMAS -> {
                if (!answeredOptions(x, SCHEMAS_VERBS)) {
                    management.schemas(call(x));
                }
            }
            case SCHEMA -> {
                if (!answeredOptions(x, SCHEMA_VERBS)) {
                    management.schema(call(x));
                }
            }
            case DATABASE_SIZE -> {
                if (!answeredOptions(x, READ_ONLY)) {
                    sendSize(x, useCases.catalog().collections(x.resource.database()).size());
                }
            }
            case COLLECTION -> {
                if (answeredOptions(x, COLLECTION_VERBS)) {
                    return;
                }
                if (x.verb == Verb.PUT || (x.verb == Verb.DELETE && filterParams(x).isEmpty())) {
                    management.collection(call(x));
                } else if (x.verb == Verb.POST) {
                    insert(x);
                } else if (x.verb == Verb.PATCH) {
                    bulkPatch(x);
                } else if (x.verb == Verb.DELETE) {
                    bulkDelete(x);
                } else {
                    // RESTHeart: the documents carry the ETag of the collection's _meta, for a drop with If-Match
                    x.res.header(HeaderNames.ETAG, ETag.of(useCases.manageCatalog()
                            .collectionMetadata(x.resource.namespace())).quoted());
                    Representation rep = Representation.choose(x.params.first("rep"),
                            x.params.has("hateoas") ? Optional.of(x.params.flag("hateoas")) : Optional.empty(),
                            x.req.headers().acceptedTypes());
                    reader.read(x.req, x.res, x.resource, x.mode, x.pretty, rep, scope(x));
                }
            }
            case BULK_DOCUMENTS -> {
                if (!answeredOptions(x, BULK_VERBS)) {
                    if (x.verb == Verb.PATCH) {
                        bulkPatch(x);
                    } else {
                        bulkDelete(x);
                    }
                }
            }
            case COLLECTION_SIZE -> {
                if (!answeredOptions(x, READ_ONLY)) {
                    reader.size(x.req, x.res, x.resource, x.pretty, scope(x));
                }
            }
            case DOCUMENT -> {
                if (answeredOptions(x, DOCUMENT_VERBS)) {
                    return;
                }
                switch (x.verb) {
                    case PUT -> replace(x);
                    case PATCH -> patch(x);
                    case DELETE -> delete(x);
                    default -> getDocument(x);
                }
            }
            case ROOT_EXTENSION, DATABASE_EXTENSION, COLLECTION_EXTENSION, DISTINCT, AGGREGATE, AGGREGATION ->
                    extensions.serve(x.req, x.res, x.resource, x.verb, x.pretty, x.mode, bodies);
            default -> throw MangroveException.of(ErrorKind.NOT_IMPLEMENTED, "not-implemented",
                    "This resource is not available on this server yet");
        }
    }

    /** Checks the verb against what the resource supports and the mount allows; answers OPTIONS itself. */
    private static boolean answeredOptions(Exchange x, Set<Verb> supported) {
        x.resource.checkVerb(x.verb, supported);
        if (x.verb != Verb.OPTIONS) {
            return false;
        }
        x.res.header(HeaderNames.ALLOW, x.resource.allowHeader(supported));
        x.res.status(Status.NO_CONTENT_204).send();
        return true;
    }

    /** The page of names {@code page}/{@code pagesize} ask for; all of them without either. */
    private List<String> pageOf(Exchange x, List<String> names) {
        return parser.namesPage(x.req.query().toMap()).map(page -> {
            long from = Math.min(page.skip(), names.size());
            return names.subList((int) from, (int) Math.min(from + page.size(), names.size()));
        }).orElse(names);
    }

    private void sendNames(Exchange x, List<String> names) {
        writeJson(x, Status.OK_200, g -> {
            g.writeStartArray();
            for (String name : names) {
                g.writeString(name);
            }
            g.writeEndArray();
        });
    }

    private void sendSize(Exchange x, long size) {
        writeJson(x, Status.OK_200, g -> {
            g.writeStartObject();
            g.writeNumberField("_size", size);
            g.writeEndObject();
        });
    }

    private void getDocument(Exchange x) {
        Document stored = useCases.get().get(new GetDocumentQuery(x.resource.namespace(), documentId(x),
                parser.projection(x.req.query().toMap()), scope(x)));
        ETag etag = ETag.of(stored);
        x.res.header(HeaderNames.ETAG, etag.quoted());
        Optional<String> ifNoneMatch = x.req.headers().first(HeaderNames.IF_NONE_MATCH);
        if (ifNoneMatch.isPresent() && etag.matchesHeader(ifNoneMatch.get())) {
            x.res.status(Status.NOT_MODIFIED_304).send();
            return;
        }
        List<Document> intercepted = Interception.documents(x.req, Status.OK_200.code(), List.of(stored));
        Document document = intercepted.size() == 1 ? intercepted.get(0) : stored;
        sendDocument(x, Status.OK_200, document);
    }

    private void insert(Exchange x) {
        WriteMode wm = WriteMode.parse(x.params.first("wm").orElse(null), WriteMode.INSERT);
        Object body = bodies.read(x.req);
        if (body instanceof Document document) {
            SavedDocument saved = useCases.insert().save(new InsertDocumentCommand(x.resource.namespace(), document,
                    scope(x), wm));
            Object id = saved.id();
            location(x, id);
            writeJson(x, saved.created() ? Status.CREATED_201 : Status.OK_200, g -> {
                g.writeStartObject();
                g.writeFieldName("_id");
                json.write(g, id, mode(x));
                g.writeEndObject();
            });
        } else if (body instanceof List<?> elements) {
            BulkInsertOutcome outcome = useCases.insert().insertAll(
                    InsertDocumentsCommand.of(x.resource.namespace(), elements, scope(x), wm));
            Status status = !outcome.errors().isEmpty() ? Status.create(207, "Multi-Status")
                    : outcome.insertedIds().isEmpty() && wm != WriteMode.INSERT ? Status.OK_200 : Status.CREATED_201;
            writeJson(x, status, g -> {
                g.writeStartObject();
                g.writeNumberField("insertedCount", outcome.insertedIds().size());
                g.writeArrayFieldStart("insertedIds");
                for (Object id : outcome.insertedIds()) {
                    json.write(g, id, mode(x));
                }
                g.writeEndArray();
                if (wm != WriteMode.INSERT) {
                    g.writeNumberField("matchedCount", outcome.matchedCount());
                }
                if (!outcome.errors().isEmpty()) {
                    g.writeArrayFieldStart("errors");
                    for (ErrorDetail error : outcome.errors()) {
                        Problems.writeError(g, error);
                    }
                    g.writeEndArray();
                }
                g.writeEndObject();
            });
        } else {
            throw MangroveException.badRequest("invalid-body", "POST a JSON object or an array of JSON objects");
        }
    }

    private void replace(Exchange x) {
        Object id = documentId(x);
        Document body = bodies.readDocument(x.req);
        WriteMode fallback = x.params.flag("force") ? WriteMode.UPSERT : WriteMode.UPDATE;
        WriteMode mode = WriteMode.parse(x.params.first("wm").orElse(null), fallback);
        WriteResult result = useCases.write().replace(new ReplaceDocumentCommand(x.resource.namespace(), id, body, mode,
                wantsRepresentation(x), precondition(x), scope(x)));
        answerWrite(x, id, result);
    }

    private void patch(Exchange x) {
        Object id = documentId(x);
        Document body = bodies.readDocument(x.req);
        WriteMode mode = WriteMode.parse(x.params.first("wm").orElse(null), WriteMode.UPDATE);
        Update update = Update.fromPatchBody(body, id, true);
        WriteResult result = useCases.write().patch(new PatchDocumentCommand(x.resource.namespace(), id, update, mode,
                wantsRepresentation(x), precondition(x), scope(x)));
        answerWrite(x, id, result);
    }

    private void delete(Exchange x) {
        useCases.write().delete(new DeleteDocumentCommand(x.resource.namespace(), documentId(x), precondition(x),
                scope(x)));
        x.res.status(Status.NO_CONTENT_204).send();
    }

    private void bulkPatch(Exchange x) {
        Map<String, List<String>> filterParams = filterParams(x);
        Filter filter = parser.parse(filterParams).query().filter();
        Update update = Update.fromPatchBody(bodies.readDocument(x.req), null, false);
        BulkUpdateOutcome outcome = useCases.bulkWrite().updateAll(new UpdateDocumentsCommand(x.resource.namespace(),
                filter, !filterParams.isEmpty(), update, x.params.flag("force"), scope(x)));
        writeJson(x, Status.OK_200, g -> {
            g.writeStartObject();
            g.writeNumberField("matchedCount", outcome.matchedCount());
            g.writeNumberField("modifiedCount", outcome.modifiedCount());
            g.writeEndObject();
        });
    }

    private void bulkDelete(Exchange x) {
        Map<String, List<String>> filterParams = filterParams(x);
        Filter filter = parser.parse(filterParams).query().filter();
        long deleted = useCases.bulkWrite().deleteAll(new DeleteDocumentsCommand(x.resource.namespace(), filter,
                !filterParams.isEmpty(), x.params.flag("force"), scope(x)));
        writeJson(x, Status.OK_200, g -> {
            g.writeStartObject();
            g.writeNumberField("deletedCount", deleted);
            g.writeEndObject();
        });
    }

    /** The query parameters that select documents (every dialect); paging, sort and projection are dropped. */
    private static Map<String, List<String>> filterParams(Exchange x) {
        Map<String, List<String>> selected = new LinkedHashMap<>();
        x.req.query().toMap().forEach((name, values) -> {
            if (name != null && QueryParameters.selectsDocuments(name)) {
                selected.put(name, values);
            }
        });
        return selected;
    }

    /**
     * The data scope the security filter registered in the request's context (SPEC §6); without one
     * (security off) every document is in scope.
     */
    static DataScope scope(ServerRequest req) {
        return req.context().get(DataScope.class).orElse(DataScope.UNRESTRICTED);
    }

    private static DataScope scope(Exchange x) {
        return scope(x.req);
    }

    private static Precondition precondition(Exchange x) {
        return x.req.headers().first(HeaderNames.IF_MATCH).map(Precondition::ifMatch).orElse(Precondition.NONE);
    }

    private void answerWrite(Exchange x, Object id, WriteResult result) {
        if (result.created()) {
            location(x, id);
        }
        result.etag().ifPresent(etag -> x.res.header(HeaderNames.ETAG, etag.quoted()));
        Optional<Document> document = result.document();
        if (document.isPresent()) {
            x.res.header("Preference-Applied", "return=representation");
            sendDocument(x, result.created() ? Status.CREATED_201 : Status.OK_200, document.get());
        } else {
            x.res.status(result.created() ? Status.CREATED_201 : Status.NO_CONTENT_204).send();
        }
    }

    private void sendDocument(Exchange x, Status status, Document document) {
        JsonMode mode = mode(x);
        writeJson(x, status, g -> json.write(g, document, mode));
    }

    private static boolean wantsRepresentation(Exchange x) {
        for (String prefer : x.req.headers().values(HeaderNames.create("Prefer"))) {
            for (String token : prefer.split("[,;]")) {
                if (token.trim().toLowerCase(Locale.ROOT).equals("return=representation")) {
                    return true;
                }
            }
        }
        return false;
    }

    private Object documentId(Exchange x) {
        IdType type = IdType.parse(x.params.first("id_type").orElse(null));
        return type.read(x.resource.name());
    }

    private void location(Exchange x, Object id) {
        IdType.segmentFor(id).ifPresent(segment -> {
            String base = x.resource.publicCollectionPath();
            String path = (base.endsWith("/") ? base : base + "/") + PathSegments.encode(segment.segment());
            if (segment.idType() != IdType.STRING_OID) {
                path += "?id_type=" + segment.idType().name();
            }
            x.res.header(HeaderNames.LOCATION, path);
        });
    }

    private static JsonMode mode(Exchange x) {
        return x.mode;
    }

    private void writeJson(Exchange x, Status status, JsonResponses.JsonBody body) {
        JsonResponses.send(x.res, status, JSON, json, x.pretty, body);
    }

    private static ManagementEndpoints.Call call(Exchange x) {
        return new ManagementEndpoints.Call(x.req, x.res, x.resource, x.verb, x.mode, x.pretty, x.params.flag("force"));
    }

    private record Exchange(ServerRequest req, ServerResponse res, ResolvedResource resource, Params params, Verb verb,
                            JsonMode mode, boolean pretty) {
    }
}
