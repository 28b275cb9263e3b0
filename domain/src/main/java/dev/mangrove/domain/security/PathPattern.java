package dev.mangrove.domain.security;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * The path of an ACL permission: a RESTHeart-like template matched against the raw request path
 * (as the client sent it, not percent-decoded), segment by segment.
 *
 * <ul>
 *   <li>a literal segment matches itself exactly (case-sensitive);</li>
 *   <li>{@code {name}} matches any one non-empty segment (e.g. {@code /{db}/{coll}/{docid}});</li>
 *   <li>{@code *} matches any one segment; inside a segment ({@code tmp*}) it matches any characters
 *       of that segment;</li>
 *   <li>{@code **}, only as the last segment, matches the rest of the path: zero or more segments
 *       ({@code /shop/**} matches {@code /shop}, {@code /shop/orders} and {@code /shop/orders/42}).</li>
 * </ul>
 * Trailing slashes are ignored on both sides; {@code /} and {@code /**} match the root.
 */
public final class PathPattern {
    private static final Pattern NAME = Pattern.compile("\\{[A-Za-z_][A-Za-z0-9_]*}");

    private final String text;
    private final List<Segment> segments;
    private final boolean rest;

    private sealed interface Segment {
        boolean matches(String segment);
    }

    private record Literal(String value) implements Segment {
        @Override
        public boolean matches(String segment) {
            return value.equals(segment);
        }
    }

    private record AnyOne() implements Segment {
        @Override
        public boolean matches(String segment) {
            return !segment.isEmpty();
        }
    }

    private record Glob(Pattern regex) implements Segment {
        @Override
        public boolean matches(String segment) {
            return regex.matcher(segment).matches();
        }
    }

    private PathPattern(String text, List<Segment> segments, boolean rest) {
        this.text = text;
        this.segments = segments;
        this.rest = rest;
    }

    /**
     * Compiles a pattern; throws {@link IllegalArgumentException} when it does not start with
     * {@code /}, has an empty segment, a malformed {@code {name}} or a {@code **} before the end.
     */
    public static PathPattern compile(String text) {
        Objects.requireNonNull(text, "text");
        String trimmed = text.strip();
        if (!trimmed.startsWith("/")) {
            throw new IllegalArgumentException("a path must start with /, not '" + text + "'");
        }
        List<String> parts = split(trimmed);
        List<Segment> segments = new ArrayList<>();
        boolean rest = false;
        for (int i = 0; i < parts.size(); i++) {
            String part = parts.get(i);
            if (part.isEmpty()) {
                throw new IllegalArgumentException("the path '" + text + "' has an empty segment");
            }
            if (part.equals("**")) {
                if (i != parts.size() - 1) {
                    throw new IllegalArgumentException("** may only be the last segment of the path '" + text + "'");
                }
                rest = true;
            } else if (part.contains("**")) {
                throw new IllegalArgumentException("** must be a whole segment in the path '" + text + "'");
            } else if (part.equals("*") || NAME.matcher(part).matches()) {
                segments.add(new AnyOne());
            } else if (part.contains("{") || part.contains("}")) {
                throw new IllegalArgumentException("malformed {name} in the path '" + text
                        + "' (a name is letters, digits and _)");
            } else if (part.contains("*")) {
                StringBuilder regex = new StringBuilder();
                for (String piece : part.split("\\*", -1)) {
                    if (!regex.isEmpty()) {
                        regex.append(".*");
                    }
                    regex.append(Pattern.quote(piece));
                }
                segments.add(new Glob(Pattern.compile(regex.toString())));
            } else {
                segments.add(new Literal(part));
            }
        }
        return new PathPattern(trimmed, List.copyOf(segments), rest);
    }

    /** Whether the raw request path (without query string) matches. */
    public boolean matches(String rawPath) {
        Objects.requireNonNull(rawPath, "rawPath");
        List<String> parts = split(rawPath);
        if (parts.size() < segments.size() || (!rest && parts.size() != segments.size())) {
            return false;
        }
        for (int i = 0; i < segments.size(); i++) {
            if (!segments.get(i).matches(parts.get(i))) {
                return false;
            }
        }
        return true;
    }

    /**
     * Whether this pattern names {@code publicPath} explicitly: its first segments are literals equal
     * to every segment of {@code publicPath} (so {@code /mangrove/mangrove_users/**} names
     * {@code /mangrove/mangrove_users}, but {@code /**} and {@code /{db}/**} do not).
     */
    public boolean namesExplicitly(String publicPath) {
        List<String> parts = split(publicPath);
        if (parts.isEmpty() || parts.size() > segments.size()) {
            return false;
        }
        for (int i = 0; i < parts.size(); i++) {
            if (!(segments.get(i) instanceof Literal literal) || !literal.value().equals(parts.get(i))) {
                return false;
            }
        }
        return true;
    }

    /** The path's segments: no leading slash, trailing slashes ignored; the root has none. */
    private static List<String> split(String path) {
        String p = path;
        int end = p.length();
        while (end > 0 && p.charAt(end - 1) == '/') {
            end--;
        }
        p = p.substring(0, end);
        if (p.isEmpty()) {
            return List.of();
        }
        if (p.startsWith("/")) {
            p = p.substring(1);
        }
        return List.of(p.split("/", -1));
    }

    /** The pattern as written. */
    @Override
    public String toString() {
        return text;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof PathPattern that && text.equals(that.text);
    }

    @Override
    public int hashCode() {
        return text.hashCode();
    }
}
