package dev.mangrove.bootstrap.e2e;

import dev.mangrove.bootstrap.Mangrove;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Map;

import static dev.mangrove.bootstrap.e2e.DocumentCrudE2ETest.assertProblem;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/** A bulk insert is bounded by mangrove.writes.max-batch-size (docs/operations.md#limits). */
class BatchLimitsE2ETest {
    @Test
    void anArrayOf200000DocumentsIsRefusedWithNothingWritten() {
        Http http = new Http(TestServer.shared().url());
        String coll = "/" + TestServer.freshDatabase("batch") + "/big";
        // the collection exists, so that its _size can say nothing was written (a missing one is 404, issue 13)
        assertEquals(201, http.put(coll, "{}").status());
        StringBuilder body = new StringBuilder("[");
        for (int i = 0; i < 200_000; i++) {
            body.append(i == 0 ? "" : ",").append("{\"n\":").append(i).append('}');
        }
        Http.Response r = http.post(coll, body.append(']').toString());
        assertProblem(r, 413, "batch-too-large");
        assertTrue(r.json().get("detail").asText().contains("mangrove.writes.max-batch-size"), r.body());
        assertEquals("{\"_size\":0}", http.get(coll + "/_size").body().replace(" ", ""));
    }

    @Test
    void theLimitIsConfigurable() {
        try (Mangrove server = TestServer.start(Map.of("mangrove.writes.max-batch-size", "3"))) {
            Http http = new Http(server.url());
            String coll = "/" + TestServer.freshDatabase("batch") + "/small";
            assertProblem(http.post(coll, "[{\"a\":1},{\"a\":2},{\"a\":3},{\"a\":4}]"), 413, "batch-too-large");
            assertEquals(201, http.post(coll, "[{\"a\":1},{\"a\":2},{\"a\":3}]").status());
            assertEquals(3, http.get(coll).json().size());
        }
    }

    @Test
    void aBulkInsertStopsWhenTheClientGoesAway() throws Exception {
        int total = 100_000; // 100 chunks of 1,000: the close reaches the server long before the last one
        try (Mangrove server = TestServer.start(Map.of("mangrove.writes.max-batch-size", "200000"))) {
            Http http = new Http(server.url());
            String coll = "/" + TestServer.freshDatabase("batch") + "/gone";
            assertEquals(201, http.put(coll, "{}").status());
            StringBuilder body = new StringBuilder("[");
            for (int i = 0; i < total; i++) {
                body.append(i == 0 ? "" : ",").append("{\"n\":").append(i).append('}');
            }
            byte[] bytes = body.append(']').toString().getBytes(StandardCharsets.UTF_8);
            URI base = URI.create(server.url());
            try (Socket socket = new Socket(InetAddress.getByName(base.getHost()), base.getPort())) {
                OutputStream out = socket.getOutputStream();
                out.write(("POST " + coll + " HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n"
                        + "Content-Length: " + bytes.length + "\r\n\r\n").getBytes(StandardCharsets.UTF_8));
                out.write(bytes);
                out.flush();
            } // closed without reading the answer
            long written = settledSize(http, coll, total);
            assertTrue(written < total / 2, "the insert stopped when the client went away: " + written + " of " + total);
            // the connection left behind is usable: the server still answers, and writes again
            assertEquals(201, http.post(coll, "[{\"after\": 1}]").status());
        }
    }

    /** The collection's size once it stops changing (or reaches {@code total}). */
    private static long settledSize(Http http, String coll, int total) throws InterruptedException {
        long last = -1;
        int same = 0;
        for (int round = 0; round < 600; round++) {
            long size = http.get(coll + "/_size").json().get("_size").asLong();
            if (size == total) {
                return size;
            }
            same = size == last ? same + 1 : 0;
            if (same == 5) {
                return size;
            }
            last = size;
            Thread.sleep(200);
        }
        return fail("the size never settled: " + last);
    }
}
