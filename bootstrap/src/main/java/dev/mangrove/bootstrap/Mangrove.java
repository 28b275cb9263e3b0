package dev.mangrove.bootstrap;

import dev.mangrove.adapter.http.MangroveHttp;
import dev.mangrove.adapter.http.UseCases;
import dev.mangrove.adapter.mongo.MongoBackend;
import dev.mangrove.adapter.mongo.MongoBackendSettings;
import dev.mangrove.application.port.out.BackendCapabilities;
import dev.mangrove.application.service.AccessControl;
import dev.mangrove.application.service.PluginHost;
import dev.mangrove.application.service.PluginServices;
import dev.mangrove.application.service.AggregateService;
import dev.mangrove.application.service.AuthenticationService;
import dev.mangrove.application.service.CatalogService;
import dev.mangrove.application.service.ChangeStreamService;
import dev.mangrove.application.service.TransactionService;
import dev.mangrove.application.service.ManagementService;
import dev.mangrove.application.service.SchemaGuard;
import dev.mangrove.application.service.CachingAdminStore;
import dev.mangrove.application.port.out.AdminStore;
import dev.mangrove.application.service.SchemaService;
import dev.mangrove.adapter.schema.NetworkntSchemaValidator;
import dev.mangrove.application.service.DistinctService;
import dev.mangrove.application.service.DocumentService;
import dev.mangrove.application.service.FileService;
import dev.mangrove.application.service.HealthService;
import io.helidon.config.Config;
import io.helidon.webserver.WebServer;
import io.helidon.webserver.WebServerConfig;
import io.helidon.webserver.http1.Http1Config;
import io.helidon.webserver.spi.ProtocolConfig;

import java.net.StandardSocketOptions;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The composition root: the only place that wires adapters to ports. Starts the embedded backend
 * when no URI is configured, one MongoDB client, the services and the web server.
 */
public final class Mangrove implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(Mangrove.class.getName());
    /** How often the backend's capabilities are detected again (docs/operations.md#running-several-instances). */
    static final java.time.Duration CAPABILITIES_REFRESH = java.time.Duration.ofMinutes(1);
    /**
     * The listener's {@code SO_RCVBUF} unless {@code server.receive-buffer-size} says otherwise: 1 MiB, where Helidon's
     * own 4 KiB made receiving a request body cost several times the CPU (docs/performance.md#file-transfers). It goes
     * with a request-line limit ({@code max-prologue-length}) of at least 8 KiB in application.yaml: with a wide buffer
     * a first read can hold 8 KiB, and Helidon 4.2.6 closes, unanswered, a connection whose first read has no line end
     * and is longer than that limit.
     */
    static final int RECEIVE_BUFFER = 1 << 20;

    private final WebServer server;
    private final List<AutoCloseable> resources;
    private final String backendDescription;
    private final Settings settings;
    private final MangroveHttp http;
    private final AtomicBoolean closed = new AtomicBoolean();
    private final ChangeStreamService streams;

    private Mangrove(WebServer server, List<AutoCloseable> resources, String backendDescription, Settings settings,
                     MangroveHttp http, ChangeStreamService streams) {
        this.server = server;
        this.streams = streams;
        this.http = http;
        this.resources = resources;
        this.backendDescription = backendDescription;
        this.settings = settings;
    }

    /**
     * Starts Mangrove from a configuration; a bad value throws {@link ConfigurationException}
     * before anything listens.
     */
    public static Mangrove start(Config config) {
        Objects.requireNonNull(config, "config");
        Settings settings = Settings.read(config);
        AclSettings acl = AclSettings.read(config, settings.security().usersNamespace());
        List<AutoCloseable> resources = new ArrayList<>();
        try {
            String uri;
            String description;
            boolean embedded = settings.mongoUri().isEmpty();
            if (embedded) {
                EmbeddedBackend backend = EmbeddedBackend.start(settings.dataDir(), settings.inMemory(),
                        EmbeddedStoreSettings.read(config));
                resources.add(backend);
                uri = backend.uri();
                description = backend.description();
            } else {
                uri = settings.mongoUri().get();
                description = MaskedUri.mask(uri);
            }
            Metrics metrics = new Metrics();
            // MongoDB latency timed at Mangrove's calls; the driver's per-command timers only on request (docs/operations.md)
            MongoBackend mongo = MongoBackend.connect(new MongoBackendSettings(uri, settings.serverSelectionTimeout(),
                    settings.queryTimeLimit(), embedded,
                    metrics.instrument(ConfigValues.bool(config, "mangrove.metrics.mongo-commands", false))),
                    metrics.operationObserver());
            resources.add(0, mongo);
            resources.add(0, mongo.redetectCapabilitiesEvery(CAPABILITIES_REFRESH));
            resources.add(metrics);

            // the access-control list (docs/security.md), which also guards the users collection (no writes, no password
            // hashes): the authentication filter asks it on every API request, and plugins (embedding,
            // aggregation joins) ask it the same way
            AccessControl accessControl = new AccessControl(acl.permissions(), Optional.of(mongo.acl(acl.aclCollection())),
                    acl.rootRole(), acl.users(), acl.aclCollection(), java.util.Set.of(settings.security().failureCounters(),
                    settings.security().apiKeys()),
                    java.time.Clock.systemUTC());
            resources.add(accessControl.refreshEvery(acl.refresh()));
            SchemaService schemas = new SchemaService(mongo.schemas(), NetworkntSchemaValidator.create(), mongo.catalog());
            // metadata remembered for a second: a write's schema binding and a collection read's ETag cost no round trip
            AdminStore admin = CachingAdminStore.create(mongo.admin(), java.time.Duration.ofSeconds(1));
            // writes to the stored permissions through this instance apply before their answer
            DocumentService documents = new DocumentService(accessControl.watching(mongo.documents()), mongo.catalog(),
                    settings.writes(), SchemaGuard.create(admin, schemas, NetworkntSchemaValidator.create()));
            ManagementService management = new ManagementService(mongo.catalog(), admin, mongo.indexes());
            // GridFS buckets (docs/files.md): metadata through the watched document store, content through the file store
            FileService files = new FileService(mongo.files(), accessControl.watching(mongo.documents()), mongo.catalog(),
                    management, FileSettings.read(config).maxSize());
            UseCases useCases = new UseCases(new CatalogService(mongo.catalog()), documents, documents, documents,
                    documents, new HealthService(mongo.status()), documents, management, management, schemas, files);
            SecuritySettings security = settings.security();
            // the plugins' typed context: every service the SPI names, over the application's use cases
            PluginServices pluginServices = PluginServices.over(documents, new DistinctService(mongo.distinct(), mongo.catalog()),
                    new AggregateService(mongo.aggregations(), mongo.catalog()), management::collectionMetadata, accessControl)
                    .withWrites(documents, dev.mangrove.domain.query.OperatorPolicy.create(
                            settings.http().deniedOperators()));
            PluginHost plugins = PluginLoader.host(settings.pluginsDirectory(), config.get("mangrove.plugins"),
                    pluginServices);
            resources.add(plugins);
            MangroveHttp unsecured = MangroveHttp.create(settings.mounts(), useCases, settings.http(),
                    metrics.requestObserver(), plugins, plugins)
                    .withOpenApi(OpenApiConfig.read(config))
                    .withAccessLog(AsyncAccessLogHandler.accessLog());
            MangroveHttp http;
            if (security.enabled()) {
                AuthenticationService authentication = SecurityWiring.service(security, mongo, resources);
                SecurityWiring.bootstrapAdmin(security, acl.rootRole(), authentication, System.out);
                http = unsecured.withSecurity(SecurityWiring.http(security, authentication, accessControl),
                        security.cors());
            } else {
                http = unsecured.withSecurity(null, security.cors());
                LOG.log(System.Logger.Level.WARNING, "mangrove.security.enabled is false: every request is served "
                        + "without authentication or access control");
            }

            // change streams (docs/streams.md): closed first on stop, so that every subscriber is told
            StreamSettings streamSettings = StreamSettings.read(config);
            ChangeStreamService streams = new ChangeStreamService(mongo.changeStreams(),
                    management::collectionMetadata, streamSettings.queue());
            metrics.streams(streams);
            // sessions and transactions (docs/writes.md#transactions): 501 unless the backend runs transactions
            TransactionService transactions = new TransactionService(mongo.transactions(), mongo.status(),
                    ConfigValues.duration(config, "mangrove.transactions.idle-timeout", "60s"),
                    java.time.Clock.systemUTC());
            resources.add(0, transactions);
            MangroveHttp served = http.withStreams(streams, streamSettings.heartbeat()).withTransactions(transactions)
                    .withGet("/metrics", metrics::scrape);
            metrics.inFlight(served::requestsInFlight);
            WebServer server = withClientPresence(withReceiveBuffer(WebServer.builder()
                    .config(config.get("server"))), config)
                    .host(settings.host())
                    .port(settings.port())
                    .shutdownHook(false)
                    .shutdownGracePeriod(settings.shutdownGrace())
                    .directHandlers(served.directHandlers())
                    .routing(served::routing)
                    .addRouting(served.webSockets())
                    .build()
                    .start();
            if (!server.isRunning() || server.port() < 0) {
                server.stop();
                throw new ConfigurationException("server.port", "cannot listen on " + settings.host() + ":"
                        + settings.port() + " (is the port in use?)");
            }
            Mangrove mangrove = new Mangrove(server, resources, description, settings, served, streams);
            BackendCapabilities caps = mongo.status().capabilities();
            LOG.log(System.Logger.Level.INFO, "Mangrove listening on " + mangrove.url() + " | backend: " + description
                    + " | mounts: " + settings.describeMounts());
            if (security.enabled()) {
                LOG.log(System.Logger.Level.INFO, "Security: realm " + (security.realm().equals("mongo")
                        ? "mongo (" + security.usersDb() + "." + security.usersCollection() + ")" : "file")
                        + " | mechanisms: " + security.describeMechanisms());
            }
            LOG.log(System.Logger.Level.INFO, "Backend capabilities: transactions=" + caps.transactions()
                    + ", textSearch=" + caps.textSearch() + ", serverSchemaValidation=" + caps.serverSchemaValidation()
                    + ", changeStreams=" + caps.changeStreams());
            return mangrove;
        } catch (RuntimeException e) {
            closeAll(resources);
            throw e;
        }
    }

    /** The port the server listens on. */
    public int port() {
        return server.port();
    }

    /** The base URL, e.g. {@code http://127.0.0.1:8080}. */
    public String url() {
        String host = settings.host().contains(":") ? "[" + settings.host() + "]" : settings.host();
        return (server.hasTls() ? "https://" : "http://") + host + ":" + port();
    }

    /** The backend as shown in the start-up line (credentials masked). */
    public String backendDescription() {
        return backendDescription;
    }

    /**
     * Stops gracefully: readiness goes 503 and new API requests are answered {@code 503 shutting-down} at
     * once; the requests in flight finish (bounded by the grace period); then the listener closes, and
     * the MongoDB clients and the embedded backend (docs/operations.md#shutdown).
     */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        int inFlight = http.requestsInFlight();
        LOG.log(System.Logger.Level.INFO, "Stopping: readiness is down, new requests are refused, " + inFlight
                + " in flight (grace " + settings.shutdownGrace().toSeconds() + " s)");
        streams.close();
        streams.awaitSubscribersGone(java.time.Duration.ofSeconds(2));
        if (!http.drain(settings.shutdownGrace())) {
            LOG.log(System.Logger.Level.WARNING, http.requestsInFlight() + " requests still in flight after "
                    + settings.shutdownGrace().toSeconds() + " s; stopping anyway");
        }
        server.stop();
        closeAll(resources);
    }

    /**
     * Gives the listener a receive buffer of {@code server.receive-buffer-size} bytes ({@value #RECEIVE_BUFFER} by
     * default) unless a {@code SO_RCVBUF} listener socket option is set already: Helidon 4.2.6 sets a 4 KiB
     * {@code SO_RCVBUF} on its listener (inherited by every connection, which turns the kernel's receive-window
     * tuning off) and does not apply its own {@code receive-buffer-size}; with 4 KiB, a request body arrives in
     * segments of about 2 KiB and its upload took several times the CPU (docs/performance.md#file-transfers).
     */
    static WebServerConfig.Builder withReceiveBuffer(WebServerConfig.Builder builder) {
        if (builder.listenerSocketOptions().containsKey(StandardSocketOptions.SO_RCVBUF)) {
            return builder;
        }
        int size = builder.receiveBufferSize().orElse(RECEIVE_BUFFER);
        if (size < 1) {
            throw new ConfigurationException("server.receive-buffer-size", "expected a positive number of bytes, got "
                    + size);
        }
        return builder.putListenerSocketOption(StandardSocketOptions.SO_RCVBUF, size);
    }

    /**
     * Registers {@link MangroveHttp#connectionListener()} on the HTTP/1 protocol (the configured one, or one from
     * {@code server.protocols.http_1_1}), so that long writes notice a client that went away.
     */
    private static WebServerConfig.Builder withClientPresence(WebServerConfig.Builder builder, Config config) {
        List<ProtocolConfig> protocols = new ArrayList<>();
        boolean http1 = false;
        for (ProtocolConfig protocol : builder.protocols()) {
            if (protocol instanceof Http1Config configured) {
                protocols.add(Http1Config.builder().from(configured)
                        .addReceiveListener(MangroveHttp.connectionListener()).build());
                http1 = true;
            } else {
                protocols.add(protocol);
            }
        }
        if (!http1) {
            protocols.add(Http1Config.builder().config(config.get("server.protocols.http_1_1"))
                    .addReceiveListener(MangroveHttp.connectionListener()).build());
        }
        Integer receiveBuffer = (Integer) builder.listenerSocketOptions().get(StandardSocketOptions.SO_RCVBUF);
        for (ProtocolConfig protocol : protocols) {
            if (protocol instanceof Http1Config http) {
                prologueWarning(http.maxPrologueLength(), receiveBuffer == null ? RECEIVE_BUFFER : receiveBuffer)
                        .ifPresent(warning -> LOG.log(System.Logger.Level.WARNING, warning));
            }
        }
        return builder.protocols(protocols);
    }

    /** How much Helidon 4.2.6's HTTP/1 selector reads at once before it decides a connection is HTTP/1. */
    static final int FIRST_READ = 8192;

    /**
     * A warning when the request-line limit is below what a first read can hold: Helidon closes such a connection
     * unanswered when its first read has no line end and is longer than the limit, so a request line between the
     * limit and the first read's size gets no 414 (docs/configuration.md#server).
     */
    static Optional<String> prologueWarning(int maxPrologueLength, int receiveBuffer) {
        int firstRead = Math.min(FIRST_READ, receiveBuffer);
        if (maxPrologueLength >= firstRead) {
            return Optional.empty();
        }
        return Optional.of("server.protocols.http_1_1.max-prologue-length is " + maxPrologueLength
                + ", below the " + firstRead + " bytes a first read can hold with a receive buffer of " + receiveBuffer
                + ": a request line longer than the limit may be closed without an answer instead of 414; set it to at"
                + " least " + firstRead + " (docs/configuration.md#server)");
    }

    private static void closeAll(List<AutoCloseable> resources) {
        for (AutoCloseable resource : resources) {
            try {
                resource.close();
            } catch (Exception e) {
                LOG.log(System.Logger.Level.WARNING, "failed to close " + resource.getClass().getSimpleName(), e);
            }
        }
    }
}
