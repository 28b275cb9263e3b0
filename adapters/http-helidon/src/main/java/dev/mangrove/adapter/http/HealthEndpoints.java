package dev.mangrove.adapter.http;

import dev.mangrove.application.port.in.CheckHealthUseCase;
import dev.mangrove.application.port.in.HealthReport;
import io.helidon.http.Header;
import io.helidon.http.HeaderNames;
import io.helidon.http.HeaderValues;
import io.helidon.http.Status;
import io.helidon.webserver.http.HttpRouting;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;

import java.nio.charset.StandardCharsets;
import java.util.Objects;
import java.util.function.BooleanSupplier;

/** {@code /health/live} and {@code /health/ready} (docs/operations.md). */
final class HealthEndpoints {
    static final String LIVE = "/health/live";
    static final String READY = "/health/ready";
    private static final Header JSON = HeaderValues.createCached(HeaderNames.CONTENT_TYPE, Exchange.JSON);
    private static final Header NO_STORE = HeaderValues.createCached(HeaderNames.CACHE_CONTROL, "no-store");
    /** The liveness answer, encoded once rather than per probe (Helidon only reads it). */
    private static final byte[] UP = "{\"status\":\"UP\"}".getBytes(StandardCharsets.UTF_8);
    private final CheckHealthUseCase health;
    private final BooleanSupplier stopping;

    HealthEndpoints(CheckHealthUseCase health, BooleanSupplier stopping) {
        this.health = Objects.requireNonNull(health, "health");
        this.stopping = Objects.requireNonNull(stopping, "stopping");
    }

    /**
     * Registers both as plain routes, to be the routing's first: a route nested under a registered service
     * ({@code register("/health", service)}) makes Helidon merge path parameters for every request it serves, a
     * service-registry look-up each time (a quarter of a probe's CPU, docs/performance.md).
     */
    void register(HttpRouting.Builder routing) {
        routing.get(LIVE, this::live).get(READY, this::ready);
    }

    private void live(ServerRequest req, ServerResponse res) {
        RequestInfo.of(req).route(LIVE);
        send(res, Status.OK_200, UP);
    }

    private void ready(ServerRequest req, ServerResponse res) {
        RequestInfo.of(req).route(READY);
        if (stopping.getAsBoolean()) {
            send(res, Status.SERVICE_UNAVAILABLE_503, "{\"status\":\"DOWN\",\"checks\":[{\"name\":\"shutdown\","
                    + "\"status\":\"DOWN\"}]}");
            return;
        }
        HealthReport report = health.readiness();
        String body = "{\"status\":\"" + (report.ready() ? "UP" : "DOWN") + "\",\"checks\":[{\"name\":\"mongodb\","
                + "\"status\":\"" + (report.ready() ? "UP" : "DOWN") + "\",\"data\":{"
                + "\"transactions\":" + report.capabilities().transactions()
                + ",\"textSearch\":" + report.capabilities().textSearch()
                + ",\"changeStreams\":" + report.capabilities().changeStreams() + "}}]}";
        send(res, report.ready() ? Status.OK_200 : Status.SERVICE_UNAVAILABLE_503, body);
    }

    private static void send(ServerResponse res, Status status, String body) {
        send(res, status, body.getBytes(StandardCharsets.UTF_8));
    }

    private static void send(ServerResponse res, Status status, byte[] body) {
        res.status(status);
        res.header(JSON);
        res.header(NO_STORE);
        res.send(body);
    }
}
