package dev.mangrove.bootstrap.e2e;

import dev.mangrove.bootstrap.Mangrove;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static dev.mangrove.bootstrap.e2e.DocumentCrudE2ETest.assertProblem;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Health, metrics, request ids and an unreachable backend (docs/operations.md). */
class OperationsE2ETest {
    private static Http http;

    @BeforeAll
    static void start() {
        http = new Http(TestServer.shared().url());
    }

    @Test
    void healthEndpointsAnswer() {
        Http.Response live = http.get("/health/live");
        assertEquals(200, live.status());
        assertEquals("UP", live.json().get("status").asText());
        Http.Response ready = http.get("/health/ready");
        assertEquals(200, ready.status(), ready.body());
        assertEquals("UP", ready.json().get("status").asText());
    }

    @Test
    void metricsAreInPrometheusTextFormat() {
        String db = TestServer.freshDatabase("metrics");
        http.post("/" + db + "/m", "{\"a\": 1}");
        http.get("/" + db + "/m");
        Http.Response metrics = http.get("/metrics");
        assertEquals(200, metrics.status());
        assertTrue(metrics.header("Content-Type").orElseThrow().startsWith("text/plain"));
        String body = metrics.body();
        assertTrue(body.contains("http_server_requests_seconds_count{method=\"GET\",route=\"/{db}/{coll}\",status=\"200\"}"),
                body);
        assertTrue(body.contains("jvm_memory_used_bytes"), "JVM metrics");
        assertTrue(body.contains("mangrove_mongo_operations_seconds_count{operation=\"DocumentStore.insertOne\",status=\"SUCCESS\"}"),
                "MongoDB latency per operation: " + body);
        assertTrue(body.contains("mangrove_mongo_operations_seconds_count{operation=\"DocumentStore.find\",status=\"SUCCESS\"}"),
                "MongoDB latency per operation");
        assertFalse(body.contains("mongodb_driver_commands_seconds"), "the driver's command timers are off by default");
        assertTrue(body.contains("mongodb_driver_pool_size"), "connection pool gauges");
        assertFalse(body.contains(db), "no database names in route labels");
    }

    @Test
    void theDriversCommandTimersComeBackOnRequest() {
        try (Mangrove server = TestServer.start(Map.of("mangrove.metrics.mongo-commands", "true"))) {
            Http client = new Http(server.url());
            String db = TestServer.freshDatabase("commands");
            assertEquals(201, client.post("/" + db + "/c", "{\"a\": 1}").status());
            String body = client.get("/metrics").body();
            assertTrue(body.contains("mongodb_driver_commands_seconds_count{command=\"insert\",status=\"SUCCESS\"}"), body);
            assertTrue(body.contains("mangrove_mongo_operations_seconds"), "the operation timers stay");
        }
    }

    @Test
    void echoesOrGeneratesARequestIdAndSetsNosniff() {
        Http.Response echoed = http.get("/health/live", "X-Request-Id", "abc-123");
        assertEquals("abc-123", echoed.header("X-Request-Id").orElseThrow());
        Http.Response generated = http.get("/health/live");
        String id = generated.header("X-Request-Id").orElseThrow();
        assertFalse(id.isBlank());
        assertNotEquals(id, http.get("/health/live").header("X-Request-Id").orElseThrow());
        assertEquals("nosniff", generated.header("X-Content-Type-Options").orElseThrow());
    }

    @Test
    void aTakenPortStopsStartUpNamingTheKey() {
        int taken = TestServer.shared().port();
        dev.mangrove.bootstrap.ConfigurationException e = org.junit.jupiter.api.Assertions.assertThrows(
                dev.mangrove.bootstrap.ConfigurationException.class,
                () -> TestServer.start(Map.of("server.port", Integer.toString(taken))));
        assertTrue(e.getMessage().contains("server.port"), e.getMessage());
    }

    @Test
    void anUnreachableBackendGives503QuicklyAndTheServerStillStarts() {
        try (Mangrove down = TestServer.start(Map.of("mangrove.mongo.uri", "mongodb://127.0.0.1:1",
                "mangrove.mongo.server-selection-timeout", "500ms"))) {
            Http client = new Http(down.url());
            assertEquals(200, client.get("/health/live").status());
            long start = System.nanoTime();
            Http.Response ready = client.get("/health/ready");
            assertEquals(503, ready.status(), ready.body());
            Http.Response api = client.get("/somedb/somecoll");
            long millis = (System.nanoTime() - start) / 1_000_000;
            assertProblem(api, 503, "backend-unavailable");
            assertTrue(api.header("Retry-After").isPresent());
            assertFalse(api.body().contains("127.0.0.1:1"), "no connection string in errors: " + api.body());
            assertTrue(millis < 10_000, "answered within a few seconds, took " + millis + " ms");
            assertProblem(client.post("/somedb/somecoll", "{\"a\": 1}"), 503, "backend-unavailable");
        }
    }
}
