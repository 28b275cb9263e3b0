package dev.mangrove.adapter.http;

import dev.mangrove.domain.error.ErrorKind;
import dev.mangrove.domain.error.MangroveException;
import io.helidon.http.HeaderNames;
import io.helidon.webserver.http.ServerResponse;

import java.time.Duration;

/**
 * The one place where kinds of failure become HTTP: each {@link ErrorKind}'s status code and
 * problem title, and the {@code Allow} and {@code Retry-After} headers a failure asks for
 * (docs/api.md#errors).
 */
final class FailureStatuses {
    private FailureStatuses() {
    }

    /** The HTTP status code a failure of this kind is answered with. */
    static int code(ErrorKind kind) {
        return switch (kind) {
            case BAD_REQUEST -> 400;
            case UNAUTHORIZED -> 401;
            case FORBIDDEN -> 403;
            case NOT_FOUND -> 404;
            case METHOD_NOT_ALLOWED -> 405;
            case NOT_ACCEPTABLE -> 406;
            case TIMEOUT -> 408;
            case CONFLICT -> 409;
            case PRECONDITION_FAILED -> 412;
            case PAYLOAD_TOO_LARGE -> 413;
            case UNSUPPORTED_MEDIA_TYPE -> 415;
            case RANGE_NOT_SATISFIABLE -> 416;
            case PRECONDITION_REQUIRED -> 428;
            case TOO_MANY_REQUESTS -> 429;
            case INTERNAL -> 500;
            case NOT_IMPLEMENTED -> 501;
            case UNAVAILABLE -> 503;
        };
    }

    /** The problem's {@code title}: the short summary of this kind. */
    static String title(ErrorKind kind) {
        return switch (kind) {
            case BAD_REQUEST -> "Bad Request";
            case UNAUTHORIZED -> "Unauthorized";
            case FORBIDDEN -> "Forbidden";
            case NOT_FOUND -> "Not Found";
            case METHOD_NOT_ALLOWED -> "Method Not Allowed";
            case NOT_ACCEPTABLE -> "Not Acceptable";
            case TIMEOUT -> "Request Timeout";
            case CONFLICT -> "Conflict";
            case PRECONDITION_FAILED -> "Precondition Failed";
            case PAYLOAD_TOO_LARGE -> "Content Too Large";
            case UNSUPPORTED_MEDIA_TYPE -> "Unsupported Media Type";
            case RANGE_NOT_SATISFIABLE -> "Range Not Satisfiable";
            case PRECONDITION_REQUIRED -> "Precondition Required";
            case TOO_MANY_REQUESTS -> "Too Many Requests";
            case INTERNAL -> "Internal Server Error";
            case NOT_IMPLEMENTED -> "Not Implemented";
            case UNAVAILABLE -> "Service Unavailable";
        };
    }

    /** {@code Retry-After} in whole seconds, rounded up. */
    static String retryAfterSeconds(Duration wait) {
        long millis = wait.toMillis();
        return Long.toString(millis / 1000 + (millis % 1000 == 0 ? 0 : 1));
    }

    /** Sets the headers the failure asks for: {@code Allow} with the allowed verbs, {@code Retry-After}. */
    static void headers(MangroveException failure, ServerResponse res) {
        failure.allowed().ifPresent(verbs -> res.header(HeaderNames.ALLOW, String.join(", ", verbs)));
        failure.retryAfter().ifPresent(wait -> res.header(HeaderNames.RETRY_AFTER, retryAfterSeconds(wait)));
    }
}
