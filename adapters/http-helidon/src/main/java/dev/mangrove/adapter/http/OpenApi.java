package dev.mangrove.adapter.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mangrove.domain.resource.Level;
import dev.mangrove.domain.resource.Mount;
import dev.mangrove.domain.resource.MountTable;
import dev.mangrove.domain.resource.PathSegments;
import dev.mangrove.domain.resource.ResourceKind;
import dev.mangrove.domain.resource.Verb;
import dev.mangrove.plugin.spi.Endpoint;
import dev.mangrove.plugin.spi.EndpointDescription;
import dev.mangrove.plugin.spi.ExtensionScope;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Builds the OpenAPI 3.1 document of this server from its route table, at request time (docs/api.md#openapi):
 * the fixed routes, each route of the table under each mount (by mounted names only), the plugins'
 * endpoints, the configured security schemes, and, for collections bound to a JSON Schema, that schema
 * as their document schema. Only what the caller may use is listed ({@link Access}).
 *
 * <p>Paths: each route is listed with its template under each mount ({@code /{db}/{coll}}) when the caller
 * may use it there as a whole (security off, or a permission covering the template); otherwise once per
 * database and collection the caller may use, with its mounted names ({@code /shop/orders}). A collection
 * bound to a JSON Schema is also listed by name with that schema. {@code HEAD} (with every {@code GET}) and
 * {@code OPTIONS} (everywhere) are answered but not listed.
 */
final class OpenApi {
    /** The OpenAPI version written. */
    static final String VERSION = "3.1.0";
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final Pattern PLACEHOLDER = Pattern.compile("\\{([A-Za-z][A-Za-z0-9_]*)}");
    /** The most names per level enumerated to list concrete paths (a bigger catalog lists the first ones). */
    static final int MAX_NAMES = 100;
    private static final String PROBLEM = "application/problem+json";
    private static final String JSON = "application/json";
    private static final Map<String, String[]> PARAMETERS = parameters();

    private final RouteTable table;
    private final MountTable mounts;
    private final Schemes schemes;
    private final List<Endpoint> endpoints;
    private final String title;
    private final String version;

    OpenApi(RouteTable table, MountTable mounts, Schemes schemes, List<Endpoint> endpoints, String title,
            String version) {
        this.table = Objects.requireNonNull(table, "table");
        this.mounts = Objects.requireNonNull(mounts, "mounts");
        this.schemes = Objects.requireNonNull(schemes, "schemes");
        this.endpoints = List.copyOf(endpoints);
        this.title = Objects.requireNonNull(title, "title");
        this.version = Objects.requireNonNull(version, "version");
    }

    /**
     * The authentication schemes the server accepts (none when security is off).
     *
     * @param security     whether authentication and access control are on
     * @param basic        HTTP Basic
     * @param bearer       bearer tokens (JWT)
     * @param apiKeyHeader the header carrying an API key, when API keys are configured
     */
    record Schemes(boolean security, boolean basic, boolean bearer, Optional<String> apiKeyHeader) {
        static final Schemes NONE = new Schemes(false, false, false, Optional.empty());

        Schemes {
            Objects.requireNonNull(apiKeyHeader, "apiKeyHeader");
        }
    }

    /** Whether the caller may use a verb on a path (the access-control list; always true with security off). */
    @FunctionalInterface
    interface Access {
        Access ALL = (verb, path) -> true;

        boolean allows(Verb verb, String path);
    }

    /** The names to list concrete paths with, and the JSON Schemas collections are bound to (real names). */
    interface Catalog {
        Catalog NONE = new Catalog() {
            @Override
            public List<String> databases() {
                return List.of();
            }

            @Override
            public List<String> collections(String database) {
                return List.of();
            }

            @Override
            public Optional<Map<String, Object>> boundSchema(String database, String collection) {
                return Optional.empty();
            }
        };

        /** The databases (at most {@link #MAX_NAMES} are used). */
        List<String> databases();

        /** The collections of a database; empty when it is missing. */
        List<String> collections(String database);

        /** The JSON Schema a collection is bound to ({@code jsonSchema: {schemaId}} of its metadata). */
        Optional<Map<String, Object>> boundSchema(String database, String collection);
    }

    /** The document for a caller. */
    ObjectNode document(Access access, Catalog catalog) {
        Generation g = new Generation(access, new CachedCatalog(catalog));
        return g.build();
    }

    /** The document for a caller, as JSON text (or YAML). */
    static byte[] bytes(ObjectNode document, boolean yaml) {
        try {
            ObjectMapper mapper = yaml ? YamlHolder.MAPPER : JsonHolder.MAPPER;
            return mapper.writeValueAsBytes(document);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException("cannot write the OpenAPI document", e);
        }
    }

    private static final class JsonHolder {
        static final ObjectMapper MAPPER = new ObjectMapper();
    }

    private static final class YamlHolder {
        static final ObjectMapper MAPPER = new ObjectMapper(new com.fasterxml.jackson.dataformat.yaml.YAMLFactory()
                .disable(com.fasterxml.jackson.dataformat.yaml.YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
                .enable(com.fasterxml.jackson.dataformat.yaml.YAMLGenerator.Feature.MINIMIZE_QUOTES));
    }

    /** One build of the document. */
    private final class Generation {
        private final Access access;
        private final CachedCatalog catalog;
        private final Map<String, ObjectNode> paths = new TreeMap<>();
        private final ObjectNode schemas = NODES.objectNode();
        private final Set<String> operationIds = new HashSet<>();

        Generation(Access access, CachedCatalog catalog) {
            this.access = access;
            this.catalog = catalog;
        }

        ObjectNode build() {
            ObjectNode doc = NODES.objectNode();
            doc.put("openapi", VERSION);
            ObjectNode info = doc.putObject("info");
            info.put("title", title);
            info.put("version", version);
            info.put("description", "The RESTful API of this Mangrove server over MongoDB, as the caller may use it "
                    + "(docs/api.md). HEAD is answered with every GET and OPTIONS everywhere; errors are "
                    + "application/problem+json.");
            commonSchemas();
            fixedRoutes();
            for (Mount mount : mounts.mounts()) {
                boundCollections(mount);
                for (RouteTable.Route route : table.routes()) {
                    if (serves(mount, route.kind())) {
                        route(mount, route);
                    }
                }
            }
            ObjectNode p = doc.putObject("paths");
            paths.forEach(p::set);
            ObjectNode components = doc.putObject("components");
            components.set("schemas", schemas);
            if (schemes.security()) {
                ObjectNode sec = components.putObject("securitySchemes");
                ArrayNode requirements = doc.putArray("security");
                if (schemes.basic()) {
                    sec.putObject("basicAuth").put("type", "http").put("scheme", "basic");
                    requirements.addObject().putArray("basicAuth");
                }
                if (schemes.bearer()) {
                    sec.putObject("bearerAuth").put("type", "http").put("scheme", "bearer").put("bearerFormat", "JWT");
                    requirements.addObject().putArray("bearerAuth");
                }
                schemes.apiKeyHeader().ifPresent(header -> {
                    sec.putObject("apiKey").put("type", "apiKey").put("in", "header").put("name", header);
                    requirements.addObject().putArray("apiKey");
                });
                // anonymous callers are served what the access-control list grants them
                requirements.addObject();
            }
            return doc;
        }

        // ---- fixed routes

        private void fixedRoutes() {
            for (RouteTable.Fixed fixed : table.fixed()) {
                for (String method : new java.util.TreeSet<>(fixed.documented())) {
                    Verb verb = Verb.of(method).orElse(null);
                    if (verb == null || verb == Verb.HEAD || verb == Verb.OPTIONS) {
                        continue;
                    }
                    if (!open(fixed.path()) && !access.allows(verb, fixed.path())) {
                        continue;
                    }
                    ObjectNode op = operation(fixed.path(), verb, "server");
                    op.put("summary", fixed.description());
                    fixedOperation(fixed.path(), op);
                    // a templated fixed path (the transactions API's /_sessions/{sid}/…) declares its parameters
                    java.util.regex.Matcher names = java.util.regex.Pattern.compile("\\{([A-Za-z]+)}").matcher(fixed.path());
                    while (names.find()) {
                        ArrayNode params = op.has("parameters") ? (ArrayNode) op.get("parameters")
                                : op.putArray("parameters");
                        params.addObject().put("name", names.group(1)).put("in", "path").put("required", true)
                                .putObject("schema").put("type", "string");
                    }
                }
            }
        }

        /** Paths every caller may use: the document itself, its page, health checks, login and {@code /me}. */
        private boolean open(String path) {
            return path.equals(OpenApiEndpoints.DOCUMENT) || path.startsWith("/health/")
                    || path.equals(AuthEndpoints.TOKEN) || path.equals(AuthEndpoints.LOGIN)
                    || path.equals(AuthEndpoints.ME) || table.fixed().stream().anyMatch(
                            f -> f.path().equals(path) && f.description().startsWith(OpenApiEndpoints.PAGE_DESCRIPTION));
        }

        private void fixedOperation(String path, ObjectNode op) {
            ObjectNode responses = op.putObject("responses");
            if (path.startsWith("/health/")) {
                op.putArray("security").addObject();
                ObjectNode health = NODES.objectNode().put("type", "object");
                health.putObject("properties").putObject("status").put("type", "string").putArray("enum").add("UP")
                        .add("DOWN");
                json(responses, 200, "up", health);
                json(responses, 503, "down (or stopping)", health);
            } else if (path.equals(AuthEndpoints.TOKEN) || path.equals(AuthEndpoints.LOGIN)) {
                op.putArray("security").addObject();
                ObjectNode body = op.putObject("requestBody").put("required", true).putObject("content");
                ObjectNode credentials = NODES.objectNode().put("type", "object");
                credentials.putArray("required").add("username").add("password");
                ObjectNode props = credentials.putObject("properties");
                props.putObject("username").put("type", "string");
                props.putObject("password").put("type", "string").put("format", "password");
                body.putObject(JSON).set("schema", credentials);
                body.putObject("application/x-www-form-urlencoded").set("schema", credentials.deepCopy());
                ObjectNode token = NODES.objectNode().put("type", "object");
                ObjectNode tp = token.putObject("properties");
                tp.putObject("access_token").put("type", "string");
                tp.putObject("token_type").put("type", "string");
                tp.putObject("expires_in").put("type", "integer");
                json(responses, 200, "a bearer token", token);
                problem(responses, 400);
                problem(responses, 401);
                problem(responses, 415);
                problem(responses, 429);
            } else if (path.equals(AuthEndpoints.ME)) {
                ObjectNode me = NODES.objectNode().put("type", "object");
                ObjectNode mp = me.putObject("properties");
                mp.putObject("username").put("type", "string");
                mp.putObject("roles").put("type", "array").putObject("items").put("type", "string");
                json(responses, 200, "the caller", me);
                problem(responses, 401);
            } else if (path.equals(OpenApiEndpoints.DOCUMENT)) {
                op.putArray("security").addObject();
                ArrayNode params = op.putArray("parameters");
                ObjectNode format = params.addObject().put("name", "format").put("in", "query")
                        .put("description", "json (the default) or yaml");
                format.putObject("schema").put("type", "string").putArray("enum").add("json").add("yaml");
                header(params, "If-None-Match", "the ETag of a copy the client holds (304 when it is current)");
                ObjectNode ok = responses.putObject("200").put("description", "this document");
                ok.putObject("headers").putObject("ETag").putObject("schema").put("type", "string");
                ObjectNode content = ok.putObject("content");
                content.putObject(JSON).putObject("schema").put("type", "object");
                content.putObject("application/yaml").putObject("schema").put("type", "string");
                responses.putObject("304").put("description", "not modified");
                problem(responses, 400);
            } else if (table.fixed().stream().anyMatch(f -> f.path().equals(path)
                    && f.description().startsWith(OpenApiEndpoints.PAGE_DESCRIPTION))) {
                op.putArray("security").addObject();
                responses.putObject("200").put("description", "the page").putObject("content")
                        .putObject("text/html").putObject("schema").put("type", "string");
            } else if (path.equals("/metrics")) {
                responses.putObject("200").put("description", "the metrics (Prometheus text format)")
                        .putObject("content").putObject("text/plain").putObject("schema").put("type", "string");
                securityProblems(responses);
            } else {
                responses.putObject("200").put("description", "OK");
                securityProblems(responses);
            }
            responses.putObject("default").put("description", "a problem").putObject("content")
                    .putObject(PROBLEM).putObject("schema").put("$ref", "#/components/schemas/Problem");
        }

        // ---- the route table under the mounts

        /** Whether a mount can resolve paths to this kind (a database mount has no root, a collection mount no database). */
        private boolean serves(Mount mount, ResourceKind kind) {
            return switch (mount.target()) {
                case ALL_DATABASES -> true;
                case DATABASE -> kind.level() != Level.ROOT;
                case COLLECTION -> (kind.level() == Level.COLLECTION || kind.level() == Level.DOCUMENT)
                        && isFileKind(kind) == mount.collectionName().endsWith(".files");
            };
        }

        /** A file bucket's resources, served under a collection mount only when it mounts a bucket. */
        private static boolean isFileKind(ResourceKind kind) {
            return kind == ResourceKind.FILE_BUCKET || kind == ResourceKind.FILE || kind == ResourceKind.FILE_BINARY;
        }

        private void route(Mount mount, RouteTable.Route route) {
            String label = route.label(mount);
            if (route.pluginVerbs()) {
                pluginRoute(mount, route, label);
                return;
            }
            for (RouteTable.Operation operation : route.operations().values()) {
                if (!mount.methods().allows(route.kind().level(), operation.verb())) {
                    continue;
                }
                for (String path : pathsFor(mount, label, operation.verb())) {
                    apiOperation(path, route, operation, Optional.empty());
                }
            }
        }

        /**
         * The paths a route is listed at for a verb: its template when the caller may use it as a whole, else the
         * template with the database and collection placeholders filled with each name the caller may use it on.
         */
        private List<String> pathsFor(Mount mount, String label, Verb verb) {
            if (access.allows(verb, label)) {
                return List.of(label);
            }
            List<String> out = new ArrayList<>();
            for (String path : fills(mount, label)) {
                if (access.allows(verb, path)) {
                    out.add(path);
                }
            }
            return out;
        }

        /** The template with {@code {db}} and {@code {coll}} filled with the mount's (mounted) names. */
        private List<String> fills(Mount mount, String label) {
            boolean db = label.contains("{db}");
            boolean coll = label.contains("{coll}");
            if (!db && !coll) {
                return List.of();
            }
            List<String> out = new ArrayList<>();
            List<String> databases = mount.target() == Mount.Target.ALL_DATABASES ? catalog.databases()
                    : List.of(mount.databaseName());
            for (String database : databases) {
                String withDb = db ? label.replace("{db}", PathSegments.encode(database)) : label;
                if (!coll) {
                    out.add(withDb);
                    continue;
                }
                for (String collection : catalog.collections(database)) {
                    out.add(withDb.replace("{coll}", PathSegments.encode(collection)));
                }
            }
            return out;
        }

        /** The collections bound to a JSON Schema, listed by name with their schema. */
        private void boundCollections(Mount mount) {
            List<String[]> bound = new ArrayList<>();
            switch (mount.target()) {
                case ALL_DATABASES -> {
                    for (String database : catalog.databases()) {
                        for (String collection : catalog.collections(database)) {
                            bound.add(new String[] {database, collection});
                        }
                    }
                }
                case DATABASE -> {
                    for (String collection : catalog.collections(mount.databaseName())) {
                        bound.add(new String[] {mount.databaseName(), collection});
                    }
                }
                case COLLECTION -> bound.add(new String[] {mount.databaseName(), mount.collectionName()});
            }
            for (String[] ns : bound) {
                Optional<Map<String, Object>> schema = catalog.boundSchema(ns[0], ns[1]);
                if (schema.isEmpty()) {
                    continue;
                }
                for (RouteTable.Route route : table.routes()) {
                    if (route.kind() != ResourceKind.COLLECTION && route.kind() != ResourceKind.DOCUMENT) {
                        continue;
                    }
                    String label = route.label(mount).replace("{db}", PathSegments.encode(ns[0]))
                            .replace("{coll}", PathSegments.encode(ns[1]));
                    String name = schemaName(route.label(mount).replace("/{docid}", "").replace("{db}", ns[0])
                            .replace("{coll}", ns[1]));
                    schemas.set(name, jsonSchema(schema.get()));
                    for (RouteTable.Operation operation : route.operations().values()) {
                        if (mount.methods().allows(route.kind().level(), operation.verb())
                                && access.allows(operation.verb(), label)) {
                            apiOperation(label, route, operation, Optional.of(name));
                        }
                    }
                }
            }
        }

        private void apiOperation(String path, RouteTable.Route route, RouteTable.Operation operation,
                                  Optional<String> boundSchema) {
            ObjectNode op = operation(path, operation.verb(), tag(route.kind()));
            if (op == null) {
                return;
            }
            op.put("summary", operation.summary());
            op.put("description", route.description());
            ArrayNode params = op.putArray("parameters");
            pathParameters(path, params);
            for (RouteTable.Operation.Param param : operation.query()) {
                String[] known = PARAMETERS.getOrDefault(param.name(), new String[] {"string", ""});
                ObjectNode p = params.addObject().put("name", param.name()).put("in", "query");
                if (!known[1].isEmpty()) {
                    p.put("description", known[1]);
                }
                if (param.required()) {
                    p.put("required", true);
                }
                p.putObject("schema").put("type", known[0]);
            }
            for (RouteTable.Operation.Param param : operation.headers()) {
                String name = param.name();
                if (name.equalsIgnoreCase("Accept") || name.equalsIgnoreCase("Content-Type")
                        || name.equalsIgnoreCase("Authorization")) {
                    continue;
                }
                String[] known = PARAMETERS.getOrDefault(name, new String[] {"string", ""});
                header(params, name, known[1]);
            }
            if (operation.takesBody()) {
                ObjectNode body = op.putObject("requestBody").put("description", operation.body());
                body.put("required", !operation.bodyOptional());
                ObjectNode schema = requestSchema(route.kind(), operation.verb(), operation.body(), boundSchema);
                body.putObject("content").putObject(JSON).set("schema", schema);
            }
            ObjectNode responses = op.putObject("responses");
            for (int status : operation.statusCodes()) {
                if (status >= 400) {
                    problem(responses, status);
                } else if (status == 204 || status == 304 || operation.verb() != Verb.GET || status != 200) {
                    responses.putObject(String.valueOf(status)).put("description", reason(status));
                } else {
                    json(responses, status, reason(status), responseSchema(route.kind(), boundSchema));
                }
            }
            if (responses.isEmpty()) {
                responses.putObject("200").put("description", "OK");
            }
            securityProblems(responses);
            responses.putObject("default").put("description", "a problem").putObject("content")
                    .putObject(PROBLEM).putObject("schema").put("$ref", "#/components/schemas/Problem");
        }

        /** The reserved resources plugins serve and the plugins' own endpoints, as the plugins describe them. */
        private void pluginRoute(Mount mount, RouteTable.Route route, String label) {
            for (Endpoint endpoint : endpoints) {
                String path = pluginPath(route, label, endpoint);
                if (path == null) {
                    continue;
                }
                for (Verb verb : endpoint.verbs().stream().sorted().toList()) {
                    if (verb == Verb.HEAD || verb == Verb.OPTIONS
                            || !mount.methods().allows(route.kind().level(), verb)) {
                        continue;
                    }
                    for (String p : pathsFor(mount, path, verb)) {
                        pluginOperation(p, route, endpoint, verb);
                    }
                }
            }
        }

        /** Where a plugin endpoint sits under this route, or null when it is not this route's. */
        private String pluginPath(RouteTable.Route route, String label, Endpoint endpoint) {
            String name = endpoint.name();
            String subpath = endpoint.description().subpath();
            return switch (route.kind()) {
                case DISTINCT -> endpoint.scope() == ExtensionScope.COLLECTION && name.equals("_distinct") ? label : null;
                case AGGREGATE -> endpoint.scope() == ExtensionScope.COLLECTION && name.equals("_aggregate") ? label : null;
                case AGGREGATION -> endpoint.scope() == ExtensionScope.COLLECTION && name.equals("_aggrs") ? label : null;
                case ROOT_EXTENSION, DATABASE_EXTENSION, COLLECTION_EXTENSION -> {
                    ExtensionScope scope = switch (route.kind()) {
                        case ROOT_EXTENSION -> ExtensionScope.ROOT;
                        case DATABASE_EXTENSION -> ExtensionScope.DATABASE;
                        default -> ExtensionScope.COLLECTION;
                    };
                    if (endpoint.scope() != scope || RESERVED.contains(name)) {
                        yield null;
                    }
                    String path = label.replace("{extension}", name);
                    yield subpath.isEmpty() ? path : path + "/" + subpath;
                }
                default -> null;
            };
        }

        private void pluginOperation(String path, RouteTable.Route route, Endpoint endpoint, Verb verb) {
            ObjectNode op = operation(path, verb, "plugins");
            if (op == null) {
                return;
            }
            EndpointDescription d = endpoint.description();
            op.put("summary", d.summary().isEmpty() ? route.description() : d.summary());
            op.put("description", route.description());
            ArrayNode params = op.putArray("parameters");
            pathParameters(path, params);
            for (EndpointDescription.Parameter parameter : d.parameters()) {
                ObjectNode p = params.addObject().put("name", parameter.name()).put("in", "query");
                if (!parameter.description().isEmpty()) {
                    p.put("description", parameter.description());
                }
                if (parameter.required()) {
                    p.put("required", true);
                }
                p.putObject("schema").put("type", "string");
            }
            if (!d.requestBody().isEmpty() && verb != Verb.GET && verb != Verb.DELETE) {
                op.putObject("requestBody").put("description", d.requestBody()).putObject("content")
                        .putObject(JSON).putObject("schema");
            }
            ObjectNode responses = op.putObject("responses");
            d.responses().forEach((status, meaning) -> {
                if (status >= 400) {
                    problem(responses, status);
                    ((ObjectNode) responses.get(String.valueOf(status))).put("description", meaning);
                } else if (status == 204 || status == 304) {
                    responses.putObject(String.valueOf(status)).put("description", meaning);
                } else {
                    json(responses, status, meaning, NODES.objectNode());
                }
            });
            if (responses.isEmpty()) {
                json(responses, 200, "the plugin's answer", NODES.objectNode());
            }
            securityProblems(responses);
            responses.putObject("default").put("description", "a problem").putObject("content")
                    .putObject(PROBLEM).putObject("schema").put("$ref", "#/components/schemas/Problem");
        }

        // ---- pieces

        /** A new operation object at path and verb; null when one is there already (an earlier mount wins). */
        private ObjectNode operation(String path, Verb verb, String tag) {
            ObjectNode item = paths.computeIfAbsent(path, p -> NODES.objectNode());
            String key = verb.name().toLowerCase(Locale.ROOT);
            if (item.has(key)) {
                return null;
            }
            ObjectNode op = item.putObject(key);
            op.put("operationId", operationId(verb, path));
            op.putArray("tags").add(tag);
            return op;
        }

        private String operationId(Verb verb, String path) {
            String base = verb.name().toLowerCase(Locale.ROOT) + path.replaceAll("[^A-Za-z0-9]+", "_")
                    .replaceAll("_+$", "");
            if (base.equals(verb.name().toLowerCase(Locale.ROOT))) {
                base += "_root";
            }
            String id = base;
            for (int i = 2; !operationIds.add(id); i++) {
                id = base + "_" + i;
            }
            return id;
        }

        private void pathParameters(String path, ArrayNode params) {
            Matcher m = PLACEHOLDER.matcher(path);
            while (m.find()) {
                String name = m.group(1);
                ObjectNode p = params.addObject().put("name", name).put("in", "path").put("required", true);
                p.put("description", switch (name) {
                    case "db" -> "the database";
                    case "coll" -> "the collection";
                    case "docid" -> "the document id (a string, or as id_type says)";
                    case "id" -> "the schema id";
                    case "name" -> "the name";
                    default -> "the " + name;
                });
                p.putObject("schema").put("type", "string");
            }
        }

        private void securityProblems(ObjectNode responses) {
            if (schemes.security()) {
                if (!responses.has("401")) {
                    problem(responses, 401);
                }
                if (!responses.has("403")) {
                    problem(responses, 403);
                }
            }
        }

        private void commonSchemas() {
            ObjectNode problem = schemas.putObject("Problem").put("type", "object")
                    .put("description", "An RFC 9457 problem (docs/api.md#errors)");
            ObjectNode pp = problem.putObject("properties");
            pp.putObject("type").put("type", "string");
            pp.putObject("title").put("type", "string");
            pp.putObject("status").put("type", "integer");
            pp.putObject("detail").put("type", "string");
            pp.putObject("code").put("type", "string");
            pp.putObject("instance").put("type", "string");
            ObjectNode document = schemas.putObject("Document").put("type", "object")
                    .put("description", "A MongoDB document in (relaxed) Extended JSON");
            document.putObject("properties").putObject("_id").put("description", "the document id");
            schemas.putObject("Names").put("type", "array").put("description", "names")
                    .putObject("items").put("type", "string");
            ObjectNode size = schemas.putObject("Size").put("type", "object");
            size.putObject("properties").putObject("_size").put("type", "integer");
            schemas.putObject("Metadata").put("type", "object").put("description", "metadata (docs/management.md)");
        }

        private ObjectNode responseSchema(ResourceKind kind, Optional<String> bound) {
            String document = "#/components/schemas/" + bound.orElse("Document");
            return switch (kind) {
                case ROOT, DATABASE -> ref("Names");
                case COLLECTION -> {
                    ObjectNode array = NODES.objectNode().put("type", "array");
                    array.putObject("items").put("$ref", document);
                    yield array;
                }
                case DOCUMENT -> NODES.objectNode().put("$ref", document);
                case DATABASE_SIZE, COLLECTION_SIZE -> ref("Size");
                case DATABASE_META, COLLECTION_META -> ref("Metadata");
                case SCHEMAS, INDEXES -> {
                    ObjectNode array = NODES.objectNode().put("type", "array");
                    array.putObject("items").put("type", "object");
                    yield array;
                }
                case SCHEMA -> NODES.objectNode().put("type", "object").put("description", "a JSON Schema");
                default -> NODES.objectNode();
            };
        }

        private ObjectNode requestSchema(ResourceKind kind, Verb verb, String body, Optional<String> bound) {
            String document = "#/components/schemas/" + bound.orElse("Document");
            if (kind == ResourceKind.DOCUMENT && verb == Verb.PUT) {
                return NODES.objectNode().put("$ref", document);
            }
            if (kind == ResourceKind.COLLECTION && verb == Verb.POST) {
                ObjectNode either = NODES.objectNode();
                ArrayNode one = either.putArray("oneOf");
                one.addObject().put("$ref", document);
                one.addObject().put("type", "array").putObject("items").put("$ref", document);
                return either;
            }
            if (body.contains("array")) {
                ObjectNode either = NODES.objectNode();
                ArrayNode any = either.putArray("anyOf");
                any.addObject().put("type", "object");
                any.addObject().put("type", "array").putObject("items").put("type", "object");
                return either;
            }
            return NODES.objectNode().put("type", "object");
        }

        private static ObjectNode ref(String name) {
            return NODES.objectNode().put("$ref", "#/components/schemas/" + name);
        }

        private static void json(ObjectNode responses, int status, String description, ObjectNode schema) {
            responses.putObject(String.valueOf(status)).put("description", description).putObject("content")
                    .putObject(JSON).set("schema", schema);
        }

        private static void problem(ObjectNode responses, int status) {
            responses.putObject(String.valueOf(status)).put("description", reason(status)).putObject("content")
                    .putObject(PROBLEM).putObject("schema").put("$ref", "#/components/schemas/Problem");
        }

        private static void header(ArrayNode params, String name, String description) {
            ObjectNode p = params.addObject().put("name", name).put("in", "header");
            if (!description.isEmpty()) {
                p.put("description", description);
            }
            p.putObject("schema").put("type", "string");
        }

        private static String tag(ResourceKind kind) {
            return switch (kind.level()) {
                case ROOT -> "databases";
                case DATABASE -> kind == ResourceKind.SCHEMAS || kind == ResourceKind.SCHEMA ? "schemas" : "database";
                case COLLECTION -> kind == ResourceKind.INDEXES || kind == ResourceKind.INDEX ? "indexes" : "collection";
                case DOCUMENT -> "documents";
            };
        }
    }

    /** The names of the reserved resources plugins serve under their own kinds, not as extensions. */
    private static final Set<String> RESERVED = Set.of("_distinct", "_aggregate", "_aggrs");

    /** A JSON Schema as the document schema: its own keywords, without the store's {@code _id} and {@code $schema}. */
    static ObjectNode jsonSchema(Map<String, Object> schema) {
        ObjectNode out = NODES.objectNode();
        for (Map.Entry<String, Object> e : schema.entrySet()) {
            if (e.getKey().equals("_id") || e.getKey().equals("$schema") || e.getKey().equals("_etag")
                    || e.getKey().equals("$id") || e.getKey().equals("id")) {
                continue;
            }
            out.set(e.getKey(), node(e.getValue()));
        }
        return out;
    }

    private static JsonNode node(Object value) {
        return switch (value) {
            case null -> NODES.nullNode();
            case Map<?, ?> map -> {
                ObjectNode o = NODES.objectNode();
                map.forEach((k, v) -> o.set(String.valueOf(k), node(v)));
                yield o;
            }
            case List<?> list -> {
                ArrayNode a = NODES.arrayNode();
                list.forEach(v -> a.add(node(v)));
                yield a;
            }
            case dev.mangrove.domain.document.Document d -> node(d.fields());
            case String s -> NODES.textNode(s);
            case Boolean b -> NODES.booleanNode(b);
            case Integer i -> NODES.numberNode(i);
            case Long l -> NODES.numberNode(l);
            case Double d -> NODES.numberNode(d);
            case java.math.BigDecimal d -> NODES.numberNode(d);
            case Number n -> NODES.numberNode(n.doubleValue());
            default -> NODES.textNode(String.valueOf(value));
        };
    }

    /** A component name for a mounted collection path, e.g. {@code /shop/products} → {@code shop.products}. */
    static String schemaName(String path) {
        String name = path.replaceAll("^/+", "").replace('/', '.').replaceAll("[^A-Za-z0-9._-]", "_");
        return name.isEmpty() ? "collection" : name;
    }

    private static String reason(int status) {
        return switch (status) {
            case 200 -> "OK";
            case 201 -> "created";
            case 204 -> "done, no content";
            case 207 -> "some succeeded, some failed (multi-status)";
            case 304 -> "not modified (the client's copy is current)";
            case 400 -> "a bad request (problem+json)";
            case 401 -> "credentials needed or wrong (problem+json)";
            case 403 -> "forbidden (problem+json)";
            case 404 -> "not found (problem+json)";
            case 405 -> "method not allowed (problem+json)";
            case 409 -> "conflict (problem+json)";
            case 412 -> "precondition failed: the If-Match ETag is stale (problem+json)";
            case 413 -> "body too large (problem+json)";
            case 415 -> "unsupported media type (problem+json)";
            case 429 -> "too many attempts (problem+json)";
            case 501 -> "not implemented (problem+json)";
            case 503 -> "unavailable (problem+json)";
            default -> status >= 400 ? "a problem (problem+json)" : "status " + status;
        };
    }

    /** The query parameters and headers of docs/api.md: name → {type, description}. */
    private static Map<String, String[]> parameters() {
        Map<String, String[]> p = new LinkedHashMap<>();
        p.put("page", new String[] {"integer", "the page number, from 1 (docs/api.md#reading-a-collection)"});
        p.put("pagesize", new String[] {"integer", "items per page (0 for none; capped by the server)"});
        p.put("filter", new String[] {"string", "a MongoDB query in (Extended) JSON, e.g. {\"qty\":{\"$gt\":1}}"});
        p.put("sort", new String[] {"string", "the sort, e.g. {\"name\":1} or -name (docs/querying.md)"});
        p.put("keys", new String[] {"string", "the projection, e.g. {\"name\":1} (docs/querying.md)"});
        p.put("count", new String[] {"boolean", "also count the documents (X-Total-Count)"});
        p.put("rep", new String[] {"string", "the representation (docs/api.md#representation)"});
        p.put("pagination", new String[] {"string", "how pages are linked"});
        p.put("jsonMode", new String[] {"string", "the Extended JSON mode of the answer (relaxed, canonical, …)"});
        p.put("pretty", new String[] {"boolean", "indent the JSON answer"});
        p.put("wm", new String[] {"string", "the write mode: insert, update or upsert (docs/writes.md)"});
        p.put("force", new String[] {"boolean", "confirm a drop or an unfiltered bulk write"});
        p.put("where", new String[] {"string", "which collections a filtered drop selects"});
        p.put("id_type", new String[] {"string", "how to read the document id (docs/api.md#ids-id_type)"});
        p.put("If-Match", new String[] {"string", "only when the resource still has this ETag (else 412)"});
        p.put("If-None-Match", new String[] {"string", "304 when the resource still has this ETag"});
        p.put("Prefer", new String[] {"string", "return=representation to get the result back"});
        return Map.copyOf(p);
    }

    /** The catalog, each list read once per document. */
    private static final class CachedCatalog {
        private final Catalog catalog;
        private List<String> databases;
        private final Map<String, List<String>> collections = new LinkedHashMap<>();
        private final Map<String, Optional<Map<String, Object>>> bound = new LinkedHashMap<>();

        CachedCatalog(Catalog catalog) {
            this.catalog = catalog;
        }

        List<String> databases() {
            if (databases == null) {
                databases = limit(safely(catalog::databases));
            }
            return databases;
        }

        List<String> collections(String database) {
            return collections.computeIfAbsent(database, db -> limit(safely(() -> catalog.collections(db))));
        }

        Optional<Map<String, Object>> boundSchema(String database, String collection) {
            return bound.computeIfAbsent(database + "\u0000" + collection, key -> {
                try {
                    return catalog.boundSchema(database, collection);
                } catch (RuntimeException e) {
                    return Optional.empty();
                }
            });
        }

        private static List<String> safely(java.util.function.Supplier<List<String>> names) {
            try {
                return names.get();
            } catch (RuntimeException e) {
                return List.of();
            }
        }

        private static List<String> limit(List<String> names) {
            return names.size() > MAX_NAMES ? names.subList(0, MAX_NAMES) : names;
        }
    }
}
