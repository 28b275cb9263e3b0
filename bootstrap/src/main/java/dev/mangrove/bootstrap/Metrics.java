package dev.mangrove.bootstrap;

import com.mongodb.MongoClientSettings;
import dev.mangrove.adapter.http.RequestObserver;
import io.helidon.http.HeaderNames;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import com.mongodb.event.CommandEvent;
import com.mongodb.event.CommandFailedEvent;
import com.mongodb.event.CommandListener;
import com.mongodb.event.CommandSucceededEvent;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.mongodb.MongoMetricsConnectionPoolListener;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/** Micrometer with Prometheus output (docs/operations.md): requests, MongoDB commands and pools, the JVM. */
final class Metrics implements AutoCloseable {
    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final JvmGcMetrics gc = new JvmGcMetrics();

    Metrics() {
        new JvmMemoryMetrics().bindTo(registry);
        gc.bindTo(registry);
        new JvmThreadMetrics().bindTo(registry);
        new ClassLoaderMetrics().bindTo(registry);
        new ProcessorMetrics().bindTo(registry);
        new UptimeMetrics().bindTo(registry);
        io.micrometer.core.instrument.FunctionCounter.builder("mangrove.access.log.dropped", this,
                        metrics -> AsyncAccessLogHandler.dropped())
                .description("Access-log lines dropped because the log's queue was full (a console slower than the requests)")
                .register(registry);
    }

    /**
     * Adds the connection-pool listener to the MongoDB client, and the command-latency listener (by command name and
     * outcome, never by collection) when {@code commands} is set: with a command listener the driver decodes every
     * command and reply for it (about 1 % of the CPU of a read by id, docs/performance.md#reference-route-fifth-pass), so it is
     * off by default and {@link #operationObserver()} times Mangrove's calls instead.
     */
    java.util.function.Consumer<MongoClientSettings.Builder> instrument(boolean commands) {
        return builder -> instrument(builder, commands);
    }

    private void instrument(MongoClientSettings.Builder builder, boolean commands) {
        if (commands) {
            // command and outcome only: the default tags name the collection, which may be a hidden mount
            builder.addCommandListener(new CommandTimers(registry));
        }
        builder.applyToConnectionPoolSettings(pool -> pool.addConnectionPoolListener(
                new MongoMetricsConnectionPoolListener(registry)));
    }

    /** Publishes the API requests being served now as {@code mangrove_http_requests_in_flight}. */
    void inFlight(java.util.function.IntSupplier requests) {
        io.micrometer.core.instrument.Gauge.builder("mangrove.http.requests.in.flight", requests::getAsInt)
                .description("API requests being served now (health probes and metrics scrapes not counted)")
                .register(registry);
    }

    /**
     * Publishes the change streams (docs/streams.md#operations): {@code mangrove_streams_open},
     * {@code mangrove_streams_subscribers}, {@code mangrove_streams_events_sent_total} and
     * {@code mangrove_streams_clients_dropped_total}.
     */
    void streams(dev.mangrove.application.service.ChangeStreamService streams) {
        io.micrometer.core.instrument.Gauge.builder("mangrove.streams.open", streams::openStreams)
                .description("Server-side change streams open now").register(registry);
        io.micrometer.core.instrument.Gauge.builder("mangrove.streams.subscribers", streams::subscribers)
                .description("Clients subscribed to change streams now").register(registry);
        io.micrometer.core.instrument.FunctionCounter.builder("mangrove.streams.events.sent", streams,
                        s -> s.eventsSent())
                .description("Change events handed to clients").register(registry);
        io.micrometer.core.instrument.FunctionCounter.builder("mangrove.streams.clients.dropped", streams,
                        s -> s.clientsDropped())
                .description("Clients dropped because their queue overflowed").register(registry);
    }

    /** Records each request by method, route template and status (one timer per combination, looked up once). */
    RequestObserver requestObserver() {
        java.util.concurrent.ConcurrentHashMap<RequestKey, Timer> timers = new java.util.concurrent.ConcurrentHashMap<>();
        return (method, route, status, nanos) -> timers.computeIfAbsent(new RequestKey(knownMethod(method), route, status),
                key -> Timer.builder("http.server.requests")
                        .description("HTTP requests by method, route template and status")
                        .tag("method", key.method())
                        .tag("route", key.route())
                        .tag("status", Integer.toString(key.status()))
                        .publishPercentileHistogram(false)
                        .maximumExpectedValue(Duration.ofSeconds(30))
                        .register(registry))
                .record(nanos, TimeUnit.NANOSECONDS);
    }

    /**
     * Records each call to a MongoDB-backed port as {@code mangrove_mongo_operations_seconds{operation,status}}
     * ({@code operation} is the port and method, {@code DocumentStore.insert}; {@code status} is {@code SUCCESS} or
     * {@code FAILED}), one timer per combination, looked up once.
     */
    dev.mangrove.adapter.mongo.OperationObserver operationObserver() {
        return operation -> new OperationTimers(registry, operation);
    }

    /**
     * The timers of one MongoDB operation, each registered at its first call (an operation never called shows no
     * series), then kept.
     */
    private static final class OperationTimers implements dev.mangrove.adapter.mongo.OperationObserver.Operation {
        private final MeterRegistry registry;
        private final String operation;
        private volatile Timer succeeded;
        private volatile Timer failed;

        OperationTimers(MeterRegistry registry, String operation) {
            this.registry = registry;
            this.operation = operation;
        }

        @Override
        public void completed(boolean failure, long nanos) {
            Timer timer = failure ? failed : succeeded;
            if (timer == null) {
                // the registry returns the same timer to a second registration, so a race registers nothing twice
                timer = timer(failure ? "FAILED" : "SUCCESS");
                if (failure) {
                    failed = timer;
                } else {
                    succeeded = timer;
                }
            }
            timer.record(nanos, TimeUnit.NANOSECONDS);
        }

        private Timer timer(String status) {
            return Timer.builder("mangrove.mongo.operations")
                    .description("Calls to MongoDB by Mangrove, by port operation and outcome")
                    .tags(Tags.of("operation", operation, "status", status))
                    .register(registry);
        }
    }

    /** The method as a tag value: any method outside HTTP's standard ones is {@code OTHER}, so a client cannot create meters at will. */
    static String knownMethod(String method) {
        return switch (method) {
            case "GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS", "TRACE", "CONNECT" -> method;
            default -> "OTHER";
        };
    }

    private record RequestKey(String method, String route, int status) {
    }

    /**
     * The MongoDB command timers ({@code mongodb_driver_commands_seconds}, tagged by command and outcome, the
     * meters Micrometer's {@code MongoMetricsCommandListener} registers), each looked up once: that listener
     * built a meter id and searched the registry on every command.
     */
    static final class CommandTimers implements CommandListener {
        private final MeterRegistry registry;
        private final java.util.concurrent.ConcurrentHashMap<String, Timer> succeeded = new java.util.concurrent.ConcurrentHashMap<>();
        private final java.util.concurrent.ConcurrentHashMap<String, Timer> failed = new java.util.concurrent.ConcurrentHashMap<>();

        CommandTimers(MeterRegistry registry) {
            this.registry = registry;
        }

        @Override
        public void commandSucceeded(CommandSucceededEvent event) {
            record(succeeded, event, "SUCCESS", event.getElapsedTime(TimeUnit.NANOSECONDS));
        }

        @Override
        public void commandFailed(CommandFailedEvent event) {
            record(failed, event, "FAILED", event.getElapsedTime(TimeUnit.NANOSECONDS));
        }

        private void record(java.util.concurrent.ConcurrentHashMap<String, Timer> timers, CommandEvent event,
                            String status, long nanos) {
            // command and outcome only: a collection tag could name a hidden mount
            String command = event.getCommandName();
            Timer timer = timers.get(command);
            if (timer == null) {
                timer = timers.computeIfAbsent(command, name -> Timer.builder("mongodb.driver.commands")
                        .description("Timer of mongodb commands")
                        .tags(Tags.of("command", name, "status", status))
                        .register(registry));
            }
            timer.record(nanos, TimeUnit.NANOSECONDS);
        }
    }

    /** Answers {@code GET /metrics} in the Prometheus text format. */
    void scrape(ServerRequest req, ServerResponse res) {
        res.header(HeaderNames.CONTENT_TYPE, "text/plain; version=0.0.4; charset=utf-8");
        res.send(registry.scrape().getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public void close() {
        gc.close();
        registry.close();
    }
}
