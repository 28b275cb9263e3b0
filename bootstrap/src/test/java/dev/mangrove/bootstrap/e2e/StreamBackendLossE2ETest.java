package dev.mangrove.bootstrap.e2e;

import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;
import dev.mangrove.bootstrap.Mangrove;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The backend lost while streaming (docs/streams.md#when-the-backend-is-lost): the subscribers get an error event and
 * their stream ends; once the backend is back, new subscriptions work without restarting Mangrove. The backend is a
 * standalone mongo-java-server (oplog on) on a TCP port this test stops and starts, whatever the run's test backend.
 */
class StreamBackendLossE2ETest {
    /** Bounds generous enough for a busy machine; the test waits only as long as it must. */
    private static final Duration WAIT = Duration.ofSeconds(60);
    private MongoServer backend;
    private Mangrove mangrove;

    @AfterEach
    void stop() {
        if (mangrove != null) {
            mangrove.close();
        }
        if (backend != null) {
            backend.shutdownNow();
        }
    }

    private static MongoServer backendOn(int port) {
        MongoServer server = new MongoServer(new MemoryBackend());
        server.enableOplog();
        server.bind("127.0.0.1", port);
        return server;
    }

    private static void defineStream(Http http, String coll) {
        int status = http.put(coll, "{\"streams\": [{\"uri\": \"all\", \"stages\": []}]}").status();
        assertTrue(status == 200 || status == 201, "stream defined: " + status);
    }

    @Test
    void subscribersGetAnErrorAndTheEndWhenTheBackendIsLostAndNewOnesWorkWhenItIsBack() {
        backend = backendOn(0);
        int port = backend.getLocalAddress().getPort();
        mangrove = TestServer.start(Map.of("mangrove.mongo.uri", "mongodb://127.0.0.1:" + port));
        Http http = new Http(mangrove.url());
        String coll = "/" + TestServer.freshDatabase("lost") + "/orders";
        String stream = mangrove.url() + coll + "/_streams/all";
        defineStream(http, coll);
        try (SseClient first = SseClient.open(stream).awaitSubscribed(WAIT);
             SseClient second = SseClient.open(stream).awaitSubscribed(WAIT)) {
            assertEquals(201, http.post(coll, "{\"_id\": \"before\"}").status());
            assertEquals("before", first.next(WAIT).json().get("documentKey").get("_id").asText());
            assertEquals("before", second.next(WAIT).json().get("documentKey").get("_id").asText());

            backend.shutdownNow();
            for (SseClient client : new SseClient[] {first, second}) {
                SseClient.Event error = client.next(WAIT);
                assertNotNull(error, "an error event before the end");
                assertEquals("error", error.type(), error.toString());
                assertEquals(503, error.json().get("status").asInt(), error.data());
                assertTrue(client.ended(WAIT), "the stream ends");
            }
        }

        // while it is away a new subscription is refused at once, not left hanging
        Http.Response refused = http.get(coll + "/_streams/all", "Accept", "text/event-stream");
        assertEquals(503, refused.status(), refused.toString());
        assertEquals("backend-unavailable", refused.json().get("code").asText(), refused.toString());

        backend = backendOn(port); // the same address: Mangrove is not restarted nor reconfigured
        defineStream(http, coll); // a new, empty server
        try (SseClient again = SseClient.open(stream).awaitSubscribed(WAIT)) {
            assertEquals(201, http.post(coll, "{\"_id\": \"after\"}").status());
            SseClient.Event event = again.next(WAIT);
            assertNotNull(event, "a new subscription receives events");
            assertEquals("after", event.json().get("documentKey").get("_id").asText(), event.toString());
        }
    }
}
