package dev.mangrove.bootstrap.e2e;

import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;
import dev.mangrove.bootstrap.Mangrove;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

/**
 * Two instances on one backend, as behind a load balancer (docs/streams.md#several-instances): a resume token
 * from one resumes on the other. The embedded backend cannot be shared, so without {@code MONGO_URI} the test
 * starts one standalone mongo-java-server with its oplog on.
 */
class StreamsTwoInstancesE2ETest {
    private static final Duration WAIT = Duration.ofSeconds(10);
    private static MongoServer standalone;
    private static Mangrove a;
    private static Mangrove b;
    private static String coll;

    @BeforeAll
    static void start() {
        String uri = TestBackend.get().uri().orElseGet(() -> {
            standalone = new MongoServer(new MemoryBackend());
            standalone.enableOplog();
            standalone.bind("127.0.0.1", 0);
            return "mongodb://127.0.0.1:" + standalone.getLocalAddress().getPort();
        });
        a = TestServer.start(Map.of("mangrove.mongo.uri", uri));
        b = TestServer.start(Map.of("mangrove.mongo.uri", uri));
        coll = "/" + TestServer.freshDatabase("twostreams") + "/orders";
        assertEquals(201, new Http(a.url()).put(coll, "{\"streams\": [{\"uri\": \"all\", \"stages\": []}]}").status());
    }

    @AfterAll
    static void stop() {
        for (Mangrove m : new Mangrove[] {a, b}) {
            if (m != null) {
                m.close();
            }
        }
        if (standalone != null) {
            standalone.shutdownNow();
        }
    }

    @Test
    void aTokenFromOneInstanceResumesOnTheOther() {
        Http writer = new Http(a.url());
        String token;
        try (SseClient onA = SseClient.open(a.url() + coll + "/_streams/all").awaitSubscribed(WAIT)) {
            assertEquals(201, writer.post(coll, "{\"_id\": \"t1\"}").status());
            SseClient.Event first = onA.next(WAIT);
            assertEquals("t1", first.json().get("documentKey").get("_id").asText());
            token = first.id();
        }
        assertEquals(201, writer.post(coll, "{\"_id\": \"t2\"}").status());
        assertEquals(201, writer.post(coll, "{\"_id\": \"t3\"}").status());
        try (SseClient onB = SseClient.open(b.url() + coll + "/_streams/all", "Last-Event-ID", token)
                .awaitSubscribed(WAIT)) {
            List<SseClient.Event> events = onB.take(2, WAIT);
            assertEquals(List.of("t2", "t3"), events.stream()
                    .map(e -> e.json().get("documentKey").get("_id").asText()).toList());
            assertNull(onB.next(Duration.ofMillis(700)));
        }
    }
}
