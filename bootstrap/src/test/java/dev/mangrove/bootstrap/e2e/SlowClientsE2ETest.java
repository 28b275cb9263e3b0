package dev.mangrove.bootstrap.e2e;

import dev.mangrove.bootstrap.Mangrove;
import org.junit.jupiter.api.Test;

import java.io.InputStream;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A client that stops reading a streamed response does not hold the server (docs/operations.md#limits). */
class SlowClientsE2ETest {
    private static final int DOCUMENTS = 30_000;

    @Test
    void aStreamToAClientThatStopsReadingIsAbandonedAfterTheWriteTimeout() throws Exception {
        try (Mangrove server = TestServer.start(Map.of("mangrove.http.write-timeout", "1s"))) {
            Http http = new Http(server.url());
            String coll = "/" + TestServer.freshDatabase("slow") + "/big";
            String pad = "x".repeat(1000);
            for (int start = 0; start < DOCUMENTS; start += 10_000) { // ~30 MB, far more than socket buffers hold
                StringBuilder body = new StringBuilder("[");
                for (int i = start; i < start + 10_000; i++) {
                    body.append(i == start ? "" : ",").append("{\"n\":").append(i).append(",\"pad\":\"").append(pad)
                            .append("\"}");
                }
                assertEquals(201, http.post(coll, body.append(']').toString()).status());
            }
            URI base = URI.create(server.url());
            try (Socket socket = new Socket()) {
                socket.setReceiveBufferSize(4096);
                socket.connect(new InetSocketAddress(InetAddress.getByName(base.getHost()), base.getPort()));
                socket.getOutputStream().write(("GET " + coll + "?pagination=false HTTP/1.1\r\nHost: localhost\r\n"
                        + "Accept: application/x-ndjson\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.UTF_8));
                socket.getOutputStream().flush();
                awaitInFlight(http, 1); // the stream is being written, to a client that reads nothing
                awaitInFlight(http, 0); // and is given up: the request ends, its cursor closed
                long lines = lines(socket.getInputStream());
                assertTrue(lines < DOCUMENTS, "the stream was cut: " + lines + " of " + DOCUMENTS + " documents");
            }
            assertEquals(200, http.get(coll + "/_size").status(), "the server still answers");
            String metrics = http.get("/metrics").body();
            assertTrue(metrics.contains("route=\"/{db}/{coll}\",status=\"499\""),
                    "the abandoned stream is recorded as 499 (the client went away), not as a 500: " + metrics.lines()
                            .filter(l -> l.startsWith("http_server_requests_seconds_count")).toList());
        }
    }

    private static void awaitInFlight(Http http, int n) throws InterruptedException {
        for (int i = 0; i < 2400; i++) {
            if (http.get("/metrics").body().contains("mangrove_http_requests_in_flight " + n + ".0")) {
                return;
            }
            Thread.sleep(25);
        }
        throw new AssertionError("never " + n + " requests in flight");
    }

    /** How many lines arrived before the connection ended (closed or reset). */
    private static long lines(InputStream in) {
        long lines = 0;
        byte[] buffer = new byte[65536];
        try {
            for (int n; (n = in.read(buffer)) >= 0; ) {
                for (int i = 0; i < n; i++) {
                    lines += buffer[i] == '\n' ? 1 : 0;
                }
            }
        } catch (IOException e) {
            // a reset ends it too
        }
        return lines;
    }
}
