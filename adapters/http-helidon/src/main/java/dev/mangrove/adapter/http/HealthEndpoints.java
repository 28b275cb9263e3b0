package dev.mangrove.adapter.http;

import dev.mangrove.application.port.in.CheckHealthUseCase;
import dev.mangrove.application.port.in.HealthReport;
import io.helidon.http.HeaderNames;
import io.helidon.http.Status;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;

import java.nio.charset.StandardCharsets;
import java.util.Objects;
import java.util.function.BooleanSupplier;

/** {@code /health/live} and {@code /health/ready} (docs/operations.md). */
final class HealthEndpoints implements HttpService {
    private final CheckHealthUseCase health;
    private final BooleanSupplier stopping;

    HealthEndpoints(CheckHealthUseCase health, BooleanSupplier stopping) {
        this.health = Objects.requireNonNull(health, "health");
        this.stopping = Objects.requireNonNull(stopping, "stopping");
    }

    @Override
    public void routing(HttpRules rules) {
        rules.get("/live", this::live).get("/ready", this::ready);
    }

    private void live(ServerRequest req, ServerResponse res) {
        RequestInfo.of(req).route("/health/live");
        send(res, Status.OK_200, "{\"status\":\"UP\"}");
    }

    private void ready(ServerRequest req, ServerResponse res) {
        RequestInfo.of(req).route("/health/ready");
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
        res.status(status);
        res.header(HeaderNames.CONTENT_TYPE, Exchange.JSON);
        res.header(HeaderNames.CACHE_CONTROL, "no-store");
        res.send(body.getBytes(StandardCharsets.UTF_8));
    }
}
