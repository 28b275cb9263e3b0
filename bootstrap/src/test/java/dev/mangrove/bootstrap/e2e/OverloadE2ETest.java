package dev.mangrove.bootstrap.e2e;

import dev.mangrove.bootstrap.Mangrove;
import org.junit.jupiter.api.Test;

import java.net.Socket;
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
            try (Socket slow1 = SlowRequests.startPost(server.url(), coll, body)) {
                awaitInFlight(http, 1);
                try (Socket slow2 = SlowRequests.startPost(server.url(), coll, body2)) {
                    awaitInFlight(http, 2);
                    Http.Response refused = awaitRefusal(http, coll);
                    String inFlight = http.get("/metrics").body().lines()
                            .filter(l -> l.startsWith("mangrove_http_requests_in_flight")).toList().toString();
                    assertEquals(503, refused.status(), refused + " in flight: " + inFlight);
                    assertProblem(refused, 503, "overloaded");
                    assertTrue(refused.header("Retry-After").isPresent(), refused.toString());
                    assertEquals(200, http.get("/health/live").status());
                    assertEquals(200, http.get("/health/ready").status());
                    assertEquals(201, SlowRequests.finish(slow1, body));
                    assertEquals(201, SlowRequests.finish(slow2, body2));
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

}
