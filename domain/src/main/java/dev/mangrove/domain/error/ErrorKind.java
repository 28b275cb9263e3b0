package dev.mangrove.domain.error;

/** The kinds of failure the domain reports, each with the HTTP status it is answered with. */
public enum ErrorKind {
    BAD_REQUEST(400, "Bad Request"),
    UNAUTHORIZED(401, "Unauthorized"),
    FORBIDDEN(403, "Forbidden"),
    NOT_FOUND(404, "Not Found"),
    METHOD_NOT_ALLOWED(405, "Method Not Allowed"),
    NOT_ACCEPTABLE(406, "Not Acceptable"),
    TIMEOUT(408, "Request Timeout"),
    CONFLICT(409, "Conflict"),
    PRECONDITION_FAILED(412, "Precondition Failed"),
    PAYLOAD_TOO_LARGE(413, "Content Too Large"),
    UNSUPPORTED_MEDIA_TYPE(415, "Unsupported Media Type"),
    PRECONDITION_REQUIRED(428, "Precondition Required"),
    TOO_MANY_REQUESTS(429, "Too Many Requests"),
    INTERNAL(500, "Internal Server Error"),
    NOT_IMPLEMENTED(501, "Not Implemented"),
    UNAVAILABLE(503, "Service Unavailable");

    private final int status;
    private final String title;

    ErrorKind(int status, String title) {
        this.status = status;
        this.title = title;
    }

    /** The HTTP status code for this kind. */
    public int status() {
        return status;
    }

    /** The short, human-readable summary of this kind (the problem's {@code title}). */
    public String title() {
        return title;
    }
}
