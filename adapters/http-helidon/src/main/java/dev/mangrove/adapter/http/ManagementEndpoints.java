package dev.mangrove.adapter.http;

import dev.mangrove.adapter.http.json.ExtendedJson;
import dev.mangrove.adapter.http.json.JsonMode;
import dev.mangrove.application.port.in.ManageCatalogUseCase;
import dev.mangrove.application.port.in.ManageIndexesUseCase;
import dev.mangrove.application.port.in.ManageSchemasUseCase;
import dev.mangrove.domain.resource.PathSegments;
import dev.mangrove.domain.document.Document;
import dev.mangrove.domain.document.ETag;
import dev.mangrove.domain.document.RegexValue;
import dev.mangrove.domain.error.MangroveException;
import dev.mangrove.domain.resource.ResolvedResource;
import dev.mangrove.domain.resource.Verb;
import dev.mangrove.domain.write.Precondition;
import io.helidon.http.HeaderNames;
import io.helidon.http.Status;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/** Creates, describes and drops databases, collections and indexes (SPEC §5.4, §5.5). */
final class ManagementEndpoints {
    private final ManageCatalogUseCase catalog;
    private final ManageIndexesUseCase indexes;
    private final ManageSchemasUseCase schemas;
    private final ExtendedJson json;
    private final Bodies bodies;

    ManagementEndpoints(ManageCatalogUseCase catalog, ManageIndexesUseCase indexes, ManageSchemasUseCase schemas,
                        ExtendedJson json, Bodies bodies) {
        this.catalog = Objects.requireNonNull(catalog, "catalog");
        this.indexes = Objects.requireNonNull(indexes, "indexes");
        this.schemas = Objects.requireNonNull(schemas, "schemas");
        this.json = Objects.requireNonNull(json, "json");
        this.bodies = Objects.requireNonNull(bodies, "bodies");
    }

    /** PUT, PATCH, POST and DELETE on {@code /{db}}. */
    void database(Call call) {
        ResolvedResource r = call.resource();
        switch (call.verb()) {
            case PUT -> {
                boolean created = catalog.putDatabase(r.database(), optionalBody(call.req()), precondition(call.req()));
                sendMetadata(call, created ? Status.CREATED_201 : Status.OK_200, catalog.databaseMetadata(r.database()));
            }
            case PATCH -> sendMetadata(call, Status.OK_200,
                    catalog.patchDatabase(r.database(), bodies.readDocument(call.req()), precondition(call.req())));
            case POST -> {
                List<String> created = catalog.createCollections(r.database(), specifications(call.req()));
                writeJson(call, Status.CREATED_201, g -> {
                    g.writeStartObject();
                    g.writeArrayFieldStart("created");
                    for (String name : created) {
                        g.writeString(name);
                    }
                    g.writeEndArray();
                    g.writeEndObject();
                });
            }
            case DELETE -> {
                Optional<Pattern> names = collectionNames(call.req());
                if (names.isPresent()) {
                    List<String> dropped = catalog.dropCollections(r.database(), names.get(), call.force(),
                            ifMatch(call.req()));
                    writeJson(call, Status.OK_200, g -> {
                        g.writeStartObject();
                        g.writeArrayFieldStart("dropped");
                        for (String name : dropped) {
                            g.writeString(name);
                        }
                        g.writeEndArray();
                        g.writeEndObject();
                    });
                } else {
                    catalog.dropDatabase(r.database(), call.force(), ifMatch(call.req()));
                    call.res().status(Status.NO_CONTENT_204).send();
                }
            }
            default -> throw new IllegalStateException("unexpected verb " + call.verb());
        }
    }

    /** GET on {@code /{db}/_meta}; {@code 304} when {@code If-None-Match} matches. */
    void databaseMeta(Call call) {
        readMetadata(call, catalog.databaseMetadata(call.resource().database()));
    }

    /** PUT (create or set metadata) and DELETE without a filter (drop) on {@code /{db}/{coll}}. */
    void collection(Call call) {
        ResolvedResource r = call.resource();
        if (call.verb() == Verb.PUT) {
            boolean created = catalog.putCollection(r.namespace(), optionalBody(call.req()), precondition(call.req()));
            sendMetadata(call, created ? Status.CREATED_201 : Status.OK_200, catalog.collectionMetadata(r.namespace()));
        } else {
            catalog.dropCollection(r.namespace(), call.force(), ifMatch(call.req()));
            call.res().status(Status.NO_CONTENT_204).send();
        }
    }

    /** GET on {@code /{db}/{coll}/_meta}; {@code 304} when {@code If-None-Match} matches. */
    void collectionMeta(Call call) {
        readMetadata(call, catalog.collectionMetadata(call.resource().namespace()));
    }

    private void readMetadata(Call call, Document metadata) {
        ETag etag = ETag.of(metadata);
        Optional<String> ifNoneMatch = call.req().headers().first(HeaderNames.IF_NONE_MATCH);
        if (ifNoneMatch.isPresent() && etag.matchesHeader(ifNoneMatch.get())) {
            call.res().header(HeaderNames.ETAG, etag.quoted());
            call.res().status(Status.NOT_MODIFIED_304).send();
            return;
        }
        sendMetadata(call, Status.OK_200, metadata);
    }

    /** GET on {@code /{db}/{coll}/_indexes}. */
    void indexes(Call call) {
        List<Document> list = indexes.indexes(call.resource().namespace());
        writeJson(call, Status.OK_200, g -> {
            g.writeStartArray();
            for (Document index : list) {
                json.write(g, index, call.mode());
            }
            g.writeEndArray();
        });
    }

    /** PUT and DELETE on {@code /{db}/{coll}/_indexes/{name}}. */
    void index(Call call) {
        ResolvedResource r = call.resource();
        if (call.verb() == Verb.PUT) {
            indexes.create(r.namespace(), r.name(), bodies.readDocument(call.req()));
            call.res().status(Status.CREATED_201).send();
        } else {
            indexes.drop(r.namespace(), r.name());
            call.res().status(Status.NO_CONTENT_204).send();
        }
    }

    /** GET (list), POST (store a new schema) and PUT (create the store, as RESTHeart) on {@code /{db}/_schemas}. */
    void schemas(Call call) {
        ResolvedResource r = call.resource();
        if (call.verb() == Verb.PUT) {
            call.res().status(schemas.createStore(r.database()) ? Status.CREATED_201 : Status.NO_CONTENT_204).send();
            return;
        }
        if (call.verb() == Verb.POST) {
            String id = schemas.create(r.database(), bodies.readDocument(call.req()));
            String base = call.req().prologue().uriPath().rawPath();
            call.res().header(HeaderNames.LOCATION, (base.endsWith("/") ? base : base + "/") + PathSegments.encode(id));
            writeJson(call, Status.CREATED_201, g -> {
                g.writeStartObject();
                g.writeStringField("_id", id);
                g.writeEndObject();
            });
            return;
        }
        List<Document> list = schemas.schemas(r.database());
        writeJson(call, Status.OK_200, g -> {
            g.writeStartArray();
            for (Document schema : list) {
                json.write(g, schema, call.mode());
            }
            g.writeEndArray();
        });
    }

    /** GET, PUT (create or replace) and DELETE on {@code /{db}/_schemas/{id}}. */
    void schema(Call call) {
        ResolvedResource r = call.resource();
        switch (call.verb()) {
            case PUT -> {
                boolean created = schemas.put(r.database(), r.name(), bodies.readDocument(call.req()));
                call.res().status(created ? Status.CREATED_201 : Status.OK_200).send();
            }
            case DELETE -> {
                schemas.delete(r.database(), r.name());
                call.res().status(Status.NO_CONTENT_204).send();
            }
            default -> readMetadata(call, schemas.schema(r.database(), r.name()));
        }
    }

    private Document optionalBody(ServerRequest req) {
        if (!req.content().hasEntity()) {
            return Document.empty();
        }
        return bodies.readDocument(req);
    }

    private List<Document> specifications(ServerRequest req) {
        Object body = bodies.read(req);
        List<Document> specifications = new ArrayList<>();
        if (body instanceof Document document) {
            specifications.add(document);
        } else if (body instanceof List<?> elements) {
            for (Object element : elements) {
                if (!(element instanceof Document document)) {
                    throw MangroveException.badRequest("invalid-body",
                            "Each element must be an object {\"name\": …, \"options\": {…}}");
                }
                specifications.add(document);
            }
        } else {
            throw MangroveException.badRequest("invalid-body",
                    "POST {\"name\": …, \"options\": {…}} or an array of them");
        }
        return specifications;
    }

    /** The collections {@code where} or {@code filter} selects by {@code name} (exact or {@code /regex/flags}). */
    private Optional<Pattern> collectionNames(ServerRequest req) {
        for (String parameter : List.of("where", "filter")) {
            Optional<String> text = req.query().first(parameter).asOptional();
            if (text.isEmpty()) {
                continue;
            }
            Map<String, Object> query = json.parseQuery(text.get(), parameter, parameter.equals("where"));
            if (query.size() != 1 || !query.containsKey("name")) {
                throw MangroveException.badRequest("invalid-filter", "'" + parameter
                        + "' on a database selects collections by name only, e.g. {\"name\": \"/^tmp/\"}");
            }
            Object name = query.get("name");
            if (name instanceof String exact) {
                return Optional.of(Pattern.compile(Pattern.quote(exact)));
            }
            if (name instanceof RegexValue regex) {
                return Optional.of(compile(regex));
            }
            throw MangroveException.badRequest("invalid-filter", "'" + parameter
                    + "': \"name\" must be a string or a /regular expression/");
        }
        return Optional.empty();
    }

    private static Pattern compile(RegexValue regex) {
        int flags = 0;
        for (char option : regex.options().toCharArray()) {
            flags |= switch (option) {
                case 'i' -> Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE;
                case 'm' -> Pattern.MULTILINE;
                case 's' -> Pattern.DOTALL;
                case 'x' -> Pattern.COMMENTS;
                default -> 0;
            };
        }
        try {
            // MongoDB's $regex finds the pattern anywhere in the name
            return Pattern.compile(".*(?:" + regex.pattern() + ").*", flags | Pattern.DOTALL);
        } catch (PatternSyntaxException e) {
            throw MangroveException.badRequest("invalid-filter", "Invalid regular expression: " + e.getDescription());
        }
    }

    private static Precondition precondition(ServerRequest req) {
        return req.headers().first(HeaderNames.IF_MATCH).map(Precondition::ifMatch).orElse(Precondition.NONE);
    }

    private static Optional<String> ifMatch(ServerRequest req) {
        return req.headers().first(HeaderNames.IF_MATCH);
    }

    private void sendMetadata(Call call, Status status, Document metadata) {
        call.res().header(HeaderNames.ETAG, ETag.of(metadata).quoted());
        writeJson(call, status, g -> json.write(g, metadata, call.mode()));
    }

    private void writeJson(Call call, Status status, JsonResponses.JsonBody body) {
        JsonResponses.send(call.res(), status, ApiHandler.JSON, json, call.pretty(), body);
    }

    /** One request to these endpoints. */
    record Call(ServerRequest req, ServerResponse res, ResolvedResource resource, Verb verb, JsonMode mode,
                boolean pretty, boolean force) {
    }
}
