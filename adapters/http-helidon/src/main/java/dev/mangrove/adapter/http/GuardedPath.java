package dev.mangrove.adapter.http;

import io.helidon.common.uri.UriPath;
import io.helidon.http.PathMatcher;
import io.helidon.http.PathMatchers;

import java.util.Objects;

/**
 * A path template ({@code /_sessions/{sid}/_txns}) whose regular expression runs only for paths that start with its
 * fixed part: Helidon tries every route in order, and matching such templates by regular expression on every API
 * request cost about 0.4 % of a read by id (docs/performance.md#reference-route-fifth-pass).
 */
record GuardedPath(String prefix, PathMatcher template) implements PathMatcher {
    GuardedPath {
        Objects.requireNonNull(prefix, "prefix");
        Objects.requireNonNull(template, "template");
    }

    /** The matcher of {@code template}, guarded by its text before the first parameter. */
    static PathMatcher of(String template) {
        int parameter = template.indexOf('{');
        return parameter < 0 ? PathMatchers.create(template)
                : new GuardedPath(template.substring(0, parameter), PathMatchers.create(template));
    }

    @Override
    public PathMatchers.MatchResult match(UriPath path) {
        return path.path().startsWith(prefix) ? template.match(path) : PathMatchers.MatchResult.notAccepted();
    }

    @Override
    public PathMatchers.PrefixMatchResult prefixMatch(UriPath path) {
        return path.path().startsWith(prefix) ? template.prefixMatch(path) : PathMatchers.PrefixMatchResult.notAccepted();
    }
}
