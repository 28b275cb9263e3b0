package dev.mangrove.adapter.mongo;

import com.mongodb.MongoCommandException;
import com.mongodb.reactivestreams.client.MongoClient;
import dev.mangrove.application.port.out.BackendCapabilities;
import dev.mangrove.application.port.out.BackendStatus;
import org.bson.BsonDocument;
import org.bson.BsonInt32;
import org.bson.BsonValue;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Pings the backend and detects what it can do: from {@code hello} on a real server, fixed for the
 * embedded one. Detection never blocks start-up, is retried after the next successful ping, and is
 * repeated on a schedule ({@link MongoBackend#redetectCapabilitiesEvery}) so a change of the server is seen.
 */
final class MongoBackendStatus implements BackendStatus {
    /**
     * What the embedded mongo-java-server can do: no update pipelines (1.47.0 fails them with a
     * ClassCastException, writing nothing).
     */
    static final BackendCapabilities EMBEDDED = new BackendCapabilities(false, false, false, true, false);
    /** The wire version of MongoDB 4.2, the first to take an update as a pipeline. */
    private static final int WIRE_VERSION_4_2 = 8;

    private static final System.Logger LOG = System.getLogger(MongoBackendStatus.class.getName());
    private static final String ADMIN = "admin";
    private static final int COMMAND_NOT_FOUND = 59;
    /** Time on top of server selection for the ping's round trip. */
    private static final Duration PING_GRACE = Duration.ofSeconds(1);

    private final MongoClient client;
    private final Duration pingTimeout;
    private final AtomicReference<BackendCapabilities> capabilities;
    private final AtomicBoolean detected;
    private final AtomicReference<CompletableFuture<Void>> detection = new AtomicReference<>();
    private final boolean embedded;

    MongoBackendStatus(MongoClient client, Duration serverSelectionTimeout, boolean embedded) {
        this.client = Objects.requireNonNull(client, "client");
        this.pingTimeout = Objects.requireNonNull(serverSelectionTimeout, "serverSelectionTimeout").plus(PING_GRACE);
        this.capabilities = new AtomicReference<>(embedded ? EMBEDDED : BackendCapabilities.UNKNOWN);
        this.detected = new AtomicBoolean(embedded);
        this.embedded = embedded;
    }

    @Override
    public boolean ping() {
        try {
            Blocking.first(client.getDatabase(ADMIN)
                    .runCommand(new BsonDocument("ping", new BsonInt32(1)), BsonDocument.class), pingTimeout);
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.DEBUG, "MongoDB ping failed", e);
            return false;
        }
        // a detection started while the backend was down may have failed just now: one fresh attempt then;
        // a slow answer leaves the capabilities for a later ping rather than delaying this one
        for (int attempt = 0; attempt < 2 && !detected.get(); attempt++) {
            detect().copy().completeOnTimeout(null, pingTimeout.toMillis(), TimeUnit.MILLISECONDS).join();
        }
        return true;
    }

    @Override
    public BackendCapabilities capabilities() {
        return capabilities.get();
    }

    /** Whether the backend is known (fixed or detected) not to support {@code $text}. */
    boolean lacksTextSearch() {
        return detected.get() && !capabilities.get().textSearch();
    }

    /** Whether the backend is known (fixed or detected) not to take an update pipeline. */
    boolean lacksUpdatePipelines() {
        return detected.get() && !capabilities.get().updatePipelines();
    }

    /**
     * Starts detecting the capabilities unless they are known, or joins the detection under way; the future
     * completes when it is done and never exceptionally (an unreachable backend leaves them unknown).
     */
    CompletableFuture<Void> detect() {
        if (detected.get()) {
            return CompletableFuture.completedFuture(null);
        }
        CompletableFuture<Void> started = new CompletableFuture<>();
        CompletableFuture<Void> running = detection.compareAndExchange(null, started);
        if (running != null) {
            return running;
        }
        command("hello")
                .exceptionallyCompose(failure -> isCommandNotFound(failure)
                        ? command("isMaster") : CompletableFuture.failedFuture(failure))
                .whenComplete((hello, failure) -> {
                    if (failure == null && hello.isPresent()) {
                        capabilities.set(fromHello(hello.get()));
                        detected.set(true);
                        LOG.log(System.Logger.Level.INFO, () -> "MongoDB capabilities: " + capabilities.get());
                    } else {
                        LOG.log(System.Logger.Level.DEBUG, "MongoDB capability detection failed; will retry", failure);
                    }
                    detection.set(null);
                    started.complete(null);
                });
        return started;
    }

    /**
     * Detects the capabilities again, in the background: a server upgraded or turned into a replica set under
     * a running instance is seen without a restart. A change is logged; a failure keeps what was known.
     */
    CompletableFuture<Void> redetect() {
        if (embedded) {
            return CompletableFuture.completedFuture(null);
        }
        return command("hello")
                .exceptionallyCompose(failure -> isCommandNotFound(failure)
                        ? command("isMaster") : CompletableFuture.failedFuture(failure))
                .handle((hello, failure) -> {
                    if (failure == null && hello.isPresent()) {
                        BackendCapabilities now = fromHello(hello.get());
                        BackendCapabilities before = capabilities.getAndSet(now);
                        detected.set(true);
                        if (!now.equals(before)) {
                            LOG.log(System.Logger.Level.INFO, "MongoDB capabilities changed: " + before + " -> " + now);
                        }
                    } else {
                        LOG.log(System.Logger.Level.DEBUG, "MongoDB capability re-detection failed", failure);
                    }
                    return null;
                });
    }

    private CompletableFuture<Optional<BsonDocument>> command(String name) {
        return Blocking.firstAsync(client.getDatabase(ADMIN).runCommand(new BsonDocument(name, new BsonInt32(1)),
                BsonDocument.class));
    }

    /** The capabilities of a real server from its {@code hello} (or {@code isMaster}) answer. */
    static BackendCapabilities fromHello(BsonDocument hello) {
        BsonValue msg = hello.get("msg");
        boolean sharded = msg != null && msg.isString() && msg.asString().getValue().equals("isdbgrid");
        boolean replicaSet = hello.containsKey("setName");
        boolean clustered = sharded || replicaSet;
        BsonValue wire = hello.get("maxWireVersion");
        boolean pipelines = wire != null && wire.isNumber() && wire.asNumber().intValue() >= WIRE_VERSION_4_2;
        return new BackendCapabilities(clustered, true, true, clustered, pipelines);
    }

    private static boolean isCommandNotFound(Throwable failure) {
        Throwable cause = failure instanceof CompletionException && failure.getCause() != null
                ? failure.getCause() : failure;
        return cause instanceof MongoCommandException command && command.getErrorCode() == COMMAND_NOT_FOUND;
    }
}
