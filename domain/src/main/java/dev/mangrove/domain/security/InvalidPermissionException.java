package dev.mangrove.domain.security;

/** A permission of the access-control list is malformed; names the offending field. */
public final class InvalidPermissionException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    private final String field;

    /** A bad value for {@code field} (dotted, e.g. {@code mongo.readFilter}). */
    public InvalidPermissionException(String field, String problem) {
        super(field + ": " + problem);
        this.field = field;
    }

    /** The offending field, dotted. */
    public String field() {
        return field;
    }

    /** The problem without the field name. */
    public String problem() {
        return getMessage().substring(field.length() + 2);
    }
}
