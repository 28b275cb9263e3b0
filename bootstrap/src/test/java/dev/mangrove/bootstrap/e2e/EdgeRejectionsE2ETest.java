package dev.mangrove.bootstrap.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mangrove.bootstrap.Mangrove;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Requests that the URI decoder or the HTTP parser refuses: each gets a 4xx problem+json, and the access
 * log and the metrics record the status actually sent (issue 20, items 5 and 7). Raw sockets, because
 * no HTTP client sends these requests.
 */
class EdgeRejectionsE2ETest {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final Logger ACCESS = Logger.getLogger("dev.mangrove.access");
    private static final Logger SERVER = Logger.getLogger("");
    private static final List<LogRecord> ACCESS_LINES = new CopyOnWriteArrayList<>();
    private static final List<LogRecord> SEVERE = new CopyOnWriteArrayList<>();
    private static final Handler ACCESS_CAPTURE = capture(ACCESS_LINES);
    private static final Handler SEVERE_CAPTURE = capture(SEVERE);
    private static Mangrove server;
    private static Level accessLevel;

    @BeforeAll
    static void start() {
        server = TestServer.start(Map.of());
        accessLevel = ACCESS.getLevel();
        ACCESS.setLevel(Level.INFO);
        ACCESS.addHandler(ACCESS_CAPTURE);
        SEVERE_CAPTURE.setLevel(Level.SEVERE);
        SERVER.addHandler(SEVERE_CAPTURE);
    }

    @AfterAll
    static void stop() {
        ACCESS.removeHandler(ACCESS_CAPTURE);
        ACCESS.setLevel(accessLevel);
        SERVER.removeHandler(SEVERE_CAPTURE);
        server.close();
    }

    @Test
    void malformedQueryEscapesAre400ProblemsLoggedAs400() {
        long before = count(awaitMetrics(""), UNMATCHED_400);
        List<String> targets = List.of("/any/thing?x=%", "/any/thing?%=1", "/any/thing?pagesize=%",
                "/any/thing?x=%Z");
        for (int i = 0; i < targets.size(); i++) {
            String target = targets.get(i);
            String id = "q-" + i + "-" + ProcessHandle.current().pid();
            ACCESS_LINES.clear();
            SEVERE.clear();
            Raw r = raw("GET " + target + " HTTP/1.1\r\nHost: localhost\r\nX-Request-Id: " + id
                    + "\r\nConnection: close\r\n\r\n");
            assertProblem(r, 400, "invalid-query", target);
            assertTrue(SEVERE.isEmpty(), target + ": no SEVERE log for a client's mistake: " + messages(SEVERE));
            awaitAccessLine(" 400 ", target);
            List<String> lines = ACCESS_LINES.stream().map(LogRecord::getMessage)
                    .filter(l -> l.endsWith("id=" + id)).toList();
            assertEquals(1, lines.size(), target + ": one access line: " + messages(ACCESS_LINES));
            assertTrue(lines.get(0).startsWith("GET unmatched 400 "), target + ": logged as sent: " + lines);
        }
        String metrics = awaitMetrics(UNMATCHED_400 + " " + (before + 4));
        assertEquals(before + 4, count(metrics, UNMATCHED_400), metrics);
        assertFalse(metrics.contains("route=\"unmatched\",status=\"200\""), metrics);
        assertFalse(metrics.contains("status=\"500\""), metrics);
    }

    @Test
    void aMalformedQueryIsRefusedBeforeTheHandlerAlsoForAnApiRoute() {
        Raw r = raw("GET /somedb/coll?filter=%7B%ZZ HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n");
        assertProblem(r, 400, "invalid-query", "filter");
    }

    @Test
    void aBadPathEscapeIsA400Problem() {
        ACCESS_LINES.clear();
        Raw r = raw("GET /x/%ZZ HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n");
        assertProblem(r, 400, "invalid-path", "/x/%ZZ");
        awaitAccessLine(" 400 ", "/x/%ZZ");
    }

    @Test
    void aHeaderOver100KiBIsA431Problem() {
        Raw r = raw("GET /health/live HTTP/1.1\r\nHost: localhost\r\nX-Big: " + "a".repeat(100 * 1024)
                + "\r\nConnection: close\r\n\r\n");
        assertProblem(r, 431, "headers-too-large", "100 KiB header");
    }

    @Test
    void aPathOf10KiBIsA414Problem() {
        Raw r = raw("GET /" + "p".repeat(10 * 1024) + " HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n");
        assertProblem(r, 414, "uri-too-long", "10 KiB path");
    }

    @Test
    void requestLinesUpTo8KiBAreAnsweredWithTheListenersWideReceiveBuffer() throws Exception {
        // with a receive buffer over 4 KiB, a first read can hold more than 4 KiB of request line; Helidon's HTTP/1
        // selector must still take it (docs/operations.md#limits): answered, not closed and not 414
        java.net.http.HttpClient client = java.net.http.HttpClient.newBuilder()
                .version(java.net.http.HttpClient.Version.HTTP_1_1).build();
        for (int length : new int[] {4_500, 6_000, 8_000}) {
            String path = "/health/live?x=" + "q".repeat(length - "GET /health/live?x= HTTP/1.1".length());
            java.net.http.HttpResponse<String> response = client.send(java.net.http.HttpRequest.newBuilder(
                    URI.create(server.url() + path)).timeout(java.time.Duration.ofSeconds(10)).build(),
                    java.net.http.HttpResponse.BodyHandlers.ofString());
            assertEquals(200, response.statusCode(), length + "-byte request line: " + response.body());
        }
        Raw r = raw("GET /health/live?x=" + "q".repeat(8_300) + " HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n");
        assertProblem(r, 414, "uri-too-long", "a request line over 8 KiB");
    }

    /** The access line of a request is written just after its response is sent: wait for it (10 s at most). */
    private static void awaitAccessLine(String part, String what) {
        for (int i = 0; i < 200 && ACCESS_LINES.stream().noneMatch(l -> l.getMessage().contains(part)); i++) {
            sleep();
        }
        assertTrue(ACCESS_LINES.stream().anyMatch(l -> l.getMessage().contains(part)),
                what + ": access log says" + part + ": " + messages(ACCESS_LINES));
    }

    private static final String UNMATCHED_400 =
            "http_server_requests_seconds_count{method=\"GET\",route=\"unmatched\",status=\"400\"}";

    private static long count(String metrics, String series) {
        return metrics.lines().filter(l -> l.startsWith(series + " "))
                .mapToLong(l -> (long) Double.parseDouble(l.substring(series.length() + 1).trim())).sum();
    }

    private static String awaitMetrics(String part) {
        String metrics = new Http(server.url()).get("/metrics").body();
        for (int i = 0; i < 200 && !metrics.contains(part); i++) {
            sleep();
            metrics = new Http(server.url()).get("/metrics").body();
        }
        return metrics;
    }

    private static void sleep() {
        try {
            Thread.sleep(50);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    private static void assertProblem(Raw r, int status, String code, String what) {
        assertEquals(status, r.status(), what + ": " + r);
        assertTrue(r.header("content-type").startsWith("application/problem+json"), what + ": " + r);
        JsonNode body = r.json();
        assertEquals(status, body.get("status").asInt(), what + ": " + r);
        assertEquals(code, body.get("code").asText(), what + ": " + r);
        assertFalse(r.body().contains("Exception"), what + ": no internals: " + r);
        assertFalse(r.body().contains("io.helidon"), what + ": no internals: " + r);
    }

    /** Sends bytes as they are and reads the whole response (the request asks to close the connection). */
    static Raw raw(String request) {
        URI base = URI.create(server.url());
        try (Socket socket = new Socket(InetAddress.getByName(base.getHost()), base.getPort())) {
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            out.write(request.getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            return Raw.parse(readAll(socket.getInputStream()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Reads one response: its head, then its Content-Length or chunked body, or up to the end of the stream. */
    private static byte[] readAll(InputStream in) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        byte[] buffer = new byte[8192];
        try {
            for (int n; !complete(bytes.toByteArray()) && (n = in.read(buffer)) >= 0; ) {
                bytes.write(buffer, 0, n);
            }
        } catch (java.net.SocketException reset) {
            // the server may reset after answering a request it did not read to the end
        }
        return bytes.toByteArray();
    }

    private static boolean complete(byte[] bytes) {
        String text = new String(bytes, StandardCharsets.ISO_8859_1);
        int end = text.indexOf("\r\n\r\n");
        if (end < 0) {
            return false;
        }
        String head = text.substring(0, end).toLowerCase(Locale.ROOT);
        java.util.regex.Matcher length = java.util.regex.Pattern.compile("\r\ncontent-length:\\s*(\\d+)").matcher(head);
        if (length.find()) {
            return bytes.length >= end + 4 + Integer.parseInt(length.group(1));
        }
        if (head.contains("transfer-encoding: chunked")) {
            return text.endsWith("0\r\n\r\n");
        }
        return false;
    }

    private static Handler capture(List<LogRecord> into) {
        return new Handler() {
            @Override
            public void publish(LogRecord record) {
                if (isLoggable(record)) {
                    into.add(record);
                }
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
    }

    private static String messages(List<LogRecord> records) {
        return records.stream().map(r -> r.getLoggerName() + ": " + r.getMessage()).toList().toString();
    }

    /** A response as it came over the wire. */
    record Raw(int status, Map<String, String> headers, String body) {
        static Raw parse(byte[] bytes) {
            String text = new String(bytes, StandardCharsets.UTF_8);
            int end = text.indexOf("\r\n\r\n");
            assertTrue(end > 0, "a complete response head: " + text);
            String[] lines = text.substring(0, end).split("\r\n");
            java.util.HashMap<String, String> headers = new java.util.HashMap<>();
            for (int i = 1; i < lines.length; i++) {
                int colon = lines[i].indexOf(':');
                headers.put(lines[i].substring(0, colon).trim().toLowerCase(Locale.ROOT),
                        lines[i].substring(colon + 1).trim());
            }
            String body = text.substring(end + 4);
            if ("chunked".equalsIgnoreCase(headers.get("transfer-encoding"))) {
                body = unchunk(body);
            }
            return new Raw(Integer.parseInt(lines[0].split(" ")[1]), headers, body);
        }

        private static String unchunk(String chunked) {
            StringBuilder out = new StringBuilder();
            int at = 0;
            while (true) {
                int eol = chunked.indexOf("\r\n", at);
                int size = Integer.parseInt(chunked.substring(at, eol).trim(), 16);
                if (size == 0) {
                    return out.toString();
                }
                out.append(chunked, eol + 2, eol + 2 + size);
                at = eol + 2 + size + 2;
            }
        }

        String header(String name) {
            return headers.getOrDefault(name, "");
        }

        JsonNode json() {
            try {
                return MAPPER.readTree(body);
            } catch (IOException e) {
                throw new AssertionError("not JSON: " + this, e);
            }
        }
    }
}
