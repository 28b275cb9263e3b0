package dev.mangrove.bootstrap.e2e;

import dev.mangrove.bootstrap.Mangrove;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Map;

import static dev.mangrove.bootstrap.e2e.DocumentCrudE2ETest.assertProblem;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The limit of concurrent API requests: beyond it a 503 problem with Retry-After, health endpoints still
 * answered, and the requests in flight unharmed (issue 20, item 4). A request is held in flight by sending
 * its body slowly: the handler waits for the rest of it.
 */
class OverloadE2ETest {

    @Test
    void beyondTheLimitApiRequestsAre503WithRetryAfterWhileHealthAnswers() throws Exception {
        try (Mangrove server = TestServer.start(Map.of("mangrove.limits.max-concurrent-requests", "2"))) {
            Http http = new Http(server.url());
            String coll = "/" + TestServer.freshDatabase("overload") + "/c";
            assertEquals(201, http.post(coll, "{\"_id\": \"seed\"}").status());
            String body = "{\"_id\": \"slow1\", \"v\": 1}";
            String body2 = "{\"_id\": \"slow2\", \"v\": 2}";
            // a permit is given back just after its response is sent: wait until the seed's is back, and
            // until each slow POST holds one, so that none of them is the request refused
            awaitInFlight(http, 0);
            try (Socket slow1 = startSlowPost(server, coll, body)) {
                awaitInFlight(http, 1);
                try (Socket slow2 = startSlowPost(server, coll, body2)) {
                    awaitInFlight(http, 2);
                    Http.Response refused = awaitRefusal(http, coll);
                    String inFlight = http.get("/metrics").body().lines()
                            .filter(l -> l.startsWith("mangrove_http_requests_in_flight")).toList().toString();
                    assertEquals(503, refused.status(), refused + " in flight: " + inFlight);
                    assertProblem(refused, 503, "overloaded");
                    assertTrue(refused.header("Retry-After").isPresent(), refused.toString());
                    assertEquals(200, http.get("/health/live").status());
                    assertEquals(200, http.get("/health/ready").status());
                    assertEquals(201, finish(slow1, body.substring(10)));
                    assertEquals(201, finish(slow2, body2.substring(10)));
                }
            }
            awaitInFlight(http, 0); // their permits are given back just after their answers
            assertEquals(200, http.get(coll + "/slow1").status(), "the request in flight completed");
            assertEquals(200, http.get(coll + "/slow2").status(), "the request in flight completed");
            assertEquals(200, http.get(coll).status(), "permits are given back");
        }
    }

    /** Waits until the server reports {@code n} API requests in flight; fails if it never does. */
    private static void awaitInFlight(Http http, int n) throws InterruptedException {
        String wanted = "mangrove_http_requests_in_flight " + n + ".0";
        String seen = "";
        for (int i = 0; i < 400; i++) {
            seen = http.get("/metrics").body().lines()
                    .filter(l -> l.startsWith("mangrove_http_requests_in_flight")).findFirst().orElse("");
            if (seen.equals(wanted)) {
                return;
            }
            Thread.sleep(25);
        }
        throw new AssertionError("never " + n + " requests in flight; last seen: " + seen);
    }

    /** Two slow POSTs may not have reached their handler yet when the next GET arrives: retry until refused. */
    private static Http.Response awaitRefusal(Http http, String coll) throws InterruptedException {
        Http.Response last = http.get(coll);
        for (int i = 0; i < 200 && last.status() != 503; i++) {
            Thread.sleep(50);
            last = http.get(coll);
        }
        return last;
    }

    /** Sends the head and the first 10 bytes of a body that is longer. */
    private static Socket startSlowPost(Mangrove server, String path, String body) throws IOException {
        URI base = URI.create(server.url());
        Socket socket = new Socket(InetAddress.getByName(base.getHost()), base.getPort());
        socket.setSoTimeout(20_000);
        OutputStream out = socket.getOutputStream();
        out.write(("POST " + path + " HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n"
                + "Content-Length: " + body.length() + "\r\nConnection: close\r\n\r\n" + body.substring(0, 10))
                .getBytes(StandardCharsets.UTF_8));
        out.flush();
        return socket;
    }

    private static int finish(Socket socket, String rest) throws IOException {
        socket.getOutputStream().write(rest.getBytes(StandardCharsets.UTF_8));
        socket.getOutputStream().flush();
        InputStream in = socket.getInputStream();
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        byte[] buffer = new byte[4096];
        for (int n; (n = in.read(buffer)) >= 0; ) {
            bytes.write(buffer, 0, n);
            if (bytes.toString(StandardCharsets.UTF_8).contains("\r\n\r\n")) {
                break;
            }
        }
        String head = bytes.toString(StandardCharsets.UTF_8);
        return Integer.parseInt(head.split(" ")[1]);
    }

}
