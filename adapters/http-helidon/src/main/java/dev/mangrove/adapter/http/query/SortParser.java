package dev.mangrove.adapter.http.query;

import dev.mangrove.adapter.http.json.ExtendedJson;
import dev.mangrove.domain.query.Sort;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The sort dialects: JSON {@code {"name":1,"age":-1}}, a list {@code name,-age}, Python tuples
 * {@code [("name",1),("age",-1)]} and MangoREST's {@code (name:ascending),(age:descending)}.
 */
final class SortParser {
    private static final String EXPECTED = "{\"name\":1,\"age\":-1}, name,-age, [(\"name\",1),(\"age\",-1)] "
            + "or (name:ascending),(age:descending)";
    private static final Pattern TUPLE = Pattern.compile(
            "\\s*\\(\\s*(?:\"([^\"]*)\"|'([^']*)'|([^,()\"'\\s]+))\\s*,\\s*([+-]?\\d{1,3})\\s*\\)\\s*");
    private static final Pattern MANGO = Pattern.compile("\\s*\\(\\s*([^:()]+?)\\s*(?::\\s*([A-Za-z0-9+-]*)\\s*)?\\)\\s*");

    private final ExtendedJson json;

    SortParser(ExtendedJson json) {
        this.json = json;
    }

    /** The keys of one sort parameter value, in order. */
    List<Sort.Key> keys(String parameter, String value) {
        String text = value.trim();
        if (text.isEmpty()) {
            throw Problems.invalid("invalid-sort", parameter, value, "a sort such as " + EXPECTED);
        }
        return switch (text.charAt(0)) {
            case '{' -> fromJson(parameter, value);
            case '[' -> fromTuples(parameter, value, text);
            case '(' -> fromMango(parameter, value, text);
            default -> fromList(parameter, value, text);
        };
    }

    private List<Sort.Key> fromJson(String parameter, String value) {
        Map<String, Object> spec = json.parseQuery(value, parameter, false);
        if (spec.isEmpty()) {
            throw Problems.invalid("invalid-sort", parameter, value, "the sort document is empty", EXPECTED);
        }
        List<Sort.Key> keys = new ArrayList<>();
        for (Map.Entry<String, Object> entry : spec.entrySet()) {
            Integer direction = direction(entry.getValue());
            if (direction == null) {
                throw Problems.invalid("invalid-sort", parameter, value,
                        "the direction of '" + Problems.quote(entry.getKey()) + "' is neither 1 nor -1", EXPECTED);
            }
            keys.add(key(parameter, value, entry.getKey(), direction > 0));
        }
        return keys;
    }

    private static Integer direction(Object value) {
        if (value instanceof Number number && !(value instanceof Double d && (d.isNaN() || d.isInfinite()))) {
            BigDecimal n = value instanceof BigDecimal b ? b : new BigDecimal(number.toString());
            if (n.compareTo(BigDecimal.ONE) == 0) {
                return 1;
            }
            if (n.compareTo(BigDecimal.ONE.negate()) == 0) {
                return -1;
            }
        }
        return null;
    }

    private static List<Sort.Key> fromTuples(String parameter, String value, String text) {
        if (!text.endsWith("]")) {
            throw Problems.invalid("invalid-sort", parameter, value, "the list is not closed with ']'", EXPECTED);
        }
        List<Sort.Key> keys = new ArrayList<>();
        for (String item : FieldFilters.splitTopLevel(text.substring(1, text.length() - 1))) {
            Matcher m = TUPLE.matcher(item);
            if (!m.matches()) {
                throw Problems.invalid("invalid-sort", parameter, value,
                        "'" + Problems.quote(item.trim()) + "' is not a (\"field\", 1) or (\"field\", -1) pair", EXPECTED);
            }
            String field = m.group(1) != null ? m.group(1) : m.group(2) != null ? m.group(2) : m.group(3);
            int direction = Integer.parseInt(m.group(4));
            if (direction != 1 && direction != -1) {
                throw Problems.invalid("invalid-sort", parameter, value,
                        "the direction of '" + Problems.quote(field) + "' is neither 1 nor -1", EXPECTED);
            }
            keys.add(key(parameter, value, field, direction > 0));
        }
        return keys;
    }

    private static List<Sort.Key> fromMango(String parameter, String value, String text) {
        List<Sort.Key> keys = new ArrayList<>();
        for (String item : FieldFilters.splitTopLevel(text)) {
            Matcher m = MANGO.matcher(item);
            if (!m.matches()) {
                throw Problems.invalid("invalid-sort", parameter, value,
                        "'" + Problems.quote(item.trim()) + "' is not (field:ascending) or (field:descending)",
                        EXPECTED);
            }
            String direction = m.group(2) == null ? "" : m.group(2).toLowerCase(Locale.ROOT);
            boolean ascending = switch (direction) {
                case "", "asc", "ascending", "1", "+1" -> true;
                case "desc", "descending", "-1" -> false;
                default -> throw Problems.invalid("invalid-sort", parameter, value,
                        "'" + Problems.quote(m.group(2)) + "' is not a direction", "ascending or descending in "
                                + EXPECTED);
            };
            keys.add(key(parameter, value, m.group(1), ascending));
        }
        return keys;
    }

    private static List<Sort.Key> fromList(String parameter, String value, String text) {
        List<Sort.Key> keys = new ArrayList<>();
        for (String item : text.split(",", -1)) {
            // a '+' that URL decoding turned into a space reads as ascending too
            String field = item.strip();
            boolean ascending = true;
            if (field.startsWith("-")) {
                ascending = false;
                field = field.substring(1).strip();
            } else if (field.startsWith("+")) {
                field = field.substring(1).strip();
            }
            keys.add(key(parameter, value, field, ascending));
        }
        return keys;
    }

    private static Sort.Key key(String parameter, String value, String field, boolean ascending) {
        String problem = fieldProblem(field);
        if (problem != null) {
            throw Problems.invalid("invalid-sort", parameter, value, problem, EXPECTED);
        }
        return new Sort.Key(field, ascending);
    }

    /** Why a field path cannot be sorted or projected on, or {@code null}. */
    static String fieldProblem(String field) {
        if (field.isEmpty()) {
            return "a field name is empty";
        }
        if (field.startsWith("$")) {
            return "the field name '" + Problems.quote(field) + "' starts with '$'";
        }
        if (field.startsWith(".") || field.endsWith(".") || field.contains("..")) {
            return "the field path '" + Problems.quote(field) + "' has an empty segment";
        }
        if (field.indexOf('\0') >= 0) {
            return "a field name contains a NUL character";
        }
        return null;
    }
}
