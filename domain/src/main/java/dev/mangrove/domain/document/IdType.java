package dev.mangrove.domain.document;

import dev.mangrove.domain.error.MangroveException;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;

/** How a document-id path segment is read (RESTHeart's {@code id_type}). */
public enum IdType {
    /** A 24-hex segment is an ObjectId, anything else a string (the default). */
    STRING_OID,
    OID,
    STRING,
    /** An integer if it fits (int32, then int64), else a double, else a decimal. */
    NUMBER,
    /** Epoch milliseconds or ISO-8601. */
    DATE,
    MINKEY,
    MAXKEY,
    BOOLEAN,
    NULL;

    /** The most significant digits a number id segment may have to be read as a double. */
    private static final int DOUBLE_DIGITS = 17;
    private static final java.util.regex.Pattern DECIMAL =
            java.util.regex.Pattern.compile("[+-]?(\\d+\\.?\\d*|\\.\\d+)([eE][+-]?\\d+)?");
    private static final java.util.regex.Pattern EPOCH_MILLIS = java.util.regex.Pattern.compile("-?\\d+");

    /** The allowed values, comma-separated, for error messages. */
    public static final String ALLOWED = Arrays.stream(values()).map(Enum::name).collect(Collectors.joining(", "));

    /** Parses the {@code id_type} parameter; absent means {@link #STRING_OID}. */
    public static IdType parse(String text) {
        if (text == null || text.isEmpty()) {
            return STRING_OID;
        }
        try {
            return valueOf(text.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw MangroveException.badRequest("invalid-id-type",
                    "Unknown id_type '" + text + "'; allowed: " + ALLOWED);
        }
    }

    /** Reads a decoded document-id segment as a value of this type; 400 when it does not parse. */
    public Object read(String segment) {
        return switch (this) {
            case STRING_OID -> ObjectIdValue.isValid(segment) ? new ObjectIdValue(segment) : segment;
            case OID -> {
                if (!ObjectIdValue.isValid(segment)) {
                    throw invalid(segment, "a 24-digit hexadecimal ObjectId");
                }
                yield new ObjectIdValue(segment);
            }
            case STRING -> segment;
            case NUMBER -> readNumber(segment);
            case DATE -> readDate(segment);
            case MINKEY -> KeyBound.MIN_KEY;
            case MAXKEY -> KeyBound.MAX_KEY;
            case BOOLEAN -> switch (segment) {
                case "true" -> Boolean.TRUE;
                case "false" -> Boolean.FALSE;
                default -> throw invalid(segment, "true or false");
            };
            case NULL -> null;
        };
    }

    /**
     * The path segment and, when the default would misread it, the {@code id_type} that address a
     * document with this id; empty for ids no URL can address (documents, arrays, binary…).
     */
    public static Optional<IdSegment> segmentFor(Object id) {
        if (id instanceof ObjectIdValue oid) {
            return Optional.of(new IdSegment(oid.hex(), STRING_OID));
        }
        if (id instanceof String s) {
            if (s.isEmpty() || s.equals("*") || s.startsWith("_")) {
                return Optional.empty(); // the path would name a reserved resource (docs/api.md#resources)
            }
            return Optional.of(new IdSegment(s, ObjectIdValue.isValid(s) ? STRING : STRING_OID));
        }
        if (id instanceof Integer || id instanceof Long) {
            return Optional.of(new IdSegment(id.toString(), NUMBER));
        }
        if (id instanceof Double d && Double.isFinite(d)) {
            // always with a '.' or an exponent, so that it reads back as a double
            return Optional.of(new IdSegment(Double.toString(d), NUMBER));
        }
        if (id instanceof BigDecimal d) {
            String text = d.toString();
            if (!(NUMBER.read(text) instanceof BigDecimal)) {
                // more digits than a double holds, so that it reads back as a decimal
                text = d.setScale(d.scale() + Math.max(0, DOUBLE_DIGITS + 1 - d.precision())).toString();
            }
            return Optional.of(new IdSegment(text, NUMBER));
        }
        if (id instanceof Instant t) {
            return Optional.of(new IdSegment(Long.toString(t.toEpochMilli()), DATE));
        }
        if (id instanceof Boolean b) {
            return Optional.of(new IdSegment(b.toString(), BOOLEAN));
        }
        if (id == null) {
            return Optional.of(new IdSegment("null", NULL));
        }
        if (id == KeyBound.MIN_KEY) {
            return Optional.of(new IdSegment("minkey", MINKEY));
        }
        if (id == KeyBound.MAX_KEY) {
            return Optional.of(new IdSegment("maxkey", MAXKEY));
        }
        return Optional.empty();
    }

    /** Whether {@code segment} is an optional sign and ASCII digits (what {@code [+-]?\\d+} matches, without a matcher per id). */
    static boolean isInteger(String segment) {
        int start = !segment.isEmpty() && (segment.charAt(0) == '+' || segment.charAt(0) == '-') ? 1 : 0;
        if (start == segment.length()) {
            return false;
        }
        for (int i = start; i < segment.length(); i++) {
            char c = segment.charAt(i);
            if (c < '0' || c > '9') {
                return false;
            }
        }
        return true;
    }

    private Object readNumber(String segment) {
        if (isInteger(segment)) {
            try {
                long value = Long.parseLong(segment);
                return value == (int) value ? (Object) (int) value : (Object) value;
            } catch (NumberFormatException overflow) {
                return new BigDecimal(segment);
            }
        }
        if (DECIMAL.matcher(segment).matches()) {
            BigDecimal exact;
            try {
                exact = new BigDecimal(segment);
            } catch (NumberFormatException exponentOutOfRange) {
                throw invalid(segment, "a number");
            }
            double d = exact.doubleValue();
            boolean fitsDouble = Double.isFinite(d) && exact.precision() <= DOUBLE_DIGITS;
            return fitsDouble ? (Object) d : exact;
        }
        throw invalid(segment, "a number");
    }

    private Object readDate(String segment) {
        if (EPOCH_MILLIS.matcher(segment).matches()) {
            try {
                return Instant.ofEpochMilli(Long.parseLong(segment));
            } catch (NumberFormatException e) {
                throw invalid(segment, "epoch milliseconds or an ISO-8601 date-time");
            }
        }
        try {
            return Instant.parse(segment);
        } catch (DateTimeParseException e) {
            try {
                return java.time.LocalDate.parse(segment).atStartOfDay(java.time.ZoneOffset.UTC).toInstant();
            } catch (DateTimeParseException e2) {
                throw invalid(segment, "epoch milliseconds or an ISO-8601 date-time");
            }
        }
    }

    private MangroveException invalid(String segment, String expected) {
        return MangroveException.badRequest("invalid-document-id",
                "Document id '" + segment + "' is not valid for id_type " + name() + ": expected " + expected);
    }

    /**
     * Where a document lives in a URL.
     *
     * @param segment the (decoded) path segment
     * @param idType  the id type that reads it back; {@link #STRING_OID} needs no parameter
     */
    public record IdSegment(String segment, IdType idType) {
    }
}
