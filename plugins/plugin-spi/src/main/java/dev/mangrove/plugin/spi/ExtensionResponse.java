package dev.mangrove.plugin.spi;

import java.util.Map;
import java.util.Objects;

/**
 * What a plugin endpoint answers: a status, headers and a body of one of four kinds — a JSON value
 * (a document, map, list or scalar, written as Extended JSON; {@link #ok}), bytes with a content type
 * ({@link #bytes}), a stream of documents ({@link #documents}: NDJSON when the client accepts
 * {@code application/x-ndjson}, else a JSON array), or server-sent events ({@link #events}).
 *
 * @param status  the HTTP status
 * @param headers extra response headers
 * @param body    a JSON value, a {@link Json}, a {@link Bytes}, a {@link StreamedDocuments}, an {@link Events}, or {@code null}
 */
public record ExtensionResponse(int status, Map<String, String> headers, Object body) {
    public ExtensionResponse {
        if (status < 100 || status > 599) {
            throw new IllegalArgumentException("status must be 100-599");
        }
        headers = Map.copyOf(Objects.requireNonNull(headers, "headers"));
    }

    /** A 200 with this JSON value. */
    public static ExtensionResponse ok(Object body) {
        return new ExtensionResponse(200, Map.of(), body);
    }

    /**
     * A 200 with this JSON value written in the given Extended JSON format under {@code contentType} (e.g.
     * {@code application/ejson}); not passed to interceptors.
     */
    public static ExtensionResponse json(Object value, JsonFormat format, String contentType) {
        return new ExtensionResponse(200, Map.of(), new Json(value, format, contentType));
    }

    /** This response with another status. */
    public ExtensionResponse withStatus(int newStatus) {
        return new ExtensionResponse(newStatus, headers, body);
    }

    /** A 200 with these bytes. */
    public static ExtensionResponse bytes(String contentType, byte[] content) {
        return new ExtensionResponse(200, Map.of(), new Bytes(contentType, content));
    }

    /** A 200 streaming these documents; the server closes the stream. */
    public static ExtensionResponse documents(DocumentStream documents) {
        return new ExtensionResponse(200, Map.of(), new StreamedDocuments(documents));
    }

    /** A 200 {@code text/event-stream} the source writes to until it returns. */
    public static ExtensionResponse events(EventSource source) {
        return new ExtensionResponse(200, Map.of(), new Events(source));
    }

    /** This response with the header set. */
    public ExtensionResponse withHeader(String name, String value) {
        Map<String, String> changed = new java.util.LinkedHashMap<>(headers);
        changed.put(name, value);
        return new ExtensionResponse(status, changed, body);
    }

    /**
     * A body of bytes.
     *
     * @param contentType the media type, e.g. {@code text/plain; charset=utf-8}
     * @param content     the bytes
     */
    public record Bytes(String contentType, byte[] content) {
        public Bytes {
            Objects.requireNonNull(contentType, "contentType");
            Objects.requireNonNull(content, "content");
        }
    }

    /** The Extended JSON v2 formats. */
    public enum JsonFormat {
        /** Plain JSON numbers and ISO-8601 dates where nothing essential is lost. */
        RELAXED,
        /** Type wrappers for every number and date: every BSON type survives a round trip. */
        CANONICAL
    }

    /**
     * A JSON value in a chosen format and content type.
     *
     * @param value       the value (a document, map, list or scalar)
     * @param format      relaxed or canonical Extended JSON
     * @param contentType the media type, e.g. {@code application/json}
     */
    public record Json(Object value, JsonFormat format, String contentType) {
        public Json {
            Objects.requireNonNull(format, "format");
            Objects.requireNonNull(contentType, "contentType");
        }
    }

    /**
     * A body of documents written as they are read.
     *
     * @param documents the documents; closed once written
     */
    public record StreamedDocuments(DocumentStream documents) {
        public StreamedDocuments {
            Objects.requireNonNull(documents, "documents");
        }
    }

    /**
     * A body of server-sent events.
     *
     * @param source writes the events
     */
    public record Events(EventSource source) {
        public Events {
            Objects.requireNonNull(source, "source");
        }
    }

    /** Writes server-sent events until it returns (which ends the response). */
    @FunctionalInterface
    public interface EventSource {
        /** Sends events to the client. */
        void emit(EventSink sink);
    }

    /** Where an {@link EventSource} sends its events; each is flushed to the client at once. */
    @FunctionalInterface
    public interface EventSink {
        /**
         * One event.
         *
         * @param event the event name, or {@code null} for the default {@code message}
         * @param data  a JSON value written as the event's data
         */
        void send(String event, Object data);
    }
}
