package dev.mangrove.adapter.http;

import io.helidon.common.uri.UriPath;
import io.helidon.http.PathMatcher;
import io.helidon.http.PathMatchers;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class GuardedPathTest {
    private final PathMatcher txns = GuardedPath.of("/_sessions/{sid}/_txns");

    @Test
    void matchesWhatTheTemplateMatchesWithItsParameters() {
        PathMatchers.MatchResult result = txns.match(UriPath.create("/_sessions/abc/_txns"));
        assertTrue(result.accepted());
        assertEquals("abc", result.path().pathParameters().get("sid"));
    }

    @Test
    void refusesPathsOutsideThePrefixAndLongerPaths() {
        assertFalse(txns.match(UriPath.create("/bench/items/4242")).accepted());
        assertFalse(txns.match(UriPath.create("/_sessions/abc/_txns/3")).accepted());
        assertFalse(txns.prefixMatch(UriPath.create("/db/_sessions/abc/_txns")).accepted());
    }

    @Test
    void agreesWithHelidonsOwnMatcher() {
        PathMatcher plain = PathMatchers.create("/docs/{file}");
        PathMatcher guarded = GuardedPath.of("/docs/{file}");
        for (String path : new String[] {"/docs/app.js", "/docs", "/docs/", "/docs/a/b", "/doc/x", "/x/docs/y"}) {
            assertEquals(plain.match(UriPath.create(path)).accepted(), guarded.match(UriPath.create(path)).accepted(), path);
        }
    }
}
