package dev.mangrove.domain.error;

/**
 * The kinds of failure the domain reports; an adapter decides how each is answered (the HTTP
 * adapter maps them to statuses in one place).
 */
public enum ErrorKind {
    /** The request is malformed or names something invalid. */
    BAD_REQUEST,
    /** The caller is not (or not validly) authenticated. */
    UNAUTHORIZED,
    /** The request is understood but refused. */
    FORBIDDEN,
    /** The addressed thing does not exist. */
    NOT_FOUND,
    /** The verb is not allowed on the addressed resource. */
    METHOD_NOT_ALLOWED,
    /** No acceptable representation can be produced. */
    NOT_ACCEPTABLE,
    /** The operation ran out of time. */
    TIMEOUT,
    /** The request conflicts with the current state. */
    CONFLICT,
    /** A precondition the caller gave does not hold. */
    PRECONDITION_FAILED,
    /** The request body is larger than allowed. */
    PAYLOAD_TOO_LARGE,
    /** The request body has a media type that is not accepted. */
    UNSUPPORTED_MEDIA_TYPE,
    /** None of the requested byte ranges lies within the content. */
    RANGE_NOT_SATISFIABLE,
    /** The operation needs a precondition the caller did not give. */
    PRECONDITION_REQUIRED,
    /** The caller must wait before trying again. */
    TOO_MANY_REQUESTS,
    /** An unexpected failure of the server. */
    INTERNAL,
    /** The operation is not supported (by this server or its backend). */
    NOT_IMPLEMENTED,
    /** A dependency (the database) is not available right now. */
    UNAVAILABLE
}
