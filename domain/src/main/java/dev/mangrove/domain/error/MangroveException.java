package dev.mangrove.domain.error;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The single unchecked exception of the domain: a failure with a kind (and so an HTTP status), a
 * stable kebab-case code, a detail safe to show to clients, and optional per-element errors.
 */
public final class MangroveException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final ErrorKind kind;
    private final String code;
    private final transient List<ErrorDetail> errors;
    private final transient Map<String, String> headers;

    private MangroveException(ErrorKind kind, String code, String detail, List<ErrorDetail> errors,
                              Map<String, String> headers, Throwable cause) {
        super(Objects.requireNonNull(detail, "detail"), cause, false, cause != null);
        this.kind = Objects.requireNonNull(kind, "kind");
        this.code = Objects.requireNonNull(code, "code");
        this.errors = List.copyOf(errors);
        this.headers = Map.copyOf(headers);
    }

    /** A failure of the given kind. */
    public static MangroveException of(ErrorKind kind, String code, String detail) {
        return new MangroveException(kind, code, detail, List.of(), Map.of(), null);
    }

    /** A 400: the client sent something malformed. */
    public static MangroveException badRequest(String code, String detail) {
        return of(ErrorKind.BAD_REQUEST, code, detail);
    }

    /** A 404: the addressed resource does not exist. */
    public static MangroveException notFound(String code, String detail) {
        return of(ErrorKind.NOT_FOUND, code, detail);
    }

    /** A 409: the request conflicts with the current state. */
    public static MangroveException conflict(String code, String detail) {
        return of(ErrorKind.CONFLICT, code, detail);
    }

    /** A 403: the request is understood but refused. */
    public static MangroveException forbidden(String code, String detail) {
        return of(ErrorKind.FORBIDDEN, code, detail);
    }

    /** A copy of this failure that also lists per-element errors. */
    public MangroveException withErrors(List<ErrorDetail> details) {
        return new MangroveException(kind, code, getMessage(), details, headers, getCause());
    }

    /** A copy of this failure that also asks for a response header (e.g. {@code Retry-After}). */
    public MangroveException withHeader(String name, String value) {
        Map<String, String> copy = new java.util.LinkedHashMap<>(headers);
        copy.put(name, value);
        return new MangroveException(kind, code, getMessage(), errors, copy, getCause());
    }

    /** A copy of this failure that records its cause (for logs only, never for clients). */
    public MangroveException withCause(Throwable cause) {
        return new MangroveException(kind, code, getMessage(), errors, headers, cause);
    }

    /** The kind of failure. */
    public ErrorKind kind() {
        return kind;
    }

    /** The stable, kebab-case code. */
    public String code() {
        return code;
    }

    /** The detail, safe to show to clients. */
    public String detail() {
        return getMessage();
    }

    /** Per-element errors, possibly empty. */
    public List<ErrorDetail> errors() {
        return errors;
    }

    /** Response headers this failure asks for. */
    public Map<String, String> headers() {
        return headers;
    }
}
