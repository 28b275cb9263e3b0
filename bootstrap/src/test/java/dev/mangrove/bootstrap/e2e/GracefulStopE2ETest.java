package dev.mangrove.bootstrap.e2e;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.Socket;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * SIGTERM stops gracefully: readiness goes 503 first, new API requests are refused with a problem, the
 * request in flight completes and every request is in the access log (issue 20, item 9). A forked server,
 * SIGTERM by {@link Process#destroy()}; the request in flight is held by sending its body slowly.
 */
class GracefulStopE2ETest {

    @TempDir
    Path dir;

    @Test
    void sigtermLetsTheRequestInFlightFinishAndLogsIt() throws Exception {
        StringBuilder output = new StringBuilder();
        Process process = ForkedServer.start(dir, "-Dmangrove.embedded.in-memory=true", "-Dmangrove.shutdown-grace=30s",
                // as ./mangrove does: with a manifest class path the JDK sets up logging before main
                "-Djava.util.logging.manager=dev.mangrove.bootstrap.ShutdownLogManager");
        try {
            String url = ForkedServer.awaitUrl(process, output);
            Http http = new Http(url);
            String coll = "/graceful/c";
            assertEquals(201, http.post(coll, "{\"_id\": \"before\"}").status());
            String body = "{\"_id\": \"inflight\", \"v\": 1}";
            try (Socket slow = SlowRequests.startPost(url, coll, body)) {
                awaitInFlight(http);
                process.toHandle().destroy(); // SIGTERM (Process.destroy() would also close our end of its output)
                awaitNotReady(http);
                Http.Response refused = http.get(coll);
                assertEquals(503, refused.status(), refused.toString());
                assertEquals("shutting-down", refused.json().get("code").asText(), refused.toString());
                assertEquals(201, SlowRequests.finish(slow, body), "the request in flight completed");
            }
            assertTrue(process.waitFor(60, TimeUnit.SECONDS), "the server exits after the request in flight");
            assertEquals(143 & 0xff, process.exitValue() & 0xff, "exit status of SIGTERM");
            String log = "";
            for (int i = 0; i < 200 && !log.contains("GET unmatched 503"); i++) { // the reader may lag behind
                synchronized (output) {
                    log = output.toString();
                }
                Thread.sleep(50);
            }
            assertTrue(log.contains("POST /{db}/{coll} 201"), "the request in flight is logged:\n" + log);
            assertTrue(log.contains("GET unmatched 503"), "the refused request is logged:\n" + log);
        } finally {
            process.destroyForcibly();
            process.waitFor(30, TimeUnit.SECONDS);
        }
    }

    /** The slow POST is in its handler once the server counts it among the requests in flight. */
    private static void awaitInFlight(Http http) throws InterruptedException {
        for (int i = 0; i < 400; i++) {
            String metrics = http.get("/metrics").body();
            if (metrics.contains("mangrove_http_requests_in_flight 1.0")) {
                return;
            }
            Thread.sleep(25);
        }
        throw new AssertionError("the slow request never reached its handler");
    }

    private static void awaitNotReady(Http http) throws InterruptedException {
        for (int i = 0; i < 400; i++) {
            if (http.get("/health/ready").status() == 503) {
                return;
            }
            Thread.sleep(25);
        }
        throw new AssertionError("readiness never went 503 after SIGTERM");
    }
}
