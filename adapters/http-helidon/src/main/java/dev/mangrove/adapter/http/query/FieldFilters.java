package dev.mangrove.adapter.http.query;

import dev.mangrove.adapter.http.query.TypedValues.Hint;
import dev.mangrove.domain.query.Filter;
import dev.mangrove.domain.query.Filter.Operator;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * MangoREST's typed field filters: {@code country=USA}, {@code ratio=gte[int].50},
 * {@code country=in[list-str].[North Pole,Moon]}, and the logical {@code and=(…)}, {@code or=(…)},
 * {@code nor=(…)} whose items read {@code field.op[type].value}.
 */
final class FieldFilters {
    private static final String OPS = "eq|ne|gte|gt|lte|lt|nin|in";
    private static final String EXPECTED = "a value, [type].value or op[type].value with op one of "
            + "eq ne gt gte lt lte in nin and type one of " + TypedValues.TYPES
            + ", such as gte[int].50 or in[list-str].[a,b]";
    private static final String ITEM_EXPECTED = "(field.op[type].value,…) with op one of eq ne gt gte lt lte in nin "
            + "and type one of " + TypedValues.TYPES + ", such as (ratio.gt[int].70,country.eq[str].North Pole)";
    /** An expression rather than a literal: a known operator and a bracket, or a bracket holding a type-like word. */
    private static final Pattern TYPED = Pattern.compile(
            "(?s)(?:(?<op>(?i:" + OPS + "))\\[(?<type1>[^\\]]*)\\]|\\[(?<type2>[A-Za-z][A-Za-z0-9-]*)\\])(?<rest>.*)");
    /** Looks like op[type].value but the op is unknown (a typo such as {@code gtee[int].5}). */
    private static final Pattern UNKNOWN_OPERATOR = Pattern.compile("(?s)([A-Za-z]+)\\[[A-Za-z][A-Za-z0-9-]*\\]\\..*");
    private static final Pattern ITEM_TYPED = Pattern.compile("(?s)\\.(?i:" + OPS + ")\\[");
    private static final Pattern ITEM_UNTYPED = Pattern.compile("(?s)\\.((?i:" + OPS + "))\\.");

    private FieldFilters() {
    }

    /** The filter of one field parameter {@code name=value}. */
    static Filter field(String name, String value) {
        checkField(name, name, value);
        Matcher m = TYPED.matcher(value);
        if (!m.matches()) {
            Matcher unknown = UNKNOWN_OPERATOR.matcher(value);
            if (unknown.matches()) {
                throw Problems.invalid("invalid-filter", name, value,
                        "'" + Problems.quote(unknown.group(1)) + "' is not an operator", EXPECTED);
            }
            return new Filter.Condition(name, Operator.EQ, value);
        }
        String op = m.group("op");
        String type = op != null ? m.group("type1") : m.group("type2");
        String rest = m.group("rest");
        Hint hint = TypedValues.hint(name, type, value);
        if (!rest.startsWith(".")) {
            throw Problems.invalid("invalid-filter", name, value,
                    "a '.' must follow the type [" + Problems.quote(type) + "]", EXPECTED);
        }
        return condition(name, name, op == null ? Operator.EQ : operator(op), hint, rest.substring(1), value);
    }

    /** The filter of {@code and=(…)}, {@code or=(…)} or {@code nor=(…)}. */
    static Filter logical(String parameter, String value) {
        String inner = value.trim();
        if (inner.startsWith("(") && inner.endsWith(")") && inner.length() >= 2) {
            inner = inner.substring(1, inner.length() - 1);
        }
        if (inner.isBlank()) {
            throw Problems.invalid("invalid-filter", parameter, value, "there are no conditions", ITEM_EXPECTED);
        }
        List<Filter> parts = new ArrayList<>();
        for (String item : splitTopLevel(inner)) {
            parts.add(item(parameter, item, value));
        }
        return switch (parameter) {
            case "or" -> new Filter.Or(parts);
            case "nor" -> new Filter.Nor(parts);
            default -> Filter.and(parts);
        };
    }

    private static Filter item(String parameter, String item, String whole) {
        String text = item.strip();
        Matcher typed = ITEM_TYPED.matcher(text);
        if (typed.find()) {
            String field = text.substring(0, typed.start());
            checkField(parameter, field, whole);
            Matcher m = TYPED.matcher(text.substring(typed.start() + 1));
            if (m.matches() && m.group("op") != null && m.group("rest").startsWith(".")) {
                return condition(parameter, field, operator(m.group("op")),
                        TypedValues.hint(parameter, m.group("type1"), whole), m.group("rest").substring(1), whole);
            }
            throw Problems.invalid("invalid-filter", parameter, whole,
                    "'" + Problems.quote(text) + "' is not a condition", ITEM_EXPECTED);
        }
        Matcher untyped = ITEM_UNTYPED.matcher(text);
        if (untyped.find()) {
            String field = text.substring(0, untyped.start());
            checkField(parameter, field, whole);
            Operator op = operator(untyped.group(1));
            String rest = text.substring(untyped.end());
            return condition(parameter, field, op, Hint.STRING, rest, whole);
        }
        throw Problems.invalid("invalid-filter", parameter, whole,
                "'" + Problems.quote(text) + "' is not a condition", ITEM_EXPECTED);
    }

    private static Filter condition(String parameter, String field, Operator op, Hint hint, String text,
                                    String whole) {
        Object value;
        if (op == Operator.IN || op == Operator.NIN) {
            if (!hint.list() && !text.trim().startsWith("[")) {
                throw Problems.invalid("invalid-filter", parameter, whole,
                        op.name().toLowerCase(Locale.ROOT) + " needs a list",
                        "a list such as " + op.name().toLowerCase(Locale.ROOT) + "[list-str].[a,b]");
            }
            value = TypedValues.list(parameter, hint.type(), text, whole);
        } else {
            value = TypedValues.value(parameter, hint, text, whole);
        }
        return new Filter.Condition(field, op, value);
    }

    private static Operator operator(String name) {
        return Operator.valueOf(name.toUpperCase(Locale.ROOT));
    }

    /** Splits on commas that are not inside brackets or parentheses. */
    static List<String> splitTopLevel(String text) {
        List<String> items = new ArrayList<>();
        int depth = 0;
        int start = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '[' || c == '(') {
                depth++;
            } else if ((c == ']' || c == ')') && depth > 0) {
                depth--;
            } else if (c == ',' && depth == 0) {
                items.add(text.substring(start, i));
                start = i + 1;
            }
        }
        items.add(text.substring(start));
        return items;
    }

    /** A field path: not empty, no empty segment, not an operator. */
    static void checkField(String parameter, String field, String whole) {
        String problem = null;
        if (field.isEmpty()) {
            problem = "the field name is empty";
        } else if (field.startsWith("$")) {
            problem = "the field name '" + Problems.quote(field) + "' starts with '$'";
        } else if (field.startsWith(".") || field.endsWith(".") || field.contains("..")) {
            problem = "the field path '" + Problems.quote(field) + "' has an empty segment";
        } else if (field.indexOf('\0') >= 0) {
            problem = "the field name contains a NUL character";
        }
        if (problem != null) {
            throw Problems.invalid("invalid-filter", parameter, whole, problem, "a dotted field path such as a.b");
        }
    }
}
