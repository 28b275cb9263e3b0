package dev.mangrove.adapter.http.query;

import dev.mangrove.domain.document.ObjectIdValue;

import java.math.BigDecimal;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/** MangoREST's type hints ({@code [int]}, {@code [list-str]}…): text into a typed domain value. */
final class TypedValues {
    static final String TYPES = "int long float decimal bool str oid date time datetime timedelta null, "
            + "or list-<one of those>";

    private static final Pattern INTEGER = Pattern.compile("[+-]?\\d{1,40}");
    private static final Pattern FLOAT = Pattern.compile(
            "[+-]?(?:\\d+\\.?\\d*|\\.\\d+)(?:[eE][+-]?\\d+)?|[+-]?(?:Infinity|inf)|NaN|nan");
    private static final Pattern DECIMAL = Pattern.compile("[+-]?(?:\\d+\\.?\\d*|\\.\\d+)(?:[eE][+-]?\\d{1,5})?");
    private static final Pattern TIME = Pattern.compile("(?:[01]\\d|2[0-3]):[0-5]\\d(?::[0-5]\\d)?");
    private static final int MAX_DECIMAL_DIGITS = 34;
    private static final int MIN_DECIMAL_EXPONENT = -6176;
    private static final int MAX_DECIMAL_EXPONENT = 6111;

    /** A scalar type hint. */
    enum Type {
        INT("an integer from -2147483648 to 2147483647, such as 42"),
        LONG("an integer from -9223372036854775808 to 9223372036854775807, such as 42"),
        FLOAT("a number such as 1.5 or 2e10"),
        DECIMAL("a decimal number of at most 34 digits, such as 12.50"),
        BOOL("true or false"),
        STR("a string"),
        OID("an ObjectId of 24 hexadecimal digits"),
        DATE("an ISO-8601 date such as 2024-01-31"),
        TIME("a time of day HH:MM or HH:MM:SS, such as 09:30"),
        DATETIME("an ISO-8601 date-time such as 2024-01-31T09:30:00Z (UTC when no offset)"),
        TIMEDELTA("an ISO-8601 duration such as PT1H30M or P2DT3H"),
        NULL("null or nothing");

        final String expected;

        Type(String expected) {
            this.expected = expected;
        }

        String hint() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /**
     * A parsed type hint: a scalar type, or a list of one.
     *
     * @param type the (element) type
     * @param list whether the value is a list {@code [a,b]}
     */
    record Hint(Type type, boolean list) {
        static final Hint STRING = new Hint(Type.STR, false);

        String text() {
            return list ? "list-" + type.hint() : type.hint();
        }
    }

    private TypedValues() {
    }

    /** The hint of a type name such as {@code int} or {@code list-str}, or a 400. */
    static Hint hint(String parameter, String name, String whole) {
        String lower = name.trim().toLowerCase(Locale.ROOT);
        boolean list = lower.startsWith("list-");
        Type type = type(list ? lower.substring(5) : lower);
        if (type == null) {
            throw Problems.invalid("invalid-filter", parameter, whole, "unknown type '" + name + "'",
                    "one of " + TYPES + " (use [str] to match such text literally)");
        }
        return new Hint(type, list);
    }

    private static Type type(String name) {
        for (Type type : Type.values()) {
            if (type.hint().equals(name)) {
                return type;
            }
        }
        return null;
    }

    /** The value of {@code text} as {@code hint}, or a 400 naming the parameter and the expected form. */
    static Object value(String parameter, Hint hint, String text, String whole) {
        if (!hint.list()) {
            return scalar(parameter, hint.type(), text, whole);
        }
        return list(parameter, hint.type(), text, whole);
    }

    /** A list {@code [a,b,c]} of elements of {@code type}. */
    static List<Object> list(String parameter, Type type, String text, String whole) {
        String trimmed = text.trim();
        if (trimmed.length() < 2 || trimmed.charAt(0) != '[' || trimmed.charAt(trimmed.length() - 1) != ']') {
            throw Problems.invalid("invalid-filter", parameter, whole, "'" + Problems.quote(text) + "' is not a list",
                    "a list such as [list-" + type.hint() + "].[a,b] of " + type.expected);
        }
        String inner = trimmed.substring(1, trimmed.length() - 1);
        List<Object> values = new ArrayList<>();
        if (inner.isEmpty()) {
            return values;
        }
        int start = 0;
        while (true) {
            int comma = inner.indexOf(',', start);
            String element = comma < 0 ? inner.substring(start) : inner.substring(start, comma);
            values.add(scalar(parameter, type, type == Type.STR ? element : element.trim(), whole));
            if (comma < 0) {
                return values;
            }
            start = comma + 1;
        }
    }

    /** One value of {@code type}. */
    static Object scalar(String parameter, Type type, String text, String whole) {
        String t = type == Type.STR ? text : text.trim();
        Object value = switch (type) {
            case STR -> t;
            case INT -> INTEGER.matcher(t).matches() ? integer(t, Integer.MIN_VALUE, Integer.MAX_VALUE, true) : null;
            case LONG -> INTEGER.matcher(t).matches() ? integer(t, Long.MIN_VALUE, Long.MAX_VALUE, false) : null;
            case FLOAT -> floating(t);
            case DECIMAL -> decimal(t);
            case BOOL -> switch (t.toLowerCase(Locale.ROOT)) {
                case "true" -> Boolean.TRUE;
                case "false" -> Boolean.FALSE;
                default -> null;
            };
            case OID -> ObjectIdValue.isValid(t) ? new ObjectIdValue(t) : null;
            case DATE -> date(t);
            case TIME -> TIME.matcher(t).matches() ? t : null;
            case DATETIME -> dateTime(t);
            case TIMEDELTA -> duration(t);
            case NULL -> t.isEmpty() || t.equalsIgnoreCase("null") ? NullMarker.NULL : null;
        };
        if (value == null) {
            throw Problems.invalid("invalid-filter", parameter, whole,
                    "'" + Problems.quote(text) + "' is not a valid " + type.hint(), type.expected);
        }
        return value == NullMarker.NULL ? null : value;
    }

    /** Stands for a successfully parsed {@code null}, since {@code null} itself means "does not parse". */
    private enum NullMarker {
        NULL
    }

    private static Object integer(String text, long min, long max, boolean asInt) {
        try {
            long n = Long.parseLong(text.startsWith("+") ? text.substring(1) : text);
            if (n < min || n > max) {
                return null;
            }
            return asInt ? (Object) Integer.valueOf((int) n) : (Object) Long.valueOf(n);
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private static Object floating(String text) {
        if (!FLOAT.matcher(text).matches()) {
            return null;
        }
        return switch (text.toLowerCase(Locale.ROOT)) {
            case "nan" -> Double.NaN;
            case "infinity", "+infinity", "inf", "+inf" -> Double.POSITIVE_INFINITY;
            case "-infinity", "-inf" -> Double.NEGATIVE_INFINITY;
            default -> Double.parseDouble(text);
        };
    }

    private static Object decimal(String text) {
        if (text.length() > 100 || !DECIMAL.matcher(text).matches()) {
            return null;
        }
        try {
            BigDecimal value = new BigDecimal(text);
            if (value.precision() > MAX_DECIMAL_DIGITS) {
                value = value.stripTrailingZeros();
            }
            int exponent = -value.scale();
            if (value.precision() > MAX_DECIMAL_DIGITS || exponent < MIN_DECIMAL_EXPONENT
                    || exponent > MAX_DECIMAL_EXPONENT) {
                return null;
            }
            return value;
        } catch (NumberFormatException | ArithmeticException e) {
            return null;
        }
    }

    private static Object date(String text) {
        try {
            return bsonDate(LocalDate.parse(text).atStartOfDay(ZoneOffset.UTC).toInstant());
        } catch (DateTimeException e) {
            return null;
        }
    }

    private static Object dateTime(String text) {
        try {
            return bsonDate(OffsetDateTime.parse(text).toInstant());
        } catch (DateTimeException e) {
            // no offset: UTC
        }
        try {
            return bsonDate(LocalDateTime.parse(text).toInstant(ZoneOffset.UTC));
        } catch (DateTimeException e) {
            return null;
        }
    }

    /** The instant, when a BSON date (milliseconds in a long) can hold it. */
    private static Instant bsonDate(Instant instant) {
        try {
            instant.toEpochMilli();
            return instant;
        } catch (ArithmeticException e) {
            return null;
        }
    }

    private static Object duration(String text) {
        try {
            return Duration.parse(text).toMillis();
        } catch (DateTimeException | ArithmeticException e) {
            return null;
        }
    }
}
