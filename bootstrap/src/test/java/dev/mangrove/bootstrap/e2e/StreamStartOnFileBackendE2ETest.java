package dev.mangrove.bootstrap.e2e;

import dev.mangrove.bootstrap.Mangrove;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * A new subscription on the embedded file backend starts after the newest change: its first event is the first
 * write made after it subscribed. The H2 store keeps the oplog by a random {@code _id}, so "the last entry in
 * natural order" was a random older one and a new subscriber was sent changes made long before it came.
 */
class StreamStartOnFileBackendE2ETest {
    @TempDir
    Path dataDir;

    @Test
    void aNewSubscriptionGetsNoChangeMadeBeforeIt() {
        try (Mangrove server = TestServer.start(Map.of("mangrove.embedded.in-memory", "false",
                "mangrove.embedded.data-dir", dataDir.toString()))) {
            Http http = new Http(server.url());
            String coll = "/" + TestServer.freshDatabase("start") + "/events";
            assertEquals(201, http.put(coll, "{\"streams\": [{\"uri\": \"all\", \"stages\": []}]}").status());
            for (int i = 0; i < 60; i++) { // changes made before anyone subscribes
                assertEquals(201, http.post(coll, "{\"_id\": \"before-" + i + "\"}").status());
            }
            try (SseClient sse = SseClient.open(server.url() + coll + "/_streams/all")
                    .awaitSubscribed(Duration.ofSeconds(10))) {
                assertEquals(201, http.post(coll, "{\"_id\": \"after\"}").status());
                SseClient.Event first = sse.next(Duration.ofSeconds(10));
                assertEquals("after", first.json().path("documentKey").path("_id").asText(), first.data());
            }
        }
    }
}
