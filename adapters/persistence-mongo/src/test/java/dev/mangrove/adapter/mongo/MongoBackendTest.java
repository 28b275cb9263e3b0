package dev.mangrove.adapter.mongo;

import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;
import dev.mangrove.application.port.out.BackendCapabilities;
import dev.mangrove.domain.error.ErrorKind;
import dev.mangrove.domain.error.MangroveException;
import dev.mangrove.domain.query.Filter;
import dev.mangrove.domain.query.Query;
import dev.mangrove.domain.query.PageRequest;
import dev.mangrove.domain.resource.Namespace;
import org.bson.BsonDocument;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.IOException;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

@Timeout(value = 60, unit = TimeUnit.SECONDS)
class MongoBackendTest {
    private static final Namespace NS = Namespace.of("shop", "rocket_engines");

    /**
     * A bound no load can cross yet a lost timeout setting does: far above the 500 ms server selection
     * configured here, far below the driver's own 30 s default.
     */
    private static final long GENEROUS_MILLIS = 15_000;

    private static MongoBackend unreachable() {
        return unreachable(Duration.ofMillis(500));
    }

    private static MongoBackend unreachable(Duration serverSelectionTimeout) {
        return MongoBackend.connect(new MongoBackendSettings("mongodb://127.0.0.1:1", serverSelectionTimeout,
                Duration.ofSeconds(10), false, builder -> { }));
    }

    private static long millisSince(long start) {
        return (System.nanoTime() - start) / 1_000_000;
    }

    @Test
    void connectDoesNotWaitForAnUnreachableServer() {
        long start = System.nanoTime();
        // were connecting to wait for the server, it would take the whole 40 s selection timeout
        try (MongoBackend backend = unreachable(Duration.ofSeconds(40))) {
            assertTrue(millisSince(start) < GENEROUS_MILLIS, "connect took " + millisSince(start) + " ms");
            assertEquals(BackendCapabilities.UNKNOWN, backend.status().capabilities());
        }
    }

    @Test
    void pingIsFalseQuicklyWhenTheServerIsUnreachable() {
        try (MongoBackend backend = unreachable()) {
            long start = System.nanoTime();

            assertFalse(backend.status().ping());

            assertTrue(millisSince(start) < GENEROUS_MILLIS, "ping took " + millisSince(start) + " ms");
        }
    }

    @Test
    void findAnswers503QuicklyWhenTheServerIsUnreachable() {
        try (MongoBackend backend = unreachable()) {
            long start = System.nanoTime();

            MangroveException e = assertThrows(MangroveException.class,
                    () -> backend.documents().find(NS, Query.page(new PageRequest(1, 10))));

            assertTrue(millisSince(start) < GENEROUS_MILLIS, "find took " + millisSince(start) + " ms");
            assertEquals(ErrorKind.UNAVAILABLE, e.kind());
            assertEquals("backend-unavailable", e.code());
            assertEquals(Optional.of(Duration.ofSeconds(5)), e.retryAfter());
            assertFalse(e.detail().contains("127.0.0.1"), e.detail());
        }
    }

    @Test
    void writesAndCatalogAnswer503WhenTheServerIsUnreachable() {
        try (MongoBackend backend = unreachable()) {
            assertEquals(ErrorKind.UNAVAILABLE, assertThrows(MangroveException.class,
                    () -> backend.documents().count(NS, Filter.ALL)).kind());
            assertEquals(ErrorKind.UNAVAILABLE, assertThrows(MangroveException.class,
                    () -> backend.documents().deleteOne(NS, 1)).kind());
            assertEquals(ErrorKind.UNAVAILABLE, assertThrows(MangroveException.class,
                    () -> backend.catalog().databaseNames()).kind());
        }
    }

    @Test
    void embeddedBackendHasFixedCapabilitiesWithoutAskingTheServer() {
        try (InMemoryMongo mongo = new InMemoryMongo(true)) {
            assertTrue(mongo.backend.status().ping());

            assertEquals(new BackendCapabilities(false, false, false, true), mongo.backend.status().capabilities());
            assertEquals(0, mongo.started("hello") + mongo.started("isMaster"));
        }
    }

    @Test
    void detectsTheCapabilitiesOfAStandaloneServer() {
        try (InMemoryMongo mongo = new InMemoryMongo(false)) {
            assertTrue(mongo.backend.status().ping());

            // mongo-java-server answers hello with a modern maxWireVersion, so it reads as taking update pipelines
            assertEquals(new BackendCapabilities(false, true, true, false, true), mongo.backend.status().capabilities());
        }
    }

    @Test
    void detectsCapabilitiesOnceAnUnreachableServerComesUp() throws IOException {
        int port;
        try (ServerSocket free = new ServerSocket(0)) {
            port = free.getLocalPort();
        }
        MongoServer server = new MongoServer(new MemoryBackend());
        try (MongoBackend backend = MongoBackend.connect(new MongoBackendSettings("mongodb://127.0.0.1:" + port,
                Duration.ofSeconds(2), Duration.ofSeconds(10), false, builder -> { }))) {
            assertFalse(backend.status().ping());
            assertEquals(BackendCapabilities.UNKNOWN, backend.status().capabilities());

            server.bind("127.0.0.1", port);

            assertTrue(backend.status().ping());
            assertTrue(backend.status().capabilities().textSearch());
            assertEquals(0, backend.documents().count(NS, Filter.ALL));
        } finally {
            server.shutdownNow();
        }
    }

    @Test
    void capabilitiesAreDetectedAgainOnASchedule() throws Exception {
        try (InMemoryMongo mongo = new InMemoryMongo(false)) {
            assertTrue(mongo.backend.status().ping());
            long before = mongo.started("hello") + mongo.started("isMaster");
            try (AutoCloseable schedule = mongo.backend.redetectCapabilitiesEvery(Duration.ofMillis(20))) {
                long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
                while (mongo.started("hello") + mongo.started("isMaster") < before + 3 && System.nanoTime() < deadline) {
                    Thread.sleep(10);
                }
            }
            assertTrue(mongo.started("hello") + mongo.started("isMaster") >= before + 3,
                    "hello sent again: " + mongo.commands);
            assertTrue(mongo.backend.status().capabilities().textSearch());
        }
    }

    @Test
    void readsReplicaSetsAndShardedClustersAsTransactional() {
        assertEquals(new BackendCapabilities(true, true, true, true),
                MongoBackendStatus.fromHello(BsonDocument.parse("{'isWritablePrimary': true, 'setName': 'rs0'}")));
        assertEquals(new BackendCapabilities(true, true, true, true),
                MongoBackendStatus.fromHello(BsonDocument.parse("{'isWritablePrimary': true, 'msg': 'isdbgrid'}")));
        assertEquals(new BackendCapabilities(false, true, true, false),
                MongoBackendStatus.fromHello(BsonDocument.parse("{'isWritablePrimary': true}")));
    }

    @Test
    void updatePipelinesNeedMongoDb42() {
        assertFalse(MongoBackendStatus.fromHello(BsonDocument.parse("{'maxWireVersion': 7}")).updatePipelines());
        assertTrue(MongoBackendStatus.fromHello(BsonDocument.parse("{'maxWireVersion': 8}")).updatePipelines());
        assertTrue(MongoBackendStatus.fromHello(BsonDocument.parse("{'maxWireVersion': 25}")).updatePipelines());
        assertFalse(MongoBackendStatus.EMBEDDED.updatePipelines(), "mongo-java-server 1.47.0 fails them");
    }

    @Test
    void closeIsSafeToRepeat() {
        MongoBackend backend = unreachable();
        backend.close();
        backend.close();
        assertFalse(backend.status().ping());
    }
}
