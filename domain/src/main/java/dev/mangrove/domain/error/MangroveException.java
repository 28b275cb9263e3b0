package dev.mangrove.domain.error;

import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The single unchecked exception of the domain: a failure with a kind, a stable kebab-case code, a
 * detail safe to show to clients, optional per-element errors, and, for some kinds, when to retry
 * or which verbs are allowed instead.
 */
public final class MangroveException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final ErrorKind kind;
    private final String code;
    private final transient List<ErrorDetail> errors;
    private final transient Duration retryAfter;
    private final transient List<String> allowed;

    private MangroveException(ErrorKind kind, String code, String detail, List<ErrorDetail> errors,
                              Duration retryAfter, List<String> allowed, Throwable cause) {
        super(Objects.requireNonNull(detail, "detail"), cause, false, cause != null);
        this.kind = Objects.requireNonNull(kind, "kind");
        this.code = Objects.requireNonNull(code, "code");
        this.errors = List.copyOf(errors);
        this.retryAfter = retryAfter;
        this.allowed = allowed == null ? null : List.copyOf(allowed);
    }

    /** A failure of the given kind. */
    public static MangroveException of(ErrorKind kind, String code, String detail) {
        return new MangroveException(kind, code, detail, List.of(), null, null, null);
    }

    /** A bad request: the client sent something malformed. */
    public static MangroveException badRequest(String code, String detail) {
        return of(ErrorKind.BAD_REQUEST, code, detail);
    }

    /** Not found: the addressed resource does not exist. */
    public static MangroveException notFound(String code, String detail) {
        return of(ErrorKind.NOT_FOUND, code, detail);
    }

    /** A conflict: the request conflicts with the current state. */
    public static MangroveException conflict(String code, String detail) {
        return of(ErrorKind.CONFLICT, code, detail);
    }

    /** Forbidden: the request is understood but refused. */
    public static MangroveException forbidden(String code, String detail) {
        return of(ErrorKind.FORBIDDEN, code, detail);
    }

    /** A copy of this failure that also lists per-element errors. */
    public MangroveException withErrors(List<ErrorDetail> details) {
        return new MangroveException(kind, code, getMessage(), details, retryAfter, allowed, getCause());
    }

    /** A copy of this failure that tells the caller how long to wait before trying again. */
    public MangroveException withRetryAfter(Duration wait) {
        if (wait.isNegative()) {
            throw new IllegalArgumentException("retry-after must not be negative: " + wait);
        }
        return new MangroveException(kind, code, getMessage(), errors, wait, allowed, getCause());
    }

    /** A copy of this failure that names the verbs the addressed resource does allow. */
    public MangroveException withAllowed(Collection<String> verbs) {
        return new MangroveException(kind, code, getMessage(), errors, retryAfter, List.copyOf(verbs), getCause());
    }

    /** A copy of this failure that records its cause (for logs only, never for clients). */
    public MangroveException withCause(Throwable cause) {
        return new MangroveException(kind, code, getMessage(), errors, retryAfter, allowed, cause);
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

    /** How long the caller should wait before trying again, if this failure says. */
    public Optional<Duration> retryAfter() {
        return Optional.ofNullable(retryAfter);
    }

    /** The verbs the addressed resource allows (possibly none), if this failure names them. */
    public Optional<List<String>> allowed() {
        return Optional.ofNullable(allowed);
    }

}
