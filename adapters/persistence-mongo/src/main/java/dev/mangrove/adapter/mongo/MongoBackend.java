package dev.mangrove.adapter.mongo;

import com.mongodb.ConnectionString;
import com.mongodb.MongoClientSettings;
import com.mongodb.MongoDriverInformation;
import com.mongodb.reactivestreams.client.MongoClient;
import com.mongodb.reactivestreams.client.MongoClients;
import dev.mangrove.application.port.out.BackendStatus;
import dev.mangrove.application.port.out.AdminStore;
import dev.mangrove.application.port.out.AclStore;
import dev.mangrove.application.port.out.ApiKeyStore;
import dev.mangrove.application.port.out.SchemaStore;
import dev.mangrove.application.port.out.CatalogStore;
import dev.mangrove.application.port.out.ChangeStreamStore;
import dev.mangrove.application.port.out.AggregationStore;
import dev.mangrove.application.port.out.IndexStore;
import dev.mangrove.application.port.out.DistinctStore;
import dev.mangrove.application.port.out.DocumentStore;
import dev.mangrove.application.port.out.FailureCounters;
import dev.mangrove.application.port.out.FileStore;
import dev.mangrove.domain.resource.Namespace;
import dev.mangrove.application.port.out.UserRealm;
import org.bson.codecs.configuration.CodecRegistries;

import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The MongoDB backend: one reactive client for the process and the outbound ports built on it. Connecting
 * never waits for the server; an unreachable server makes operations fail fast with 503.
 */
public final class MongoBackend implements AutoCloseable {
    private final MongoClient client;
    private final MongoDocumentStore documents;
    private final MongoDistinctStore distinct;
    private final MongoAggregationStore aggregations;
    private final MongoCatalogStore catalog;
    private final MongoBackendStatus status;
    private final java.time.Duration queryTimeLimit;
    private final boolean embedded;
    private final java.time.Duration serverSelectionTimeout;
    private final OperationObserver observer;
    private final AtomicBoolean closed = new AtomicBoolean();

    private MongoBackend(MongoClient client, MongoBackendSettings settings, OperationObserver observer) {
        this.client = Objects.requireNonNull(client, "client");
        this.observer = Objects.requireNonNull(observer, "observer");
        this.queryTimeLimit = settings.queryTimeLimit();
        this.embedded = settings.embedded();
        this.serverSelectionTimeout = settings.serverSelectionTimeout();
        this.status = new MongoBackendStatus(client, settings.serverSelectionTimeout(), settings.embedded());
        RegexGuard regexes = RegexGuard.forBackend(settings.embedded());
        this.documents = new MongoDocumentStore(client, settings.queryTimeLimit(), status::lacksTextSearch,
                status::lacksUpdatePipelines, regexes);
        this.catalog = new MongoCatalogStore(client, settings.queryTimeLimit());
        this.distinct = new MongoDistinctStore(client, settings.queryTimeLimit(), regexes);
        this.aggregations = new MongoAggregationStore(client, settings.queryTimeLimit(), regexes);
    }

    /** Creates the client for these settings and starts detecting capabilities in the background. */
    public static MongoBackend connect(MongoBackendSettings settings) {
        return connect(settings, OperationObserver.NONE);
    }

    /**
     * Like {@link #connect(MongoBackendSettings)}, with every call to the ports this backend hands out timed and told to
     * {@code observer} (docs/operations.md#health-and-metrics).
     */
    public static MongoBackend connect(MongoBackendSettings settings, OperationObserver observer) {
        Objects.requireNonNull(settings, "settings");
        MongoBackend backend = new MongoBackend(MongoClients.create(clientSettings(settings),
                MongoDriverInformation.builder().driverName("mangrove").build()), settings, observer);
        backend.status.detect();
        return backend;
    }

    /** The driver settings: the URI, then the customizer, then the timeouts and codecs this adapter relies on. */
    static MongoClientSettings clientSettings(MongoBackendSettings settings) {
        long timeoutMillis = settings.serverSelectionTimeout().toMillis();
        MongoClientSettings.Builder builder = MongoClientSettings.builder()
                .applyConnectionString(new ConnectionString(settings.uri()));
        settings.customizer().accept(builder);
        return builder
                .applyToClusterSettings(cluster -> cluster.serverSelectionTimeout(timeoutMillis, TimeUnit.MILLISECONDS))
                .applyToSocketSettings(socket -> socket.connectTimeout(timeoutMillis, TimeUnit.MILLISECONDS))
                .codecRegistry(CodecRegistries.fromRegistries(
                        settings.embedded()
                                ? CodecRegistries.fromCodecs(new DomainDocumentCodec(true),
                                        new DomainDocumentCodec.EmbeddedSymbolRefusal())
                                : CodecRegistries.fromCodecs(new DomainDocumentCodec(false)),
                        MongoClientSettings.getDefaultCodecRegistry()))
                .build();
    }

    /** The document port. */
    public DocumentStore documents() {
        return timed(DocumentStore.class, documents);
    }

    /** The aggregation port. */
    public AggregationStore aggregations() {
        return timed(AggregationStore.class, aggregations);
    }

    /** The distinct-values port. */
    public DistinctStore distinct() {
        return timed(DistinctStore.class, distinct);
    }

    /** The catalog port. */
    public CatalogStore catalog() {
        return timed(CatalogStore.class, catalog);
    }

    /** The GridFS file port (docs/files.md). */
    public FileStore files() {
        return timed(FileStore.class, new MongoFileStore(client, catalog));
    }

    /** The change-stream port (docs/streams.md). */
    public ChangeStreamStore changeStreams() {
        return timed(ChangeStreamStore.class,
                new MongoChangeStreamStore(client, serverSelectionTimeout, RegexGuard.forBackend(embedded), embedded));
    }

    /** The sessions-and-transactions port (docs/writes.md#transactions). */
    public dev.mangrove.application.port.out.TransactionStore transactions() {
        return timed(dev.mangrove.application.port.out.TransactionStore.class, new MongoTransactionStore(client));
    }

    /** The index port. */
    public IndexStore indexes() {
        return timed(IndexStore.class, new MongoIndexStore(client, embedded));
    }

    /** The collection, database and metadata administration port. */
    public AdminStore admin() {
        return timed(AdminStore.class, new MongoAdminStore(client, catalog, embedded));
    }

    /** The stored permissions of the access-control list, in collection {@code namespace}. */
    public AclStore acl(Namespace namespace) {
        return timed(AclStore.class, new MongoAclStore(client, namespace, queryTimeLimit));
    }

    /** The JSON Schema store port ({@code _schemas} of each database). */
    public SchemaStore schemas() {
        return timed(SchemaStore.class, new MongoSchemaStore(client));
    }

    /** The MongoDB user realm: users in {@code database}.{@code collection} (docs/security.md). */
    public UserRealm users(String database, String collection) {
        return timed(UserRealm.class, new MongoUserRealm(client, database, collection));
    }

    /** API keys, hashed, in collection {@code namespace} (docs/security.md#api-keys). */
    public ApiKeyStore apiKeys(Namespace namespace) {
        return timed(ApiKeyStore.class, new MongoApiKeyStore(client, namespace));
    }

    /** Failed-login counters shared by every instance, in collection {@code namespace}. */
    public FailureCounters failureCounters(Namespace namespace) {
        return timed(FailureCounters.class, new MongoFailureCounters(client, namespace));
    }

    /** The health and capabilities port. */
    public BackendStatus status() {
        return timed(BackendStatus.class, status);
    }

    /**
     * Detects the backend's capabilities again every {@code interval} on a daemon thread (shown by
     * {@code /health/ready}), until the returned handle is closed; nothing for the embedded backend.
     */
    public AutoCloseable redetectCapabilitiesEvery(java.time.Duration interval) {
        if (interval.isZero() || interval.isNegative()) {
            return () -> { };
        }
        java.util.concurrent.ScheduledExecutorService scheduler = java.util.concurrent.Executors
                .newSingleThreadScheduledExecutor(Thread.ofPlatform().daemon().name("mangrove-capabilities").factory());
        long millis = Math.max(1, interval.toMillis());
        scheduler.scheduleWithFixedDelay(() -> status.redetect().join(), millis, millis, TimeUnit.MILLISECONDS);
        return scheduler::shutdownNow;
    }

    private <T> T timed(Class<T> port, T store) {
        return TimedPorts.wrap(port, store, observer);
    }

    /** Closes the client; safe to call more than once. */
    @Override
    public void close() {
        if (closed.compareAndSet(false, true)) {
            client.close();
        }
    }

    /** The underlying client, for tests in this package. */
    MongoClient client() {
        return client;
    }
}
