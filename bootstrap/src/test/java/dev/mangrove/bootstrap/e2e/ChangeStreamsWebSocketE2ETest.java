package dev.mangrove.bootstrap.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import dev.mangrove.bootstrap.Mangrove;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.http.WebSocketHandshakeException;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ExecutionException;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** Named change streams over WebSocket (docs/streams.md#websocket), on a server of its own (it is stopped). */
class ChangeStreamsWebSocketE2ETest {
    private static final Duration WAIT = Duration.ofSeconds(10);
    private static Mangrove server;
    private static Http http;
    private static String coll;
    private static String ws;

    @BeforeAll
    static void start() {
        server = TestServer.start(Map.of());
        http = new Http(server.url());
        coll = "/" + TestServer.freshDatabase("wsstreams") + "/orders";
        ws = server.url().replace("http://", "ws://") + coll + "/_streams/";
        assertEquals(201, http.put(coll, "{\"streams\": [{\"uri\": \"all\", \"stages\": []}]}").status());
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.close();
        }
    }

    @Test
    void refusesAnUnknownStreamSendsEachEventAsOneMessageResumesAndClosesWith1001OnStop() throws Exception {
        ExecutionException e = assertThrows(ExecutionException.class, () -> WsClient.connect(ws + "nope"));
        WebSocketHandshakeException handshake = assertInstanceOf(WebSocketHandshakeException.class, e.getCause());
        assertEquals(404, handshake.getResponse().statusCode(), "refused before the upgrade, as a plain GET");
        String token;
        try (WsClient client = WsClient.connect(ws + "all")) {
            assertEquals(201, http.post(coll, "{\"_id\": \"w1\", \"n\": 1}").status());
            assertEquals(204, http.delete(coll + "/w1").status());
            JsonNode insert = client.next(WAIT);
            assertNotNull(insert);
            assertEquals("insert", insert.get("operationType").asText());
            assertEquals("orders", insert.get("ns").get("coll").asText());
            token = insert.get("_id").get("_data").asText();
            assertEquals("delete", client.next(WAIT).get("operationType").asText());
        }
        try (WsClient resumed = WsClient.connect(ws + "all?resumeAfter=" + token)) {
            assertEquals("delete", resumed.next(WAIT).get("operationType").asText(), "the event after the token");
            assertNull(resumed.next(Duration.ofMillis(500)));
        }
        try (WsClient live = WsClient.connect(ws + "all")) {
            server.close();
            JsonNode end = live.next(WAIT);
            assertNotNull(end, "an error message before the close");
            assertEquals("shutting-down", end.get("code").asText());
            assertEquals(1001, live.closeCode(WAIT));
            server = null;
        }
    }
}
