package dev.mangrove.bootstrap;

import de.bwaldvogel.mongo.MongoBackend;
import de.bwaldvogel.mongo.MongoServer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The in-process MongoDB-wire-protocol server used when no URI is configured (docs/operations.md#the-embedded-backend): H2
 * MVStore persistence (or mongo-java-server's memory backend), oplog on, bound to 127.0.0.1 on a
 * free port. An upkeep task caps the oplog and compacts the H2 file every
 * {@code mangrove.embedded.compaction-interval} (docs/operations.md#size-of-the-embedded-store).
 */
final class EmbeddedBackend implements AutoCloseable {
    static final String FILE_NAME = "mangrove.mv.db";
    private static final int HANDLER_THREADS = 32;
    private static final System.Logger LOG = System.getLogger(EmbeddedBackend.class.getName());
    private final MongoServer server;
    private final MongoBackend backend;
    private final String description;
    private final String uri;
    private final OplogCap oplogCap;
    private final ReentrantLock upkeepLock = new ReentrantLock();
    private final ScheduledExecutorService upkeep;

    private EmbeddedBackend(MongoServer server, MongoBackend backend, String description, String uri,
                            EmbeddedStoreSettings store) {
        this.server = server;
        this.backend = backend;
        this.description = description;
        this.uri = uri;
        this.oplogCap = new OplogCap(backend, store.oplogMaxSize());
        this.upkeep = Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform().daemon()
                .name("mangrove-embedded-upkeep").factory());
        long every = store.compactionInterval().toMillis();
        upkeep.scheduleWithFixedDelay(this::upkeepLogged, every, every, TimeUnit.MILLISECONDS);
    }

    /** Starts the embedded server, persisting under {@code dataDir} unless {@code inMemory}, with the default upkeep. */
    static EmbeddedBackend start(Path dataDir, boolean inMemory) {
        return start(dataDir, inMemory, EmbeddedStoreSettings.defaults());
    }

    /** Starts the embedded server, persisting under {@code dataDir} unless {@code inMemory}. */
    static EmbeddedBackend start(Path dataDir, boolean inMemory, EmbeddedStoreSettings store) {
        MongoBackend backend;
        String description;
        if (inMemory) {
            // objects kept as they are: no serialization, much faster reads than H2 in memory
            backend = OrderedEmbeddedStores.memoryBackend();
            description = "embedded (in memory)";
        } else {
            try {
                Files.createDirectories(dataDir);
            } catch (IOException e) {
                throw new ConfigurationException("mangrove.embedded.data-dir",
                        "cannot create directory " + dataDir + ": " + e.getMessage());
            }
            Path file = dataDir.resolve(FILE_NAME);
            try {
                backend = DurableH2Backend.open(file.toString(), store.retention());
            } catch (RuntimeException e) {
                if (String.valueOf(e.getMessage()).toLowerCase(java.util.Locale.ROOT).contains("locked")) {
                    throw new ConfigurationException("mangrove.embedded.data-dir", file.toAbsolutePath().normalize()
                            + " is locked by another process (is a Mangrove server running on it?)");
                }
                throw e;
            }
            description = "embedded (" + file + ")";
        }
        MongoServer server = new MongoServer(backend);
        server.enableOplog();
        InetSocketAddress address;
        try {
            // more handler threads than Netty's default (2 per core): a write waits for its sync on one, so
            // more of them let more concurrent writes share each sync (DurableH2Backend's group commit)
            server.bind(new InetSocketAddress("127.0.0.1", 0), 1, HANDLER_THREADS);
            address = server.getLocalAddress();
        } catch (RuntimeException e) {
            backend.close();
            throw new UncheckedIOException(new IOException("embedded backend could not bind", e));
        }
        String uri = "mongodb://127.0.0.1:" + address.getPort();
        return new EmbeddedBackend(server, backend, description, uri, store);
    }

    /**
     * One round of upkeep, as the schedule runs it: trims the oplog to its cap, then compacts the H2 file
     * (nothing more in memory). Returns the oplog entries removed.
     */
    int upkeep() {
        upkeepLock.lock();
        try {
            int trimmed = oplogCap.trim();
            if (backend instanceof DurableH2Backend durable) {
                durable.compact();
            }
            return trimmed;
        } finally {
            upkeepLock.unlock();
        }
    }

    private void upkeepLogged() {
        try {
            upkeep();
        } catch (RuntimeException e) {
            // the next round tries again; requests are not affected
            LOG.log(System.Logger.Level.WARNING, "embedded store upkeep failed: " + e, e);
        }
    }

    /** The H2 file's size in bytes, 0 in memory. */
    long fileSize() {
        return backend instanceof DurableH2Backend durable ? durable.fileSize() : 0;
    }

    /** The oplog's size in BSON bytes. */
    long oplogSize() {
        return oplogCap.size();
    }

    /** The oplog's index by timestamp, if this store has one (the in-memory store). */
    java.util.Optional<TailedOplog> tailedOplog() {
        return backend instanceof TailedOplog.Host host ? host.tailedOplog() : java.util.Optional.empty();
    }

    /** The connection string of the running server. */
    String uri() {
        return uri;
    }

    /** For the start-up line. */
    String description() {
        return description;
    }

    @Override
    public void close() {
        upkeep.shutdown(); // not shutdownNow: an interrupt would close H2's file channel under a running round
        try {
            upkeep.awaitTermination(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        server.shutdownNow();
        backend.close();
    }
}
