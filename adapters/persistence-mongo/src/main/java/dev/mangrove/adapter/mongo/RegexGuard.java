package dev.mangrove.adapter.mongo;

import dev.mangrove.domain.error.MangroveException;
import org.bson.BsonArray;
import org.bson.BsonDocument;
import org.bson.BsonRegularExpression;
import org.bson.BsonValue;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * Checks the regular expressions of a query or pipeline before they reach the embedded backend
 * (docs/querying.md#regular-expressions). mongo-java-server matches them with {@code java.util.regex}, which
 * cannot be stopped once started and ignores {@code maxTimeMS}: one pattern that backtracks exponentially
 * (e.g. {@code ^(.*a){8}$}) would run for minutes. So there a pattern must compile, must not use
 * backreferences, must not repeat a group that holds a quantifier or an alternation, and may hold at
 * most {@value #MAX_UNBOUNDED} unbounded quantifiers. A MongoDB server bounds every regex by the query
 * time limit itself; the guard does nothing there. It also refuses (501) the deprecated BSON symbol type, which
 * mongo-java-server cannot read.
 */
final class RegexGuard {
    /** The most unbounded quantifiers ({@code *}, {@code +}, {@code {n,}}) one pattern may hold on the embedded backend. */
    static final int MAX_UNBOUNDED = 3;
    /** The longest pattern accepted on the embedded backend. */
    static final int MAX_LENGTH = 1000;
    private static final Set<String> EXPRESSION_OPERATORS = Set.of("$regexMatch", "$regexFind", "$regexFindAll");
    private static final RegexGuard NONE = new RegexGuard(false);
    private static final RegexGuard EMBEDDED = new RegexGuard(true);

    private final boolean active;

    private RegexGuard(boolean active) {
        this.active = active;
    }

    /** The guard for a backend: checking on the embedded one, a no-op on MongoDB. */
    static RegexGuard forBackend(boolean embedded) {
        return embedded ? EMBEDDED : NONE;
    }

    /** Returns {@code query} after checking every regular expression in it, at any depth. */
    BsonDocument check(BsonDocument query) {
        if (active) {
            walk(query);
        }
        return query;
    }

    private static void walk(BsonValue value) {
        if (value instanceof org.bson.BsonSymbol) {
            // mongo-java-server drops the connection on this type (DomainDocumentCodec refuses it in documents)
            throw DomainDocumentCodec.symbolNotSupported();
        }
        if (value instanceof BsonRegularExpression regex) {
            checkPattern(regex.getPattern(), regex.getOptions());
        } else if (value instanceof BsonArray array) {
            array.forEach(RegexGuard::walk);
        } else if (value instanceof BsonDocument document) {
            for (Map.Entry<String, BsonValue> entry : document.entrySet()) {
                String key = entry.getKey();
                if (key.equals("$regex") && entry.getValue().isString()) {
                    BsonValue options = document.get("$options");
                    checkPattern(entry.getValue().asString().getValue(),
                            options != null && options.isString() ? options.asString().getValue() : "");
                } else if (EXPRESSION_OPERATORS.contains(key) && entry.getValue() instanceof BsonDocument args
                        && args.get("regex") != null && args.get("regex").isString()) {
                    BsonValue options = args.get("options");
                    checkPattern(args.getString("regex").getValue(),
                            options != null && options.isString() ? options.asString().getValue() : "");
                }
                walk(entry.getValue());
            }
        }
    }

    /** Throws a 400 problem when the pattern does not compile or may backtrack without bound. */
    static void checkPattern(String pattern, String options) {
        if (pattern.length() > MAX_LENGTH) {
            throw tooComplex(pattern, "it is longer than " + MAX_LENGTH + " characters");
        }
        try {
            Pattern.compile(pattern, flags(options));
        } catch (PatternSyntaxException e) {
            throw MangroveException.badRequest("invalid-regex", "The regular expression '" + shorten(pattern)
                    + "' is invalid: " + e.getDescription() + (e.getIndex() >= 0 ? " at index " + e.getIndex() : ""));
        }
        String reason = unsafety(options.contains("x") ? withoutComments(pattern) : pattern);
        if (reason != null) {
            throw tooComplex(pattern, reason);
        }
    }

    /** Why the pattern may backtrack without bound, or {@code null} when it cannot. */
    static String unsafety(String pattern) {
        Deque<Group> open = new ArrayDeque<>();
        Group current = new Group();
        Group lastGroup = null; // the group that just closed, when the next character may quantify it
        int unbounded = 0;
        int i = 0;
        while (i < pattern.length()) {
            char c = pattern.charAt(i);
            Group closed = null;
            switch (c) {
                case '\\' -> {
                    char next = i + 1 < pattern.length() ? pattern.charAt(i + 1) : ' ';
                    if (next >= '1' && next <= '9' || next == 'k') {
                        return "it uses a backreference";
                    }
                    if (next == 'Q') {
                        int end = pattern.indexOf("\\E", i + 2);
                        i = end < 0 ? pattern.length() : end + 2;
                        continue;
                    }
                    i += 2;
                }
                case '[' -> i = endOfClass(pattern, i);
                case '(' -> {
                    int body = groupBody(pattern, i);
                    if (body < 0) { // inline flags such as (?i): no group
                        i = -body;
                        break;
                    }
                    open.push(current);
                    current = new Group();
                    i = body;
                }
                case ')' -> {
                    closed = current;
                    current = open.isEmpty() ? new Group() : open.pop();
                    current.quantified |= closed.quantified;
                    current.alternation |= closed.alternation;
                    i++;
                }
                case '|' -> {
                    current.alternation = true;
                    i++;
                }
                case '*', '+', '?', '{' -> {
                    int[] bounds = new int[2];
                    int end = quantifier(pattern, i, bounds);
                    if (end < 0) { // a literal '{'
                        i++;
                        break;
                    }
                    int min = bounds[0];
                    int max = bounds[1];
                    if (lastGroup != null && max > 1 && (lastGroup.quantified || lastGroup.alternation)) {
                        return lastGroup.quantified ? "it repeats a group that contains a quantifier (nested quantifiers)"
                                : "it repeats a group that contains an alternation (use a character class such as [ab]+)";
                    }
                    if (max != min) {
                        current.quantified = true;
                    }
                    if (max == Integer.MAX_VALUE && ++unbounded > MAX_UNBOUNDED) {
                        return "it has more than " + MAX_UNBOUNDED + " unbounded quantifiers (*, +, {n,})";
                    }
                    i = end;
                    if (i < pattern.length() && (pattern.charAt(i) == '?' || pattern.charAt(i) == '+')) {
                        i++; // lazy or possessive
                    }
                }
                default -> i++;
            }
            lastGroup = closed;
        }
        return null;
    }

    /**
     * The index where the body of the group opened at {@code i} starts (after {@code (?:}, {@code (?<name>},
     * a lookaround...), or minus the index after an inline-flags construct such as {@code (?i)}.
     */
    private static int groupBody(String pattern, int i) {
        if (i + 1 >= pattern.length() || pattern.charAt(i + 1) != '?') {
            return i + 1;
        }
        int j = i + 2;
        if (j < pattern.length() && ":=!>".indexOf(pattern.charAt(j)) >= 0) {
            return j + 1;
        }
        if (pattern.startsWith("<=", j) || pattern.startsWith("<!", j)) {
            return j + 2;
        }
        if (pattern.startsWith("<", j)) {
            int close = pattern.indexOf('>', j);
            return close < 0 ? pattern.length() : close + 1;
        }
        while (j < pattern.length() && (Character.isLetter(pattern.charAt(j)) || pattern.charAt(j) == '-')) {
            j++;
        }
        if (j < pattern.length() && pattern.charAt(j) == ')') {
            return -(j + 1);
        }
        return Math.min(j + 1, pattern.length());
    }

    /** The index after the quantifier at {@code i} (its bounds in {@code bounds}), or -1 when {@code {} is a literal. */
    private static int quantifier(String pattern, int i, int[] bounds) {
        char c = pattern.charAt(i);
        if (c != '{') {
            bounds[0] = c == '+' ? 1 : 0;
            bounds[1] = c == '?' ? 1 : Integer.MAX_VALUE;
            return i + 1;
        }
        int close = pattern.indexOf('}', i);
        if (close < 0) {
            return -1;
        }
        String body = pattern.substring(i + 1, close);
        if (!body.matches("\\d{1,9}(,\\d{0,9})?")) {
            return -1;
        }
        int comma = body.indexOf(',');
        bounds[0] = Integer.parseInt(comma < 0 ? body : body.substring(0, comma));
        bounds[1] = comma < 0 ? bounds[0] : comma == body.length() - 1 ? Integer.MAX_VALUE
                : Integer.parseInt(body.substring(comma + 1));
        return close + 1;
    }

    private static int endOfClass(String pattern, int start) {
        int depth = 0;
        int i = start;
        while (i < pattern.length()) {
            char c = pattern.charAt(i);
            if (c == '\\') {
                i += 2;
                continue;
            }
            if (c == '[') {
                depth++;
            } else if (c == ']' && i > start + 1 && --depth == 0) {
                return i + 1;
            }
            i++;
        }
        return pattern.length();
    }

    private static String withoutComments(String pattern) {
        return pattern.replaceAll("(?m)(?<!\\\\)#.*$", "").replaceAll("\\s+", "");
    }

    private static int flags(String options) {
        int flags = 0;
        for (char option : options.toCharArray()) {
            flags |= switch (option) {
                case 'i' -> Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE;
                case 'm' -> Pattern.MULTILINE;
                case 's' -> Pattern.DOTALL;
                case 'x' -> Pattern.COMMENTS;
                default -> 0;
            };
        }
        return flags;
    }

    private static MangroveException tooComplex(String pattern, String reason) {
        return MangroveException.badRequest("regex-too-complex", "The regular expression '" + shorten(pattern)
                + "' is refused on the embedded backend because " + reason + ": such a pattern can run for minutes"
                + " and the embedded backend cannot stop it (a MongoDB server bounds it by the query time limit)");
    }

    private static String shorten(String pattern) {
        return pattern.length() <= 80 ? pattern : pattern.substring(0, 77) + "...";
    }

    private static final class Group {
        boolean quantified;
        boolean alternation;
    }
}
