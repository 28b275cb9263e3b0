package dev.mangrove.adapter.http;

import dev.mangrove.adapter.http.json.ExtendedJson;
import dev.mangrove.adapter.http.query.CollectionQueryParser;
import dev.mangrove.application.port.in.ExtensionUseCase;
import dev.mangrove.application.port.in.InterceptorChain;
import dev.mangrove.application.port.in.WatchCollectionUseCase;
import dev.mangrove.domain.query.OperatorPolicy;
import dev.mangrove.domain.resource.MountTable;
import io.helidon.http.Method;
import io.helidon.webserver.http.Handler;
import io.helidon.webserver.http.DirectHandlers;
import io.helidon.webserver.http.HttpRouting;
import io.helidon.webserver.http1.Http1ConnectionListener;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/** The HTTP adapter's entry point: registers Mangrove's filters and the route table on a Helidon routing. */
public final class MangroveHttp {
    private final MountTable mounts;
    private final UseCases useCases;
    private final HttpSettings settings;
    private final RequestObserver observer;
    private final ExtensionUseCase extensions;
    private final InterceptorChain interceptors;
    private final HttpSecurity security;
    private final CorsSettings cors;
    private final List<Endpoint> endpoints;
    private final ConcurrencyLimit admission;
    private final OpenApiSettings openApi;
    private Streams streams;
    private dev.mangrove.application.port.in.ManageTransactionsUseCase transactions;
    private AccessLog accessLog = AccessLog.SYSTEM_LOGGER;

    private MangroveHttp(MountTable mounts, UseCases useCases, HttpSettings settings, RequestObserver observer,
                         ExtensionUseCase extensions, InterceptorChain interceptors, HttpSecurity security,
                         CorsSettings cors, List<Endpoint> endpoints, OpenApiSettings openApi) {
        this.openApi = Objects.requireNonNull(openApi, "openApi");
        this.interceptors = Objects.requireNonNull(interceptors, "interceptors");
        this.mounts = Objects.requireNonNull(mounts, "mounts");
        this.useCases = Objects.requireNonNull(useCases, "useCases");
        this.settings = Objects.requireNonNull(settings, "settings");
        this.observer = Objects.requireNonNull(observer, "observer");
        this.extensions = Objects.requireNonNull(extensions, "extensions");
        this.security = security;
        this.cors = Objects.requireNonNull(cors, "cors");
        this.admission = new ConcurrencyLimit(settings.maxConcurrentRequests());
        this.endpoints = List.copyOf(endpoints);
    }

    /** An adapter serving the mounts through the use cases. */
    public static MangroveHttp create(MountTable mounts, UseCases useCases, HttpSettings settings,
                                      RequestObserver observer) {
        return create(mounts, useCases, settings, observer, ExtensionUseCase.NONE, InterceptorChain.NONE);
    }

    /** An adapter that also serves the endpoints of plugins ({@code /_name} resources). */
    public static MangroveHttp create(MountTable mounts, UseCases useCases, HttpSettings settings,
                                      RequestObserver observer, ExtensionUseCase extensions) {
        return create(mounts, useCases, settings, observer, extensions, InterceptorChain.NONE);
    }

    /** An adapter that serves the endpoints of plugins and runs their interceptors around every API request. */
    public static MangroveHttp create(MountTable mounts, UseCases useCases, HttpSettings settings,
                                      RequestObserver observer, ExtensionUseCase extensions,
                                      InterceptorChain interceptors) {
        return new MangroveHttp(mounts, useCases, settings, observer, extensions, interceptors, null,
                CorsSettings.NONE, List.of(), OpenApiSettings.DEFAULTS);
    }

    /**
     * This adapter with authentication and access control on every request but health checks
     * (docs/security.md); {@code security} null leaves every request unauthenticated. CORS applies either way.
     */
    public MangroveHttp withSecurity(HttpSecurity security, CorsSettings cors) {
        return copy(security, cors, endpoints, openApi);
    }

    /** This adapter serving the OpenAPI document and the API page as {@code openApi} says (docs/api.md#openapi). */
    public MangroveHttp withOpenApi(OpenApiSettings openApi) {
        return copy(security, cors, endpoints, openApi);
    }

    /**
     * This adapter also answering {@code GET path} with {@code handler} (e.g. {@code /metrics}), ahead of
     * the API and under the security filter; the route table labels it with its path.
     */
    public MangroveHttp withGet(String path, Handler handler) {
        List<Endpoint> more = new ArrayList<>(endpoints);
        more.add(new Endpoint(path, handler));
        return copy(security, cors, more, openApi);
    }

    /** A copy of this adapter with these settings, and its streams, transactions and access log. */
    private MangroveHttp copy(HttpSecurity security, CorsSettings cors, List<Endpoint> endpoints,
                              OpenApiSettings openApi) {
        MangroveHttp copy = new MangroveHttp(mounts, useCases, settings, observer, extensions, interceptors, security,
                cors, endpoints, openApi);
        copy.streams = streams;
        copy.transactions = transactions;
        copy.accessLog = accessLog;
        return copy;
    }

    /**
     * Gives a request the caller's data scope, as the security filter does; for a filter registered before
     * this adapter's routing that stands in for the security filter (tests).
     */
    public static void scope(io.helidon.webserver.http.ServerRequest req, dev.mangrove.domain.security.DataScope scope) {
        RequestInfo.of(req).scope(scope);
    }

    /** Names the route of a request handled outside the adapter (for the access log and metrics). */
    public static void nameRoute(io.helidon.webserver.http.ServerRequest req, String template) {
        RequestInfo.of(req).route(template);
    }

    /**
     * Registers the edge filter (request id, access log, admission, CORS), the security filter, the fixed routes (health, login, the
     * {@link #withGet} endpoints) and the API as the catch-all route.
     */
    public void routing(HttpRouting.Builder routing) {
        ExtendedJson json = ExtendedJson.create(settings.maxDepth());
        PluginPaths owned = PluginPaths.of(extensions, json);
        Problems problems = new Problems(json, owned);
        RouteTable table = table(json);
        // one filter for the request id, the access log, admission and CORS (docs/performance.md)
        routing.addFilter(new EdgeFilter(observer, accessLog, problems, admission.with(problems), cors.enabled() ? new Cors(cors) : null));
        // the probes first: every request is matched against the routes in order, and a probe must stay cheap
        new HealthEndpoints(useCases.health(), admission::stopping).register(routing);
        if (security != null) {
            routing.addFilter(new SecurityFilter(security, table, problems, openApi, owned));
            new AuthEndpoints(security, json, problems).register(routing);
        }
        for (Endpoint endpoint : endpoints) {
            routing.route(Method.GET, endpoint.path(), (req, res) -> {
                RequestInfo.of(req).route(endpoint.path());
                endpoint.handler().handle(req, res);
            });
        }
        new OpenApiEndpoints(openApi(table), openApi, security, mounts, useCases, problems).register(routing);
        if (transactions != null) {
            new TransactionEndpoints(transactions, json, problems).register(routing);
        }
        if (!owned.isEmpty()) {
            // the paths plugins own (docs/plugins.md#endpoints-at-a-path-of-their-own), ahead of the mounts
            routing.any(owned.handler(new Bodies(json, settings.maxBodyBytes()), problems));
        }
        routing.any(new ApiDispatcher(table, interceptors, json, problems, transactions))
                .error(Throwable.class, problems::send);
    }

    /**
     * Helidon's handlers for requests refused before routing (bad prologue or path, headers or URI too
     * large): each is answered with a problem+json body and logged and observed.
     */
    public DirectHandlers directHandlers() {
        return new TransportRejections(ExtendedJson.create(settings.maxDepth()), observer, accessLog).handlers();
    }

    /** The HTTP/1 receive listener that lets a long write notice a client that went away: register it on the server. */
    public static Http1ConnectionListener connectionListener() {
        return ClientPresence.LISTENER;
    }

    /** The API requests being served now (health probes and metrics scrapes not counted). */
    public int requestsInFlight() {
        return admission.inFlight();
    }

    /**
     * Starts a graceful stop: readiness answers 503 and new API requests {@code 503 shutting-down} from now
     * on; waits up to {@code grace} for the API requests in flight to finish, and says whether they did.
     */
    public boolean drain(java.time.Duration grace) {
        return admission.drain(grace);
    }

    /** The route table this adapter serves (also for tests). */
    RouteTable table(ExtendedJson json) {
        Bodies bodies = new Bodies(json, settings.maxBodyBytes());
        CollectionQueryParser parser = CollectionQueryParser.create(json,
                OperatorPolicy.create(settings.deniedOperators()), settings.defaultPageSize(), settings.maxPageSize());
        CollectionHandlers collections = new CollectionHandlers(new CollectionReader(useCases.find(), parser, json,
                        settings.writeTimeout()),
                useCases.insert(), useCases.bulkWrite(), parser, json, bodies, useCases.manageCatalog());
        DocumentHandlers documents = new DocumentHandlers(useCases.get(), useCases.write(), bodies, parser);
        ApiRoutes.Handlers handlers = new ApiRoutes.Handlers(
                new CatalogHandlers(useCases.catalog(), useCases.manageCatalog(), json, bodies, parser),
                collections,
                documents,
                new IndexHandlers(useCases.indexes(), bodies),
                new SchemaHandlers(useCases.schemas(), bodies),
                new ExtensionEndpoints(extensions, json, parser, bodies),
                new AdminHandlers(security == null ? java.util.Optional.empty() : security.users(),
                        security == null ? java.util.Optional.empty() : security.keys(), bodies),
                new FileHandlers(useCases.files(), collections, documents, json, bodies, settings.maxBodyBytes()),
                streams == null ? null : new StreamHandlers(streams.useCase(), json, streams.heartbeat()));
        List<RouteTable.Fixed> hosted = new ArrayList<>(endpoints.stream()
                .map(e -> new RouteTable.Fixed(e.path(), Set.of("GET"), "served by the host")).toList());
        if (transactions != null) { // served by TransactionEndpoints, listed here for the OpenAPI document
            hosted.add(new RouteTable.Fixed("/_sessions", Set.of("POST"), "starts a session (transactions)"));
            hosted.add(new RouteTable.Fixed("/_sessions/{sid}/_txns", Set.of("GET", "POST"),
                    "the session's transaction state (GET), starts a transaction (POST)"));
            hosted.add(new RouteTable.Fixed("/_sessions/{sid}/_txns/{n}", Set.of("PATCH", "DELETE"),
                    "commits (PATCH) or aborts (DELETE) the transaction"));
        }
        if (openApi.enabled()) {
            hosted.add(new RouteTable.Fixed(OpenApiEndpoints.DOCUMENT, Set.of("GET", "HEAD"),
                    "this server's OpenAPI document (JSON; ?format=yaml for YAML)", Set.of("GET")));
        }
        if (openApi.page()) {
            hosted.add(new RouteTable.Fixed(openApi.docsPath(), Set.of("GET", "HEAD"), OpenApiEndpoints.PAGE_DESCRIPTION
                    + " (Swagger UI)", Set.of("GET")));
        }
        return ApiRoutes.table(mounts, handlers, security != null, hosted);
    }

    /** The OpenAPI document generator over the route table (docs/api.md#openapi). */
    OpenApi openApi(RouteTable table) {
        OpenApi.Schemes schemes = security == null ? OpenApi.Schemes.NONE
                : new OpenApi.Schemes(true, security.basic(), security.bearer(),
                        security.keys().map(keys -> SecurityFilter.API_KEY_HEADERS.get(0).defaultCase()));
        String version = java.util.Optional.ofNullable(MangroveHttp.class.getPackage().getImplementationVersion())
                .orElse("dev");
        return new OpenApi(table, mounts, schemes, extensions.endpoints(), "Mangrove", version);
    }

    private record Endpoint(String path, Handler handler) {
    }

    /**
     * This adapter serving named change streams ({@code /{db}/{coll}/_streams/{uri}}, docs/streams.md) with a
     * comment line every {@code heartbeat} on an idle stream; without it they answer 501.
     */
    public MangroveHttp withStreams(WatchCollectionUseCase useCase, java.time.Duration heartbeat) {
        MangroveHttp copy = copy(security, cors, endpoints, openApi);
        copy.streams = new Streams(Objects.requireNonNull(useCase, "useCase"), Objects.requireNonNull(heartbeat));
        return copy;
    }

    /**
     * This adapter writing its access log to {@code accessLog} (by default {@link AccessLog#SYSTEM_LOGGER}), for the
     * requests it routes and those refused before routing.
     */
    public MangroveHttp withAccessLog(AccessLog accessLog) {
        MangroveHttp copy = copy(security, cors, endpoints, openApi);
        copy.accessLog = Objects.requireNonNull(accessLog, "accessLog");
        return copy;
    }

    /** This adapter serving RESTHeart's {@code /_sessions} transaction API (docs/writes.md#transactions). */
    public MangroveHttp withTransactions(dev.mangrove.application.port.in.ManageTransactionsUseCase useCase) {
        MangroveHttp copy = copy(security, cors, endpoints, openApi);
        copy.transactions = Objects.requireNonNull(useCase, "useCase");
        return copy;
    }

    private record Streams(WatchCollectionUseCase useCase, java.time.Duration heartbeat) {
    }

    /**
     * The WebSocket routing of the change streams (docs/streams.md#websocket), to add to the server next to
     * {@link #routing}; empty without {@link #withStreams}.
     */
    public io.helidon.webserver.websocket.WsRouting.Builder webSockets() {
        io.helidon.webserver.websocket.WsRouting.Builder ws = io.helidon.webserver.websocket.WsRouting.builder();
        if (streams != null) {
            ExtendedJson json = ExtendedJson.create(settings.maxDepth());
            RouteTable table = table(json);
            SecurityFilter filter = security == null ? null : new SecurityFilter(security, table, new Problems(json));
            new StreamSockets(table, filter, new StreamHandlers(streams.useCase(), json, streams.heartbeat()))
                    .register(ws);
        }
        return ws;
    }
}
