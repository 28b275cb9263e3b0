package dev.mangrove.adapter.http.json;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import dev.mangrove.domain.document.BinaryValue;
import dev.mangrove.domain.document.DbPointerValue;
import dev.mangrove.domain.document.Document;
import dev.mangrove.domain.document.JavaScriptValue;
import dev.mangrove.domain.document.KeyBound;
import dev.mangrove.domain.document.NonFiniteDecimal;
import dev.mangrove.domain.document.ObjectIdValue;
import dev.mangrove.domain.document.RegexValue;
import dev.mangrove.domain.document.SymbolValue;
import dev.mangrove.domain.document.TimestampValue;
import dev.mangrove.domain.document.Undefined;
import dev.mangrove.domain.error.MangroveException;

import java.io.IOException;
import java.math.BigDecimal;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.chrono.IsoChronology;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.format.ResolverStyle;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Reads one JSON text into domain values, token by token, recognising Extended JSON v2 type
 * wrappers (canonical and relaxed, plus the legacy {@code $binary}/{@code $type} form) in every
 * object but the top-level one. Not thread-safe: one reader per parse.
 */
final class EjsonReader {
    private static final Pattern INT = Pattern.compile("-?[0-9]{1,10}");
    private static final Pattern LONG = Pattern.compile("-?[0-9]{1,19}");
    private static final Pattern DOUBLE = Pattern.compile("-?([0-9]+(\\.[0-9]*)?|\\.[0-9]+)([eE][+-]?[0-9]+)?");
    private static final Pattern DECIMAL = Pattern.compile("[+-]?([0-9]+(\\.[0-9]*)?|\\.[0-9]+)([eE][+-]?[0-9]+)?");
    private static final Pattern HEX_TYPE = Pattern.compile("[0-9a-fA-F]{1,2}");
    private static final Pattern UUID_TEXT = Pattern.compile(
            "[0-9a-fA-F]{8}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{12}");
    private static final String REGEX_FLAGS = "imsxlu";
    private static final int MAX_QUOTED = 40;
    private static final DateTimeFormatter ISO_DATE_TIME = new DateTimeFormatterBuilder()
            .parseCaseInsensitive()
            .append(DateTimeFormatter.ISO_LOCAL_DATE)
            .appendLiteral('T')
            .append(DateTimeFormatter.ISO_LOCAL_TIME)
            .optionalStart().appendOffset("+HH:MM", "Z").optionalEnd()
            .optionalStart().appendOffset("+HHMM", "Z").optionalEnd()
            .optionalStart().appendOffset("+HH", "Z").optionalEnd()
            .toFormatter(Locale.ROOT)
            .withChronology(IsoChronology.INSTANCE)
            .withResolverStyle(ResolverStyle.STRICT);

    private final JsonParser parser;
    private final int maxDepth;
    private final boolean lenient;
    private final JsonSource source;
    private final ArrayList<Object> path = new ArrayList<>();

    EjsonReader(JsonParser parser, int maxDepth, boolean lenient, JsonSource source) {
        this.parser = parser;
        this.maxDepth = maxDepth;
        this.lenient = lenient;
        this.source = source;
    }

    /**
     * Reads the whole text: a top-level object becomes a {@link Document} (a plain map when
     * {@code plainRoot}), a top-level array a list whose object elements are documents.
     */
    Object readRoot(boolean objectOnly, boolean plainRoot) throws IOException {
        JsonToken token = parser.nextToken();
        if (token == null) {
            throw source.empty();
        }
        Object value;
        if (token == JsonToken.START_OBJECT) {
            Map<String, Object> fields = readPlainObject(0);
            value = plainRoot ? fields : new Document(fields);
        } else if (objectOnly) {
            throw source.notAnObject();
        } else if (token == JsonToken.START_ARRAY) {
            List<Object> list = readArray(0);
            list.replaceAll(element -> element instanceof Map<?, ?> map ? new Document(cast(map)) : element);
            value = list;
        } else {
            value = readValue(token, 0);
        }
        if (parser.nextToken() != null) {
            throw source.trailingContent(parser.currentTokenLocation());
        }
        return value;
    }

    /** Reads the value starting at {@code token}, which sits inside {@code depth} objects and arrays. */
    private Object readValue(JsonToken token, int depth) throws IOException {
        return switch (token) {
            case START_OBJECT -> readObject(depth);
            case START_ARRAY -> readArray(depth);
            case VALUE_STRING -> lenient ? lenientString(parser.getText()) : parser.getText();
            case VALUE_NUMBER_INT -> switch (parser.getNumberType()) {
                case INT -> parser.getIntValue();
                case LONG -> parser.getLongValue();
                default -> parser.getDoubleValue();
            };
            case VALUE_NUMBER_FLOAT -> parser.getDoubleValue();
            case VALUE_TRUE -> Boolean.TRUE;
            case VALUE_FALSE -> Boolean.FALSE;
            case VALUE_NULL -> null;
            default -> throw source.syntax(parser.currentTokenLocation(), "unexpected " + describe(token));
        };
    }

    private List<Object> readArray(int depth) throws IOException {
        int level = enter(depth);
        List<Object> list = new ArrayList<>();
        int index = 0;
        for (JsonToken token = next(); token != JsonToken.END_ARRAY; token = next()) {
            path.add(index++);
            list.add(readValue(token, level));
            path.removeLast();
        }
        return list;
    }

    /** Reads an object that may be a type wrapper; the current token is its START_OBJECT. */
    private Object readObject(int depth) throws IOException {
        JsonToken token = next();
        if (token == JsonToken.END_OBJECT) {
            enter(depth);
            return new LinkedHashMap<String, Object>();
        }
        String key = parser.currentName();
        if (key.startsWith("$")) {
            switch (key) {
                case "$type":
                    return readTypeFirst(depth);
                case "$scope":
                    return readScopeFirst(depth);
                default:
                    if (isWrapperKey(key)) {
                        return readWrapper(key, depth);
                    }
            }
        }
        return readFields(new LinkedHashMap<>(), key, enter(depth), true);
    }

    /** Reads an object that is never a type wrapper (the top level); the current token is its START_OBJECT. */
    private Map<String, Object> readPlainObject(int depth) throws IOException {
        int level = enter(depth);
        JsonToken token = next();
        if (token == JsonToken.END_OBJECT) {
            return new LinkedHashMap<>();
        }
        return readFields(new LinkedHashMap<>(), parser.currentName(), level, false);
    }

    /** Reads fields from the one named {@code key} (the current token) to the end of the object. */
    private Map<String, Object> readFields(Map<String, Object> map, String key, int level, boolean nested)
            throws IOException {
        String name = key;
        while (true) {
            if (nested && !map.isEmpty() && isWrapperKey(name)) {
                throw invalid(name + " cannot be combined with other keys");
            }
            path.add(name);
            map.put(name, readValue(next(), level));
            path.removeLast();
            if (next() == JsonToken.END_OBJECT) {
                return map;
            }
            name = parser.currentName();
        }
    }

    /** An object whose first key is {@code $type}: the legacy binary form, or else a plain map (the query operator). */
    private Object readTypeFirst(int depth) throws IOException {
        JsonToken token = next();
        Map<String, Object> map = new LinkedHashMap<>();
        if (token == JsonToken.VALUE_STRING) {
            String type = parser.getText();
            JsonToken after = next();
            if (after == JsonToken.FIELD_NAME && "$binary".equals(parser.currentName())) {
                String base64 = string("$binary", "a base64 string next to $type");
                expectEnd("$binary");
                return binary(base64, type, "$type");
            }
            int level = enter(depth);
            map.put("$type", lenient ? lenientString(type) : type);
            return after == JsonToken.END_OBJECT ? map : readFields(map, parser.currentName(), level, true);
        }
        int level = enter(depth);
        path.add("$type");
        map.put("$type", readValue(token, level));
        path.removeLast();
        return next() == JsonToken.END_OBJECT ? map : readFields(map, parser.currentName(), level, true);
    }

    /** An object whose first key is {@code $scope}: code with scope when {@code $code} follows, else a plain map. */
    private Object readScopeFirst(int depth) throws IOException {
        int level = enter(depth);
        path.add("$scope");
        Object scope = readValue(next(), level);
        path.removeLast();
        JsonToken after = next();
        if (after == JsonToken.FIELD_NAME && "$code".equals(parser.currentName())) {
            if (!(scope instanceof Map<?, ?> scopeMap)) {
                throw invalid("$scope must be a document");
            }
            String code = string("$code", "a string");
            expectEnd("$code");
            return new JavaScriptValue(code, cast(scopeMap));
        }
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("$scope", scope);
        return after == JsonToken.END_OBJECT ? map : readFields(map, parser.currentName(), level, true);
    }

    /** Reads a type wrapper whose key is the current token, through its END_OBJECT. */
    private Object readWrapper(String key, int depth) throws IOException {
        if ("$code".equals(key)) {
            return code(depth);
        }
        Object value = switch (key) {
            case "$oid" -> objectId(string(key, "a string of 24 hexadecimal digits"), key);
            case "$symbol" -> new SymbolValue(string(key, "a string"));
            case "$numberInt" -> int32(string(key, "a string holding a 32-bit integer"));
            case "$numberLong" -> int64(string(key, "a string holding a 64-bit integer"), key);
            case "$numberDouble" -> float64(string(key, "a string holding a double, Infinity, -Infinity or NaN"));
            case "$numberDecimal" -> decimal(string(key, "a string holding a decimal128 number"));
            case "$date" -> date();
            case "$binary" -> binaryWrapper();
            case "$uuid" -> uuid(string(key, "a string holding a UUID"));
            case "$regularExpression" -> regularExpression();
            case "$timestamp" -> timestamp();
            case "$minKey" -> keyBound(key, KeyBound.MIN_KEY);
            case "$maxKey" -> keyBound(key, KeyBound.MAX_KEY);
            case "$undefined" -> {
                if (next() != JsonToken.VALUE_TRUE) {
                    throw invalid("$undefined must be true");
                }
                yield Undefined.UNDEFINED;
            }
            case "$dbPointer" -> dbPointer();
            default -> throw new IllegalStateException("not a type wrapper key: " + key);
        };
        expectEnd(key);
        return value;
    }

    /** Code, with a scope when {@code $scope} follows; the current token is the {@code $code} key. */
    private JavaScriptValue code(int depth) throws IOException {
        String code = string("$code", "a string");
        if (next() == JsonToken.END_OBJECT) {
            return new JavaScriptValue(code, null);
        }
        if (!"$scope".equals(parser.currentName())) {
            throw invalid("$code can only be combined with $scope, found " + quote(parser.currentName()));
        }
        JavaScriptValue value = new JavaScriptValue(code, scope(depth));
        expectEnd("$code");
        return value;
    }

    private Map<String, Object> scope(int depth) throws IOException {
        if (next() != JsonToken.START_OBJECT) {
            throw invalid("$scope must be a document");
        }
        path.add("$scope");
        Object scope = readObject(depth);
        path.removeLast();
        if (!(scope instanceof Map<?, ?> map)) {
            throw invalid("$scope must be a document, not an Extended JSON value");
        }
        return cast(map);
    }

    private ObjectIdValue objectId(String hex, String key) {
        if (!ObjectIdValue.isValid(hex)) {
            throw invalid(key + " must be a string of 24 hexadecimal digits, not " + quote(hex));
        }
        return new ObjectIdValue(hex);
    }

    private Integer int32(String text) {
        if (INT.matcher(text).matches()) {
            long value = Long.parseLong(text);
            if (value == (int) value) {
                return (int) value;
            }
        }
        throw invalid("$numberInt must hold a 32-bit integer, not " + quote(text));
    }

    private long int64(String text, String key) {
        if (LONG.matcher(text).matches()) {
            try {
                return Long.parseLong(text);
            } catch (NumberFormatException overflow) {
                // reported below
            }
        }
        throw invalid(key + " must hold a 64-bit integer, not " + quote(text));
    }

    private Double float64(String text) {
        return switch (text) {
            case "Infinity" -> Double.POSITIVE_INFINITY;
            case "-Infinity" -> Double.NEGATIVE_INFINITY;
            case "NaN" -> Double.NaN;
            default -> {
                if (!DOUBLE.matcher(text).matches()) {
                    throw invalid("$numberDouble must hold a decimal number, Infinity, -Infinity or NaN, not " + quote(text));
                }
                double value = Double.parseDouble(text);
                if (Double.isInfinite(value)) {
                    throw invalid("$numberDouble " + quote(text) + " is out of the range of a double");
                }
                yield value;
            }
        };
    }

    private Object decimal(String text) {
        switch (text.toLowerCase(Locale.ROOT)) {
            case "nan", "-nan", "+nan":
                return new NonFiniteDecimal("NaN");
            case "inf", "infinity", "+inf", "+infinity":
                return new NonFiniteDecimal("Infinity");
            case "-inf", "-infinity":
                return new NonFiniteDecimal("-Infinity");
            default:
                break;
        }
        if (DECIMAL.matcher(text).matches()) {
            try {
                BigDecimal value = new BigDecimal(text);
                if (fitsDecimal128(value)) {
                    return value.signum() == 0 && text.startsWith("-") ? new NonFiniteDecimal("-0") : value;
                }
                throw invalid("$numberDecimal " + quote(text)
                        + " does not fit a decimal128 (at most 34 significant digits, exponent -6176 to 6111)");
            } catch (NumberFormatException | ArithmeticException outOfRange) {
                // reported below
            }
        }
        throw invalid("$numberDecimal must hold a decimal number, Infinity, -Infinity or NaN, not " + quote(text));
    }

    /** Whether a decimal128 can hold the value exactly (trailing zeros may be added or dropped). */
    static boolean fitsDecimal128(BigDecimal value) {
        if (value.signum() == 0) {
            return true;
        }
        BigDecimal minimal = value.stripTrailingZeros();
        long precision = minimal.precision();
        long exponent = -(long) minimal.scale();
        if (precision > 34 || exponent < -6176) {
            return false;
        }
        return exponent <= 6111 || exponent - 6111 + precision <= 34;
    }

    private Instant date() throws IOException {
        JsonToken token = next();
        return switch (token) {
            case VALUE_STRING -> isoDate(parser.getText());
            case VALUE_NUMBER_INT -> {
                JsonParser.NumberType type = parser.getNumberType();
                if (type != JsonParser.NumberType.INT && type != JsonParser.NumberType.LONG) {
                    throw invalid("$date milliseconds must fit a 64-bit integer");
                }
                yield Instant.ofEpochMilli(parser.getLongValue());
            }
            case START_OBJECT -> {
                if (next() != JsonToken.FIELD_NAME || !"$numberLong".equals(parser.currentName())) {
                    throw invalid("$date must be an ISO-8601 string, {\"$numberLong\": \"<millis>\"} or a number of milliseconds");
                }
                long millis = int64(string("$numberLong", "a string holding a 64-bit integer"), "$date.$numberLong");
                expectEnd("$numberLong");
                yield Instant.ofEpochMilli(millis);
            }
            default -> throw invalid("$date must be an ISO-8601 string, {\"$numberLong\": \"<millis>\"} or a number of milliseconds");
        };
    }

    private Instant isoDate(String text) {
        Instant fast = utcDate(text);
        if (fast != null) {
            return fast;
        }
        try {
            Instant instant = ISO_DATE_TIME.parse(text, OffsetDateTime::from).toInstant().truncatedTo(ChronoUnit.MILLIS);
            instant.toEpochMilli();
            return instant;
        } catch (DateTimeException | ArithmeticException e) {
            throw invalid("$date must be an ISO-8601 date-time with an offset (e.g. \"2024-01-02T03:04:05Z\"), not "
                    + quote(text));
        }
    }

    /**
     * The common form {@code yyyy-MM-ddTHH:mm:ss[.fraction]Z} without a formatter (which is slow),
     * or {@code null} to let the formatter decide.
     */
    static Instant utcDate(String text) {
        int length = text.length();
        if (length < 20 || length > 30 || text.charAt(4) != '-' || text.charAt(7) != '-' || text.charAt(10) != 'T'
                || text.charAt(13) != ':' || text.charAt(16) != ':' || text.charAt(length - 1) != 'Z') {
            return null;
        }
        int year = digits(text, 0, 4);
        int month = digits(text, 5, 7);
        int day = digits(text, 8, 10);
        int hour = digits(text, 11, 13);
        int minute = digits(text, 14, 16);
        int second = digits(text, 17, 19);
        int millis = 0;
        if (length > 20) {
            if (text.charAt(19) != '.' || length == 21) {
                return null;
            }
            int fraction = digits(text, 20, Math.min(length - 1, 23));
            if (fraction < 0 || (length - 1 > 23 && digits(text, 23, length - 1) < 0)) {
                return null;
            }
            for (int i = Math.min(length - 1, 23) - 20; i < 3; i++) {
                fraction *= 10;
            }
            millis = fraction;
        }
        if (year < 0 || month < 0 || day < 0 || hour < 0 || hour > 23 || minute < 0 || minute > 59 || second < 0
                || second > 59) {
            return null;
        }
        long epochDay;
        try {
            epochDay = LocalDate.of(year, month, day).toEpochDay();
        } catch (DateTimeException invalid) {
            return null;
        }
        return Instant.ofEpochMilli(((epochDay * 24 + hour) * 60 + minute) * 60_000L + second * 1000L + millis);
    }

    /** The decimal value of {@code text[from, to)}, or -1 unless all are ASCII digits. */
    private static int digits(String text, int from, int to) {
        int value = 0;
        for (int i = from; i < to; i++) {
            char c = text.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            value = value * 10 + (c - '0');
        }
        return value;
    }

    private BinaryValue binaryWrapper() throws IOException {
        JsonToken token = next();
        if (token == JsonToken.VALUE_STRING) {
            String base64 = parser.getText();
            if (next() != JsonToken.FIELD_NAME || !"$type".equals(parser.currentName())) {
                throw invalid("$binary must be {\"base64\": …, \"subType\": …} (or a legacy base64 string next to $type)");
            }
            return binary(base64, string("$type", "a one- or two-digit hex string"), "$type");
        }
        if (token != JsonToken.START_OBJECT) {
            throw invalid("$binary must be {\"base64\": …, \"subType\": …}");
        }
        String base64 = null;
        String subType = null;
        for (token = next(); token != JsonToken.END_OBJECT; token = next()) {
            String name = parser.currentName();
            switch (name) {
                case "base64" -> base64 = string("$binary.base64", "a base64 string");
                case "subType" -> subType = string("$binary.subType", "a one- or two-digit hex string");
                default -> throw invalid("$binary has an unexpected key " + quote(name) + "; expected base64 and subType");
            }
        }
        if (base64 == null || subType == null) {
            throw invalid("$binary must have both base64 and subType");
        }
        return binary(base64, subType, "$binary.subType");
    }

    private BinaryValue binary(String base64, String subType, String typeKey) {
        if (!HEX_TYPE.matcher(subType).matches()) {
            throw invalid(typeKey + " must be a one- or two-digit hex string, not " + quote(subType));
        }
        try {
            return new BinaryValue((byte) Integer.parseInt(subType, 16), Base64.getDecoder().decode(base64));
        } catch (IllegalArgumentException e) {
            throw invalid("$binary payload is not valid base64");
        }
    }

    private BinaryValue uuid(String text) {
        if (!UUID_TEXT.matcher(text).matches()) {
            throw invalid("$uuid must be a UUID such as \"c8edabc3-f738-4ca3-b68d-ab92a91478a3\", not " + quote(text));
        }
        String hex = text.replace("-", "");
        byte[] bytes = new byte[16];
        for (int i = 0; i < 16; i++) {
            bytes[i] = (byte) Integer.parseInt(hex, 2 * i, 2 * i + 2, 16);
        }
        return new BinaryValue((byte) 4, bytes);
    }

    private RegexValue regularExpression() throws IOException {
        if (next() != JsonToken.START_OBJECT) {
            throw invalid("$regularExpression must be {\"pattern\": …, \"options\": …}");
        }
        String pattern = null;
        String options = null;
        for (JsonToken token = next(); token != JsonToken.END_OBJECT; token = next()) {
            String name = parser.currentName();
            switch (name) {
                case "pattern" -> pattern = string("$regularExpression.pattern", "a string");
                case "options" -> options = string("$regularExpression.options", "a string");
                default -> throw invalid("$regularExpression has an unexpected key " + quote(name)
                        + "; expected pattern and options");
            }
        }
        if (pattern == null || options == null) {
            throw invalid("$regularExpression must have both pattern and options");
        }
        String problem = RegexValue.problem(pattern, options).orElse(null);
        if (problem != null) {
            throw invalid("$regularExpression is invalid: " + problem);
        }
        return new RegexValue(pattern, options);
    }

    private TimestampValue timestamp() throws IOException {
        if (next() != JsonToken.START_OBJECT) {
            throw invalid("$timestamp must be {\"t\": <seconds>, \"i\": <increment>}");
        }
        long seconds = -1;
        long increment = -1;
        for (JsonToken token = next(); token != JsonToken.END_OBJECT; token = next()) {
            String name = parser.currentName();
            switch (name) {
                case "t" -> seconds = uint32("$timestamp.t");
                case "i" -> increment = uint32("$timestamp.i");
                default -> throw invalid("$timestamp has an unexpected key " + quote(name) + "; expected t and i");
            }
        }
        if (seconds < 0 || increment < 0) {
            throw invalid("$timestamp must have both t and i");
        }
        return new TimestampValue(seconds, increment);
    }

    private long uint32(String key) throws IOException {
        if (next() == JsonToken.VALUE_NUMBER_INT) {
            JsonParser.NumberType type = parser.getNumberType();
            if (type == JsonParser.NumberType.INT || type == JsonParser.NumberType.LONG) {
                long value = parser.getLongValue();
                if (value >= 0 && value <= 0xFFFF_FFFFL) {
                    return value;
                }
            }
        }
        throw invalid(key + " must be an integer from 0 to 4294967295");
    }

    private KeyBound keyBound(String key, KeyBound bound) throws IOException {
        if (next() != JsonToken.VALUE_NUMBER_INT || parser.getNumberType() != JsonParser.NumberType.INT
                || parser.getIntValue() != 1) {
            throw invalid(key + " must be 1");
        }
        return bound;
    }

    private DbPointerValue dbPointer() throws IOException {
        if (next() != JsonToken.START_OBJECT) {
            throw invalid("$dbPointer must be {\"$ref\": <namespace>, \"$id\": {\"$oid\": …}}");
        }
        String namespace = null;
        ObjectIdValue id = null;
        for (JsonToken token = next(); token != JsonToken.END_OBJECT; token = next()) {
            String name = parser.currentName();
            switch (name) {
                case "$ref" -> namespace = string("$dbPointer.$ref", "a string");
                case "$id" -> {
                    if (next() != JsonToken.START_OBJECT || next() != JsonToken.FIELD_NAME
                            || !"$oid".equals(parser.currentName())) {
                        throw invalid("$dbPointer.$id must be {\"$oid\": …}");
                    }
                    id = objectId(string("$oid", "a string of 24 hexadecimal digits"), "$oid");
                    expectEnd("$oid");
                }
                default -> throw invalid("$dbPointer has an unexpected key " + quote(name) + "; expected $ref and $id");
            }
        }
        if (namespace == null || id == null) {
            throw invalid("$dbPointer must have both $ref and $id");
        }
        return new DbPointerValue(namespace, id);
    }

    /** The next token, which must be a string: the value of {@code key}. */
    private String string(String key, String expected) throws IOException {
        if (next() != JsonToken.VALUE_STRING) {
            throw invalid(key + " must be " + expected);
        }
        return parser.getText();
    }

    /** Consumes the END_OBJECT closing a wrapper, or fails naming the extra key. */
    private void expectEnd(String key) throws IOException {
        if (next() != JsonToken.END_OBJECT) {
            throw invalid(key + " cannot be combined with other keys, found " + quote(parser.currentName()));
        }
    }

    /** Enters an object or array that sits inside {@code depth} others; fails beyond the maximum depth. */
    private int enter(int depth) {
        int level = depth + 1;
        if (level > maxDepth) {
            throw source.tooDeep(maxDepth, parser.currentTokenLocation());
        }
        return level;
    }

    /** The next token; the end of input inside an object or array is a syntax error. */
    private JsonToken next() throws IOException {
        JsonToken token = parser.nextToken();
        if (token == null) {
            throw source.syntax(parser.currentLocation(), "unexpected end of input");
        }
        return token;
    }

    private MangroveException invalid(String reason) {
        return source.extendedJson(pointer(), parser.currentTokenLocation(), reason);
    }

    /** The RFC 6901 pointer of the value being read. */
    private String pointer() {
        StringBuilder pointer = new StringBuilder();
        for (Object segment : path) {
            pointer.append('/').append(segment.toString().replace("~", "~0").replace("/", "~1"));
        }
        return pointer.toString();
    }

    /** A string of the form {@code /pattern/flags} becomes a regular expression (express-monger's {@code where}). */
    static Object lenientString(String text) {
        int end = text.lastIndexOf('/');
        if (text.length() < 3 || text.charAt(0) != '/' || end < 2) {
            return text;
        }
        StringBuilder flags = new StringBuilder();
        for (int i = end + 1; i < text.length(); i++) {
            char flag = text.charAt(i);
            if (REGEX_FLAGS.indexOf(flag) < 0) {
                return text;
            }
            if (flags.indexOf(String.valueOf(flag)) < 0) {
                flags.append(flag);
            }
        }
        return new RegexValue(text.substring(1, end), flags.toString());
    }

    static boolean isWrapperKey(String key) {
        return switch (key) {
            case "$oid", "$symbol", "$numberInt", "$numberLong", "$numberDouble", "$numberDecimal", "$binary",
                 "$uuid", "$code", "$timestamp", "$regularExpression", "$dbPointer", "$date", "$minKey", "$maxKey",
                 "$undefined" -> true;
            default -> false;
        };
    }

    /** The client's text, shortened and with control characters escaped, for an error detail. */
    private static String quote(String text) {
        StringBuilder shown = new StringBuilder("'");
        int end = Math.min(text.length(), MAX_QUOTED);
        for (int i = 0; i < end; i++) {
            char c = text.charAt(i);
            if (c < 0x20 || c == 0x7f) {
                shown.append(String.format(Locale.ROOT, "\\u%04x", (int) c));
            } else {
                shown.append(c);
            }
        }
        return shown.append(text.length() > end ? "…'" : "'").toString();
    }

    private static String describe(JsonToken token) {
        return token.asString() != null ? "'" + token.asString() + "'" : token.name().toLowerCase(Locale.ROOT);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> cast(Map<?, ?> map) {
        return (Map<String, Object>) map;
    }
}
