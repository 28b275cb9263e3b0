package dev.mangrove.adapter.http;

import dev.mangrove.adapter.http.json.ExtendedJson;
import io.helidon.http.DirectHandler;
import io.helidon.http.HeaderNames;
import io.helidon.http.ServerResponseHeaders;
import io.helidon.http.Status;
import io.helidon.webserver.http.DirectHandlers;

import java.util.Locale;
import java.util.Objects;

/**
 * Answers the requests Helidon refuses before routing (an unparsable prologue or path, headers over the
 * limit, a URI too long) with a problem+json body, and logs and observes them like every other request
 * (see docs/api.md#every-problem-code).
 */
final class TransportRejections implements DirectHandler {
    private static final int MAX_INSTANCE_LENGTH = 256;
    private static final Status HEADERS_TOO_LARGE = Status.create(431, "Request Header Fields Too Large");
    private final ExtendedJson json;
    private final RequestObserver observer;
    private final AccessLog accessLog;

    TransportRejections(ExtendedJson json, RequestObserver observer, AccessLog accessLog) {
        this.json = Objects.requireNonNull(json, "json");
        this.observer = Objects.requireNonNull(observer, "observer");
        this.accessLog = Objects.requireNonNull(accessLog, "accessLog");
    }

    /** Helidon's direct handlers with this one for every kind of event. */
    DirectHandlers handlers() {
        DirectHandlers.Builder builder = DirectHandlers.builder();
        for (EventType type : EventType.values()) {
            builder.addHandler(type, this);
        }
        return builder.build();
    }

    @Override
    public TransportResponse handle(TransportRequest request, EventType eventType, Status defaultStatus,
                                    ServerResponseHeaders responseHeaders, String message) {
        Rejection rejection = classify(eventType, defaultStatus.code(), message, request.path(),
                !request.method().isEmpty() && request.headers().size() == 0);
        String requestId = RequestIds.generate();
        byte[] body = JsonResponses.bytes(json, false, 256, g -> {
            g.writeStartObject();
            g.writeStringField("type", "urn:mangrove:problem:" + rejection.code());
            g.writeStringField("title", rejection.status().reasonPhrase());
            g.writeNumberField("status", rejection.status().code());
            g.writeStringField("detail", rejection.detail());
            g.writeStringField("code", rejection.code());
            String instance = instance(request.path());
            if (instance != null) {
                g.writeStringField("instance", instance);
            }
            g.writeEndObject();
        });
        String method = method(request.method());
        observer.completed(method, RequestInfo.UNMATCHED, rejection.status().code(), 0L);
        accessLog.request(method, RequestInfo.UNMATCHED, rejection.status().code(), 0L, requestId,
                "refused before routing: " + rejection.code());
        if (rejection.status().code() == 503) {
            responseHeaders.set(HeaderNames.RETRY_AFTER, "1");
        }
        return TransportResponse.builder()
                .status(rejection.status())
                .headers(responseHeaders)
                .header(HeaderNames.CONTENT_TYPE, Problems.MEDIA_TYPE)
                .header(HeaderNames.X_CONTENT_TYPE_OPTIONS, "nosniff")
                .header(EdgeFilter.REQUEST_ID, requestId)
                .keepAlive(false)
                .entity(body)
                .build();
    }

    record Rejection(Status status, String code, String detail) {
    }

    /**
     * What a refusal means for the client; Helidon's own message is not echoed (it may quote the input).
     * Helidon does not say why it could not read the headers (it hands over a parsed request line with no
     * headers and no message): by far the likeliest cause is their size, hence 431.
     */
    static Rejection classify(EventType type, int status, String message, String path, boolean headersUnread) {
        String text = message == null ? "" : message.toLowerCase(Locale.ROOT);
        if (status == 414 || text.contains("uri too long")) {
            return new Rejection(Status.REQUEST_URI_TOO_LONG_414, "uri-too-long",
                    "The request line is longer than the server accepts; send long queries in a POST body");
        }
        if (status == 503) {
            return new Rejection(Status.SERVICE_UNAVAILABLE_503, "overloaded",
                    "The server is handling as many requests as it accepts; retry shortly");
        }
        boolean badEscape = path != null && EdgeFilter.malformedEscape(path) != null;
        if (status == 400 && (text.contains("invalid path") || badEscape)) {
            return new Rejection(Status.BAD_REQUEST_400, "invalid-path",
                    "The request path is malformed: '%' must be followed by two hexadecimal digits "
                            + "(encode a literal '%' as %25)");
        }
        if (status == 400 && (headersUnread || text.contains("header size"))) {
            return new Rejection(HEADERS_TOO_LARGE, "headers-too-large",
                    "The request headers could not be read: they are larger than the server accepts "
                            + "(16 KiB by default) or not valid HTTP header lines");
        }
        if (status == 413 || type == EventType.PAYLOAD_TOO_LARGE) {
            return new Rejection(Status.REQUEST_ENTITY_TOO_LARGE_413, "body-too-large",
                    "The request body is larger than the server accepts");
        }
        if (status == 505 || type == EventType.HTTP_VERSION_NOT_SUPPORTED) {
            return new Rejection(Status.HTTP_VERSION_NOT_SUPPORTED_505, "http-version-not-supported",
                    "Only HTTP/1.1 and HTTP/2 are supported");
        }
        if (status >= 500) {
            return new Rejection(Status.INTERNAL_SERVER_ERROR_500, "internal-error",
                    "The server could not read the request");
        }
        if (status == 403) {
            return new Rejection(Status.FORBIDDEN_403, "forbidden", "The request was refused");
        }
        return new Rejection(Status.BAD_REQUEST_400, "invalid-request",
                "The request could not be parsed as HTTP");
    }

    /** The path as the problem's instance, when it is short and printable. */
    private static String instance(String path) {
        if (path == null || path.isEmpty() || path.length() > MAX_INSTANCE_LENGTH) {
            return null;
        }
        for (int i = 0; i < path.length(); i++) {
            char c = path.charAt(i);
            if (c < 0x21 || c > 0x7e) {
                return null;
            }
        }
        return path;
    }

    /** A method name fit for a metrics label (anything else is OTHER). */
    private static String method(String method) {
        return method != null && method.matches("[A-Z]{1,10}") ? method : "OTHER";
    }
}
