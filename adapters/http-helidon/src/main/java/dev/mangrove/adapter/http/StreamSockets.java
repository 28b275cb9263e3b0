package dev.mangrove.adapter.http;

import dev.mangrove.adapter.http.json.JsonMode;
import dev.mangrove.application.port.in.StreamSubscription;
import dev.mangrove.domain.error.MangroveException;
import dev.mangrove.domain.resource.ResolvedResource;
import dev.mangrove.domain.resource.ResourceKind;
import dev.mangrove.domain.security.DataScope;
import io.helidon.common.buffers.BufferData;
import io.helidon.http.HeaderNames;
import io.helidon.http.Headers;
import io.helidon.http.HttpPrologue;
import io.helidon.http.WritableHeaders;
import io.helidon.webserver.websocket.WsRouting;
import io.helidon.websocket.WsCloseCodes;
import io.helidon.websocket.WsListener;
import io.helidon.websocket.WsSession;
import io.helidon.websocket.WsUpgradeException;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Change streams over WebSocket (docs/streams.md#websocket): the upgrade of {@code GET …/_streams/{uri}} is
 * authorized and subscribed before it is accepted; any refusal leaves the request to the HTTP routing, which
 * answers it (401, 403, 404, ...) as a plain GET. Each event is one text message; the end of a subscription
 * is an error message and a close: 1013 for a client too slow, 1001 when the server stops, 1011 when the
 * stream failed. {@code resumeAfter=} resumes after an event's {@code _id._data}.
 */
final class StreamSockets {
    private final RouteTable table;
    private final SecurityFilter security;
    private final StreamHandlers streams;

    StreamSockets(RouteTable table, SecurityFilter security, StreamHandlers streams) {
        this.table = Objects.requireNonNull(table, "table");
        this.security = security;
        this.streams = Objects.requireNonNull(streams, "streams");
    }

    /** Listens for upgrades on every path (a mount decides where streams are). */
    void register(WsRouting.Builder ws) {
        ws.endpoint("/*", () -> new Listener());
    }

    private final class Listener implements WsListener {
        private volatile StreamSubscription subscription;
        private volatile JsonMode mode;
        private volatile String path;
        private volatile Thread pump;

        @Override
        public Optional<Headers> onHttpUpgrade(HttpPrologue prologue, Headers headers) throws WsUpgradeException {
            try {
                path = prologue.uriPath().rawPath();
                RouteTable.Resolution resolution = table.resolve("GET", path);
                ResolvedResource resource = resolution.resource().orElse(null);
                if (resource == null || resource.kind() != ResourceKind.STREAM || resolution.failure() != null) {
                    throw new WsUpgradeException("not a change stream");
                }
                DataScope scope = DataScope.UNRESTRICTED;
                if (security != null) {
                    scope = security.upgradeScope(prologue, headers, resource)
                            .orElseThrow(() -> new WsUpgradeException("refused"));
                }
                mode = JsonMode.parse(prologue.query().first("jsonMode").asOptional().orElse(null));
                subscription = streams.useCase().subscribe(streams.query(resource,
                        name -> prologue.query().first(name).asOptional(), scope, null));
            } catch (MangroveException | IllegalArgumentException e) {
                throw new WsUpgradeException("refused: " + e.getMessage()); // the HTTP routing answers it
            }
            WritableHeaders<?> out = WritableHeaders.create();
            for (String offered : headers.values(HeaderNames.create("Sec-WebSocket-Protocol"))) {
                for (String protocol : offered.split(",")) {
                    if (protocol.trim().equalsIgnoreCase("bearer")) {
                        // a browser fails a connection whose server picks none of the protocols it offered
                        out.set(HeaderNames.create("Sec-WebSocket-Protocol"), "bearer");
                        return Optional.of(out);
                    }
                }
            }
            return Optional.of(out);
        }

        @Override
        public void onOpen(WsSession session) {
            StreamSubscription own = subscription;
            if (own == null) {
                session.close(WsCloseCodes.UNEXPECTED_CONDITION, "no subscription");
                return;
            }
            pump = Thread.ofVirtual().name("mangrove-ws-stream").start(() -> pump(session, own));
        }

        private void pump(WsSession session, StreamSubscription own) {
            try (own) {
                while (!Thread.currentThread().isInterrupted()) {
                    List<StreamSubscription.Signal> signals = own.drain(streams.heartbeat());
                    if (signals.isEmpty()) {
                        session.ping(BufferData.empty());
                    }
                    for (StreamSubscription.Signal signal : signals) {
                        if (signal instanceof StreamSubscription.Event event) {
                            session.send(streams.render(event, mode), true); // one message per event
                        } else if (signal instanceof StreamSubscription.End end) {
                            byte[] problem = streams.problems().render(MangroveException.of(
                                    StreamHandlers.kind(end.reason()), end.code(), end.detail()), path);
                            session.send(new String(problem, StandardCharsets.UTF_8), true);
                            session.close(switch (end.reason()) {
                                case TOO_SLOW -> WsCloseCodes.TRY_AGAIN_LATER;
                                case SHUTDOWN -> WsCloseCodes.GOING_AWAY;
                                case FAILED -> WsCloseCodes.UNEXPECTED_CONDITION;
                            }, end.code());
                            return;
                        }
                    }
                }
            } catch (RuntimeException e) {
                // the client left: the subscription closes
            }
        }

        @Override
        public void onClose(WsSession session, int status, String reason) {
            stop();
        }

        @Override
        public void onError(WsSession session, Throwable t) {
            stop();
        }

        private void stop() {
            StreamSubscription own = subscription;
            if (own != null) {
                own.close();
            }
            Thread running = pump;
            if (running != null) {
                running.interrupt();
            }
        }
    }
}
