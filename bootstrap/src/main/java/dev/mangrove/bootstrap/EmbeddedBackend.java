package dev.mangrove.bootstrap;

import de.bwaldvogel.mongo.MongoBackend;
import de.bwaldvogel.mongo.MongoServer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The in-process MongoDB-wire-protocol server used when no URI is configured (docs/operations.md#the-embedded-backend): H2
 * MVStore persistence (or mongo-java-server's memory backend), oplog on, bound to 127.0.0.1 on a
 * free port.
 */
final class EmbeddedBackend implements AutoCloseable {
    static final String FILE_NAME = "mangrove.mv.db";
    private static final int HANDLER_THREADS = 32;
    private final MongoServer server;
    private final MongoBackend backend;
    private final String description;
    private final String uri;

    private EmbeddedBackend(MongoServer server, MongoBackend backend, String description, String uri) {
        this.server = server;
        this.backend = backend;
        this.description = description;
        this.uri = uri;
    }

    /** Starts the embedded server, persisting under {@code dataDir} unless {@code inMemory}. */
    static EmbeddedBackend start(Path dataDir, boolean inMemory) {
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
                backend = DurableH2Backend.open(file.toString());
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
        return new EmbeddedBackend(server, backend, description, uri);
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
        server.shutdownNow();
        backend.close();
    }
}
