package dev.mangrove.bootstrap.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Named change streams over Server-Sent Events (docs/streams.md) on the shared server. */
class ChangeStreamsE2ETest {
    private static final Duration WAIT = Duration.ofSeconds(10);
    private static final Duration QUIET = Duration.ofMillis(700);
    private static Http http;
    private static String base;
    private static String db;
    private static String coll;

    @BeforeAll
    static void setUp() {
        base = TestServer.shared().url();
        http = new Http(base);
        db = TestServer.freshDatabase("streams");
        coll = "/" + db + "/orders";
        assertEquals(201, http.put(coll, """
                {"streams": [
                  {"uri": "all", "stages": []},
                  {"uri": "big", "stages": [{"$match": {"fullDocument.n": {"$gte": {"$var": ["min", 10]}}}}]},
                  {"uri": "bad", "stages": [{"$group": {"_id": null}}]}
                ]}""").status());
    }

    private static SseClient subscribe(String stream, String... headers) {
        return SseClient.open(base + coll + "/_streams/" + stream, headers).awaitSubscribed(WAIT);
    }

    @Test
    void sendsInsertUpdateReplaceAndDeleteEventsWithTheirResumeTokens() {
        try (SseClient sse = subscribe("all")) {
            assertEquals(200, sse.status());
            assertTrue(sse.header("Content-Type").startsWith("text/event-stream"));
            assertEquals(201, http.post(coll, "{\"_id\": \"crud\", \"n\": 1}").status());
            // a bulk PATCH: the embedded backend logs no event for findAndModify, which PATCH of one document uses
            String filter = URLEncoder.encode("{\"_id\": \"crud\"}", StandardCharsets.UTF_8);
            assertEquals(200, http.patch(coll + "/*?filter=" + filter, "{\"$set\": {\"n\": 2}}").status());
            assertEquals(200, http.put(coll + "/crud", "{\"n\": 3}").status() / 100 * 100);
            assertEquals(204, http.delete(coll + "/crud").status());
            List<SseClient.Event> events = sse.take(4, WAIT);
            assertEquals(4, events.size(), events.toString());
            JsonNode insert = events.get(0).json();
            assertEquals("insert", insert.get("operationType").asText());
            assertEquals("crud", insert.get("documentKey").get("_id").asText());
            assertEquals(1, insert.get("fullDocument").get("n").asInt());
            assertEquals(db, insert.get("ns").get("db").asText());
            assertEquals("orders", insert.get("ns").get("coll").asText());
            // updates carry the document as it is when the event is read (MongoDB's updateLookup): n is 2, 3 or gone
            assertTrue(List.of("update", "replace").contains(events.get(1).json().get("operationType").asText()));
            assertTrue(List.of("update", "replace").contains(events.get(2).json().get("operationType").asText()));
            assertEquals("delete", events.get(3).json().get("operationType").asText());
            for (SseClient.Event event : events) {
                assertNotNull(event.id(), "every event carries its resume token");
            }
        }
    }

    @Test
    void appliesTheStagesWithTheirVariables() {
        String avars = URLEncoder.encode("{\"min\": 100}", StandardCharsets.UTF_8);
        try (SseClient byDefault = subscribe("big"); SseClient above100 = subscribe("big?avars=" + avars)) {
            assertEquals(201, http.post(coll, "[{\"_id\": \"s1\", \"n\": 5}, {\"_id\": \"s2\", \"n\": 50}, "
                    + "{\"_id\": \"s3\", \"n\": 500}]").status());
            assertEquals(List.of("s2", "s3"), byDefault.take(2, WAIT).stream()
                    .map(e -> e.json().get("documentKey").get("_id").asText()).toList());
            assertEquals("s3", above100.next(WAIT).json().get("documentKey").get("_id").asText());
            assertNull(above100.next(QUIET), "50 is below the variable's 100");
        }
    }

    @Test
    void resumesAfterTheLastEventIdWithoutLossOrDuplicate() {
        String lastId;
        try (SseClient sse = subscribe("all")) {
            assertEquals(201, http.post(coll, "{\"_id\": \"r1\"}").status());
            SseClient.Event first = sse.next(WAIT);
            assertEquals("r1", first.json().get("documentKey").get("_id").asText());
            lastId = first.id();
        }
        // written while no client listens
        assertEquals(201, http.post(coll, "{\"_id\": \"r2\"}").status());
        assertEquals(201, http.post(coll, "{\"_id\": \"r3\"}").status());
        try (SseClient again = subscribe("all", "Last-Event-ID", lastId)) {
            List<SseClient.Event> events = again.take(2, WAIT);
            assertEquals(List.of("r2", "r3"), events.stream()
                    .map(e -> e.json().get("documentKey").get("_id").asText()).toList());
            assertNull(again.next(QUIET), "no duplicate, nothing else");
        }
    }

    @Test
    void aClientThatFallsBehindGetsEveryEventOnceInOrderWhenItReadsAgain() throws Exception {
        String bulky = "/" + db + "/bulky";
        assertEquals(201, http.put(bulky, "{\"streams\": [{\"uri\": \"all\", \"stages\": []}]}").status());
        java.net.URI uri = java.net.URI.create(base);
        try (java.net.Socket socket = new java.net.Socket(uri.getHost(), uri.getPort())) {
            socket.setReceiveBufferSize(64 * 1024);
            socket.getOutputStream().write(("GET " + bulky + "/_streams/all HTTP/1.1\r\nHost: " + uri.getHost()
                    + "\r\nAccept: text/event-stream\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            java.io.DataInputStream in = new java.io.DataInputStream(new java.io.BufferedInputStream(
                    socket.getInputStream()));
            String line;
            while (!(line = asciiLine(in)).isEmpty()) {
                assertFalse(line.startsWith("HTTP/1.1 ") && !line.startsWith("HTTP/1.1 200"), line);
            }
            StringBuilder body = new StringBuilder();
            while (!body.toString().contains(": subscribed")) {
                body.append(chunk(in));
            }
            // the client reads nothing while megabytes of events are written: the server's writes block, the
            // batches after them wait in its queue and go out together once the client reads again
            String filler = "x".repeat(150_000);
            int count = 40;
            for (int i = 0; i < count; i++) {
                assertEquals(201, http.post(bulky, "{\"_id\": " + i + ", \"filler\": \"" + filler + "\"}").status());
            }
            List<Integer> ids = new java.util.ArrayList<>();
            List<String> tokens = new java.util.ArrayList<>();
            body.setLength(0);
            int chunks = 0;
            long until = System.nanoTime() + WAIT.toNanos() * 3;
            while (ids.size() < count && System.nanoTime() < until) {
                body.append(chunk(in));
                chunks++;
                int end;
                while ((end = body.indexOf("\n\n")) >= 0) {
                    String frame = body.substring(0, end);
                    body.delete(0, end + 2);
                    if (frame.startsWith(":")) {
                        continue; // a heartbeat
                    }
                    String[] lines = frame.split("\n");
                    assertTrue(lines[0].startsWith("id: ") && lines[1].startsWith("data: "), frame.substring(0, 80));
                    JsonNode event = new com.fasterxml.jackson.databind.ObjectMapper().readTree(lines[1].substring(6));
                    assertEquals(filler, event.get("fullDocument").get("filler").asText(), "each event whole");
                    ids.add(event.get("documentKey").get("_id").asInt());
                    tokens.add(lines[0].substring(4));
                }
            }
            assertEquals(java.util.stream.IntStream.range(0, count).boxed().toList(), ids, "all, once, in order");
            assertEquals(count, new java.util.HashSet<>(tokens).size(), "every event its own resume token");
            assertTrue(chunks < count, "events waiting are written together (" + chunks + " chunks)");
        }
    }

    private static String asciiLine(java.io.DataInputStream in) throws java.io.IOException {
        StringBuilder line = new StringBuilder();
        int b;
        while ((b = in.read()) != '\n') {
            if (b < 0) {
                throw new java.io.EOFException(line.toString());
            }
            if (b != '\r') {
                line.append((char) b);
            }
        }
        return line.toString();
    }

    /** The next chunk of a chunked response body, as UTF-8. */
    private static String chunk(java.io.DataInputStream in) throws java.io.IOException {
        int size = Integer.parseInt(asciiLine(in).split(";")[0].trim(), 16);
        byte[] data = new byte[size];
        in.readFully(data);
        asciiLine(in);
        return new String(data, StandardCharsets.UTF_8);
    }

    @Test
    void anUnknownStreamOrABadStageIsAProblemBeforeStreaming() {
        Http.Response missing = http.get(coll + "/_streams/nope", "Accept", "text/event-stream");
        assertEquals(404, missing.status());
        assertEquals("stream-not-found", missing.json().get("code").asText());
        Http.Response bad = http.get(coll + "/_streams/bad", "Accept", "text/event-stream");
        assertEquals(400, bad.status());
        assertEquals("invalid-pipeline", bad.json().get("code").asText());
        Http.Response plain = http.get(coll + "/_streams/all");
        assertEquals(406, plain.status());
    }

    @Test
    void anUnknownResumeTokenEndsWithAnErrorEvent() {
        try (SseClient sse = SseClient.open(base + coll + "/_streams/all", "Last-Event-ID", "0badc0de")) {
            SseClient.Event event = sse.next(WAIT);
            assertNotNull(event, "an error event, not silence");
            assertEquals("error", event.type());
            assertFalse(event.json().get("code").asText().isEmpty());
            assertTrue(sse.ended(WAIT));
        }
    }
}
