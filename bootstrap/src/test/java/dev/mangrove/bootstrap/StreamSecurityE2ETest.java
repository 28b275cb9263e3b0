package dev.mangrove.bootstrap;

import com.fasterxml.jackson.databind.JsonNode;
import dev.mangrove.bootstrap.e2e.Http;
import dev.mangrove.bootstrap.e2e.SseClient;
import dev.mangrove.bootstrap.e2e.TestServer;
import dev.mangrove.bootstrap.e2e.WsClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Set;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Change streams with security on (docs/streams.md#what-a-user-sees): the ACL's GET permission on the stream path,
 * the readFilter applied to the events' fullDocument, hidden fields removed, 401 before streaming, a token in
 * the query that the access log never shows, and a slow client dropped while the others get every event.
 */
class StreamSecurityE2ETest {
    private static final String SECRET = "stream-security-secret-0123456789abcdef";
    private static final Duration WAIT = Duration.ofSeconds(10);
    private static final Duration QUIET = Duration.ofMillis(700);
    private static Path dir;
    private static Mangrove server;
    private static Http http;
    private static String posts;

    @BeforeAll
    static void start() throws IOException {
        dir = Files.createTempDirectory("mangrove-stream-security-e2e");
        String blog = TestServer.freshDatabase("streamsec");
        posts = "/" + blog + "/posts";
        Path file = dir.resolve("mangrove.yaml");
        Files.writeString(file, """
                mangrove:
                  streams: {queue: 4, heartbeat: 1s}
                  security:
                    enabled: true
                    realm: file
                    jwt: {secret: "%s"}
                    users:
                      - {username: alice, password: alice-pass, roles: [author]}
                      - {username: bob, password: bob-pass, roles: [author]}
                      - {username: root, password: root-pass, roles: [admin]}
                    acl:
                      - roles: [author]
                        methods: [GET]
                        path: "/%s/posts/_streams/**"
                        mongo:
                          readFilter:   {"author": "@user.username"}
                          projectResponse: {"internalNotes": 0}
                """.formatted(SECRET, blog));
        server = YamlServers.start(file);
        http = new Http(server.url());
        assertEquals(201, http.put(posts, "{\"streams\": [{\"uri\": \"all\", \"stages\": []}]}", root()).status());
    }

    @AfterAll
    static void stop() throws IOException {
        if (server != null) {
            server.close();
        }
        YamlServers.delete(dir);
    }

    private static String[] basic(String user) {
        return new String[] {"Authorization", "Basic " + Base64.getEncoder().encodeToString(
                (user + ":" + user + "-pass").getBytes(StandardCharsets.UTF_8))};
    }

    private static String[] root() {
        return basic("root");
    }

    private static SseClient subscribe(String query, String... headers) {
        return SseClient.open(server.url() + posts + "/_streams/all" + query, headers).awaitSubscribed(WAIT);
    }

    @Test
    void anUnauthenticatedSubscriptionIsRefusedWith401BeforeStreaming() {
        Http.Response anonymous = http.get(posts + "/_streams/all", "Accept", "text/event-stream");
        assertEquals(401, anonymous.status());
        assertTrue(anonymous.header("WWW-Authenticate").isPresent());
        Http.Response badToken = http.get(posts + "/_streams/all?access_token=forged", "Accept", "text/event-stream");
        assertEquals(401, badToken.status());
        String ws = server.url().replace("http://", "ws://") + posts + "/_streams/all";
        java.util.concurrent.ExecutionException refused = org.junit.jupiter.api.Assertions.assertThrows(
                java.util.concurrent.ExecutionException.class, () -> WsClient.connect(ws));
        assertEquals(401, ((java.net.http.WebSocketHandshakeException) refused.getCause()).getResponse().statusCode(),
                "401 before the upgrade");
    }

    @Test
    void aWebSocketTakesItsBearerTokenFromTheSubprotocolAndSeesOnlyWhatItMayRead() throws Exception {
        Http.Response login = http.post("/token", "{\"username\": \"bob\", \"password\": \"bob-pass\"}");
        String token = login.json().get("access_token").asText();
        String ws = server.url().replace("http://", "ws://") + posts + "/_streams/all";
        try (WsClient bob = WsClient.connect(ws, "Sec-WebSocket-Protocol", "bearer, " + token)) {
            assertEquals(201, http.post(posts, "{\"_id\": \"a9\", \"author\": \"alice\"}", root()).status());
            assertEquals(201, http.post(posts, "{\"_id\": \"b9\", \"author\": \"bob\", \"internalNotes\": 1}",
                    root()).status());
            JsonNode event = bob.next(WAIT);
            assertEquals("b9", event.get("documentKey").get("_id").asText(), "bob never sees alice's document");
            assertFalse(event.get("fullDocument").has("internalNotes"));
        }
    }

    @Test
    void aUserNeverReceivesEventsOfDocumentsItCannotReadNorItsHiddenFields() {
        try (SseClient alice = subscribe("", basic("alice")); SseClient bob = subscribe("", basic("bob"))) {
            assertEquals(201, http.post(posts, "{\"_id\": \"b1\", \"author\": \"bob\", \"internalNotes\": \"x\"}",
                    root()).status());
            assertEquals(201, http.post(posts, "{\"_id\": \"a1\", \"author\": \"alice\", \"internalNotes\": \"y\"}",
                    root()).status());
            Set<String> mine = Set.of("a1", "b1");
            JsonNode forAlice = nextAbout(alice, WAIT, mine);
            assertEquals("a1", forAlice.get("documentKey").get("_id").asText());
            assertEquals("alice", forAlice.get("fullDocument").get("author").asText());
            assertFalse(forAlice.get("fullDocument").has("internalNotes"));
            assertNull(nextAbout(alice, QUIET, mine), "alice never sees bob's document");
            assertEquals("b1", nextAbout(bob, WAIT, mine).get("documentKey").get("_id").asText());
            assertNull(nextAbout(bob, QUIET, mine));
        }
    }

    /**
     * The next event about one of {@code ids}, or null when none comes within {@code wait}: the tests share one
     * collection, and an event of another test's document written just before this subscription may still
     * arrive (a subscriber joining a shared server-side stream gets what it delivers from then on).
     */
    private static JsonNode nextAbout(SseClient client, Duration wait, Set<String> ids) {
        long deadline = System.nanoTime() + wait.toNanos();
        while (true) {
            long left = deadline - System.nanoTime();
            SseClient.Event event = left <= 0 ? null : client.next(Duration.ofNanos(left));
            if (event == null) {
                return null;
            }
            JsonNode json = event.json();
            if (ids.contains(json.path("documentKey").path("_id").asText())) {
                return json;
            }
        }
    }

    @Test
    void aBrowserMayGiveItsTokenInTheQueryAndTheAccessLogNeverShowsIt() {
        Http.Response login = http.post("/token", "{\"username\": \"alice\", \"password\": \"alice-pass\"}");
        assertEquals(200, login.status(), login.toString());
        String token = login.json().get("access_token").asText();
        List<String> lines = new ArrayList<>();
        Handler capture = new Handler() {
            @Override
            public void publish(LogRecord record) {
                lines.add(String.valueOf(record.getMessage()));
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        Logger access = Logger.getLogger("dev.mangrove.access");
        access.addHandler(capture);
        try (SseClient alice = subscribe("?access_token=" + token)) {
            assertEquals(201, http.post(posts, "{\"_id\": \"a2\", \"author\": \"alice\"}", root()).status());
            assertEquals("a2", alice.next(WAIT).json().get("documentKey").get("_id").asText());
        } finally {
            access.removeHandler(capture);
        }
        assertFalse(lines.isEmpty(), "the access log saw the requests");
        for (String line : lines) {
            assertFalse(line.contains(token) || line.contains("access_token"), line);
        }
    }

    @Test
    void aClientThatDoesNotReadIsDroppedWhileAnotherGetsEveryEvent() throws IOException {
        URI uri = URI.create(server.url());
        String credentials = Base64.getEncoder().encodeToString("alice:alice-pass".getBytes(StandardCharsets.UTF_8));
        try (Socket stalled = new Socket(uri.getHost(), uri.getPort());
             SseClient reader = subscribe("", basic("alice"))) {
            stalled.setReceiveBufferSize(4096);
            OutputStream out = stalled.getOutputStream();
            out.write(("GET " + posts + "/_streams/all HTTP/1.1\r\nHost: x\r\nAccept: text/event-stream\r\n"
                    + "Authorization: Basic " + credentials + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.flush();
            waitForSubscribers(2);
            String big = "x".repeat(64 * 1024);
            int count = 120;
            for (int i = 0; i < count; i++) {
                assertEquals(201, http.post(posts, "{\"_id\": \"big" + i + "\", \"author\": \"alice\", \"pad\": \""
                        + big + "\"}", root()).status());
                assertEquals("big" + i, reader.next(WAIT).json().get("documentKey").get("_id").asText(),
                        "the reading client gets every event in order");
            }
            assertTrue(metric("mangrove_streams_clients_dropped_total") >= 1, "the stalled client was dropped");
        }
    }

    private static void waitForSubscribers(int n) {
        for (int i = 0; i < 100 && metric("mangrove_streams_subscribers") < n; i++) {
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        assertEquals(n, (int) metric("mangrove_streams_subscribers"));
    }

    private static double metric(String name) {
        Http.Response scrape = http.get("/metrics", root());
        for (String line : scrape.body().split("\n")) {
            if (line.startsWith(name + " ") || line.startsWith(name + "{")) {
                return Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
            }
        }
        throw new AssertionError(name + " not in /metrics");
    }
}
