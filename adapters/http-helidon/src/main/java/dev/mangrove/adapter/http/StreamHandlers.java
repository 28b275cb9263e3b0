package dev.mangrove.adapter.http;

import dev.mangrove.adapter.http.json.ExtendedJson;
import dev.mangrove.application.port.in.StreamSubscription;
import dev.mangrove.application.port.in.WatchCollectionUseCase;
import dev.mangrove.application.port.in.WatchQuery;
import dev.mangrove.domain.error.ErrorKind;
import dev.mangrove.domain.error.MangroveException;
import dev.mangrove.domain.resource.ResolvedResource;
import io.helidon.http.HeaderNames;
import io.helidon.http.Status;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * {@code GET /{db}/{coll}/_streams/{uri}} as Server-Sent Events (docs/streams.md): each change event is one
 * {@code data:} line of Extended JSON with its resume token as {@code id:}; {@code Last-Event-ID} (or
 * {@code resumeAfter=}) resumes; a comment line every heartbeat keeps proxies open and notices a client that
 * left; the end of a subscription (too slow, backend lost, server stopping) is an {@code event: error} whose
 * data is a problem object, then the response ends.
 */
final class StreamHandlers {
    static final String EVENT_STREAM = "text/event-stream";
    private final WatchCollectionUseCase streams;
    private final ExtendedJson json;
    private final Problems problems;
    private final Duration heartbeat;

    StreamHandlers(WatchCollectionUseCase streams, ExtendedJson json, Duration heartbeat) {
        this.streams = Objects.requireNonNull(streams, "streams");
        this.json = Objects.requireNonNull(json, "json");
        this.problems = new Problems(json);
        this.heartbeat = Objects.requireNonNull(heartbeat, "heartbeat");
    }

    void get(Exchange x) {
        if (x.header(HeaderNames.UPGRADE).filter(u -> u.equalsIgnoreCase("websocket")).isPresent()) {
            // the WebSocket listener refused it, yet the security filter let it through: say why
            streams.subscribe(query(x, null)).close();
            throw MangroveException.badRequest("websocket-upgrade-refused", "A WebSocket subscription authenticates "
                    + "with a bearer token (Authorization: Bearer, access_token= or Sec-WebSocket-Protocol: bearer, "
                    + "<token>), not with Basic credentials");
        }
        if (!acceptsEventStream(x)) {
            throw MangroveException.of(ErrorKind.NOT_ACCEPTABLE, "not-acceptable", "A change stream is read with "
                    + "'Accept: text/event-stream' (Server-Sent Events) or a WebSocket upgrade");
        }
        WatchQuery query = query(x, lastEventId(x));
        StreamSubscription subscription;
        try {
            subscription = streams.subscribe(query);
        } catch (MangroveException e) {
            if (query.resumeAfter() != null && e.code().equals("resume-token-not-found")) {
                // an EventSource that got a 4xx would give up silently: tell it why, as an event
                OutputStream out = start(x);
                send(out, errorEvent(x, e.code(), e.detail(), e.kind()));
                close(out);
                return;
            }
            throw e;
        }
        OutputStream out = start(x);
        byte[] gather = new byte[0];
        try (subscription) {
            write(out, ": subscribed\n\n");
            while (true) {
                // everything waiting goes out in one write and one flush: the frames of a batch ("id:" and
                // "data:" of each event) are encoded once per stream and mode, the same bytes for every subscriber
                List<StreamSubscription.Signal> signals = subscription.drainBatches(heartbeat);
                if (signals.isEmpty()) {
                    write(out, KEEP_ALIVE);
                    continue;
                }
                StreamSubscription.End end = null;
                List<byte[]> batches = new java.util.ArrayList<>(signals.size());
                int length = 0;
                for (StreamSubscription.Signal signal : signals) {
                    if (signal instanceof StreamSubscription.Batch batch) {
                        byte[] frames = frames(batch, x.mode());
                        batches.add(frames);
                        length += frames.length;
                    } else if (signal instanceof StreamSubscription.End last) {
                        end = last;
                    }
                }
                if (batches.size() == 1) {
                    write(out, batches.getFirst()); // the stream's shared bytes: nothing copied here
                } else if (batches.size() > 1) {
                    // a client behind by several batches: still one write (one chunk, one system call), gathered
                    // in this client's own buffer (the server copies what it is given before the write returns)
                    if (gather.length < length) {
                        gather = new byte[Math.max(length, gather.length * 2)];
                    }
                    int at = 0;
                    for (byte[] frames : batches) {
                        System.arraycopy(frames, 0, gather, at, frames.length);
                        at += frames.length;
                    }
                    write(out, gather, length);
                }
                if (gather.length > GATHER_KEPT) {
                    gather = new byte[0]; // a lag spike: not kept for the rest of the subscription
                }
                if (end != null) {
                    send(out, errorEvent(x, end.code(), end.detail(), kind(end.reason())));
                    break;
                }
            }
        } catch (UncheckedIOException | io.helidon.webserver.ServerConnectionException e) {
            return; // the client left
        }
        close(out);
    }

    /** The event as JSON in a mode, rendered once for all the subscribers that receive the same event object. */
    String render(StreamSubscription.Event event, dev.mangrove.adapter.http.json.JsonMode mode) {
        return event.encodings().get(mode, m -> json.toJson(event.event(), mode));
    }

    /** The event's SSE frame ({@code id:} and {@code data:} lines) in a mode, encoded once per event and mode. */
    private byte[] frame(StreamSubscription.Event event, dev.mangrove.adapter.http.json.JsonMode mode) {
        return event.encodings().get(new SseFrame(mode), key -> ("id: " + event.token() + "\ndata: "
                + render(event, mode) + "\n\n").getBytes(StandardCharsets.UTF_8));
    }

    /** The SSE frames of a batch's events, one after the other, encoded once per batch and mode. */
    private byte[] frames(StreamSubscription.Batch batch, dev.mangrove.adapter.http.json.JsonMode mode) {
        return batch.encodings().get(new SseFrame(mode), key -> {
            List<StreamSubscription.Event> events = batch.events();
            if (events.size() == 1) {
                return frame(events.getFirst(), mode);
            }
            java.io.ByteArrayOutputStream all = new java.io.ByteArrayOutputStream(events.size() * 512);
            for (StreamSubscription.Event event : events) {
                all.writeBytes(frame(event, mode));
            }
            return all.toByteArray();
        });
    }

    private record SseFrame(dev.mangrove.adapter.http.json.JsonMode mode) {
    }

    /** The most a subscriber keeps of the buffer that gathers several batches into one write. */
    private static final int GATHER_KEPT = 32 * 1024;
    private static final byte[] KEEP_ALIVE = ": keep-alive\n\n".getBytes(StandardCharsets.US_ASCII);

    /** The subscription a request asks for (SSE and WebSocket alike). */
    WatchQuery query(Exchange x, String resumeAfter) {
        return query(x.resource(), name -> x.params().first(name), x.scope(), resumeAfter);
    }

    /** The subscription of a resource with these query parameters and scope. */
    WatchQuery query(ResolvedResource resource, java.util.function.Function<String, Optional<String>> params,
                     dev.mangrove.domain.security.DataScope scope, String resumeAfter) {
        Object avars = params.apply("avars").map(text -> json.parseParameter(text, "avars")).orElse(null);
        String token = resumeAfter != null ? resumeAfter : params.apply("resumeAfter").orElse(null);
        return new WatchQuery(resource.namespace(), resource.name(), avars, scope, token, publicNamespace(resource));
    }

    WatchCollectionUseCase useCase() {
        return streams;
    }

    ExtendedJson json() {
        return json;
    }

    Problems problems() {
        return problems;
    }

    Duration heartbeat() {
        return heartbeat;
    }

    /** The namespace as the client sees it: the last segments of the public database and collection paths. */
    static Map<String, Object> publicNamespace(ResolvedResource resource) {
        Map<String, Object> ns = new LinkedHashMap<>();
        if (resource.databasePath() != null) {
            ns.put("db", lastSegment(resource.databasePath()));
        }
        if (resource.collectionPath() != null) {
            ns.put("coll", lastSegment(resource.collectionPath()));
        }
        return ns;
    }

    private static String lastSegment(String path) {
        String trimmed = path.endsWith("/") ? path.substring(0, path.length() - 1) : path;
        return dev.mangrove.domain.resource.PathSegments.decode(trimmed.substring(trimmed.lastIndexOf('/') + 1),
                false);
    }

    private static String lastEventId(Exchange x) {
        return x.header(HeaderNames.create("Last-Event-ID")).filter(s -> !s.isBlank()).orElse(null);
    }

    private static boolean acceptsEventStream(Exchange x) {
        for (String accept : x.headerValues(HeaderNames.ACCEPT)) {
            if (accept.toLowerCase(Locale.ROOT).contains(EVENT_STREAM)) {
                return true;
            }
        }
        return false;
    }

    static ErrorKind kind(StreamSubscription.Reason reason) {
        return switch (reason) {
            case TOO_SLOW -> ErrorKind.TOO_MANY_REQUESTS;
            case FAILED, SHUTDOWN -> ErrorKind.UNAVAILABLE;
        };
    }

    private String errorEvent(Exchange x, String code, String detail, ErrorKind kind) {
        byte[] problem = problems.render(MangroveException.of(kind, code, detail), x.rawPath());
        return "event: error\ndata: " + new String(problem, StandardCharsets.UTF_8) + "\n\n";
    }

    private static OutputStream start(Exchange x) {
        x.res().status(Status.OK_200);
        x.res().header(HeaderNames.CONTENT_TYPE, EVENT_STREAM + "; charset=utf-8");
        x.res().header(HeaderNames.CACHE_CONTROL, "no-cache");
        x.res().header(HeaderNames.create("X-Accel-Buffering"), "no");
        return x.res().outputStream();
    }

    private static void write(OutputStream out, String text) {
        write(out, text.getBytes(StandardCharsets.UTF_8));
    }

    private static void write(OutputStream out, byte[] bytes) {
        write(out, bytes, bytes.length);
    }

    private static void write(OutputStream out, byte[] bytes, int length) {
        try {
            out.write(bytes, 0, length);
            out.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void send(OutputStream out, String text) {
        try {
            write(out, text);
        } catch (UncheckedIOException | io.helidon.webserver.ServerConnectionException e) {
            // the client left already
        }
    }

    private static void close(OutputStream out) {
        try {
            out.close();
        } catch (IOException | UncheckedIOException | io.helidon.webserver.ServerConnectionException e) {
            // the client left already
        }
    }
}
