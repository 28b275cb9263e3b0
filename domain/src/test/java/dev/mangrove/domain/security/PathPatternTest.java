package dev.mangrove.domain.security;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PathPatternTest {
    @ParameterizedTest(name = "{0} vs {1} -> {2}")
    @CsvSource({
            // literals
            "/shop/orders, /shop/orders, true",
            "/shop/orders, /shop/orders/, true",
            "/shop/orders/, /shop/orders, true",
            "/shop/orders, /shop/Orders, false",
            "/shop/orders, /shop/orders/42, false",
            "/shop/orders, /shop, false",
            "/, /, true",
            "/, /shop, false",
            // templates: one non-empty segment each
            "/{db}/{coll}/{docid}, /shop/orders/42, true",
            "/{db}/{coll}/{docid}, /shop/orders, false",
            "/{db}/{coll}/{docid}, /shop/orders/42/x, false",
            "/{db}/{coll}/{docid}, /shop//42, false",
            "/shop/{coll}, /shop/orders, true",
            "/shop/{coll}, /blog/orders, false",
            // single-segment globs
            "/shop/*, /shop/orders, true",
            "/shop/*, /shop/orders/42, false",
            "/shop/*, /shop, false",
            "/shop/tmp*, /shop/tmp_1, true",
            "/shop/tmp*, /shop/tmp, true",
            "/shop/tmp*, /shop/xtmp, false",
            "/shop/*_log, /shop/app_log, true",
            "/shop/*_log, /shop/app_logs, false",
            // the rest
            "/shop/**, /shop, true",
            "/shop/**, /shop/, true",
            "/shop/**, /shop/orders, true",
            "/shop/**, /shop/orders/42/binary, true",
            "/shop/**, /shopping/orders, false",
            "/shop/**, /, false",
            "/**, /, true",
            "/**, /anything/at/all, true",
            "/{db}/**, /, false",
            "/{db}/**, /shop, true",
            "/*/orders/**, /shop/orders/1, true",
            "/*/orders/**, /shop/customers/1, false",
            // the raw path: percent-encoding is not decoded
            "/my%20db/**, /my%20db/c, true",
            "/my db/**, /my%20db/c, false",
            "/shop/orders/*, /shop/orders/a%2Fb, true",
    })
    void matches(String pattern, String path, boolean expected) {
        assertEquals(expected, PathPattern.compile(pattern).matches(path));
    }

    @ParameterizedTest
    @CsvSource({"shop/**", "/shop/**/x", "/shop/a**", "/shop//x", "/{}", "/{a-b}", "/shop/{coll", "''"})
    void malformedPatternsAreRefused(String pattern) {
        assertThrows(IllegalArgumentException.class, () -> PathPattern.compile(pattern));
    }

    @Test
    void namesExplicitlyOnlyWithLiteralLeadingSegments() {
        assertTrue(PathPattern.compile("/mangrove/mangrove_users/**").namesExplicitly("/mangrove/mangrove_users"));
        assertTrue(PathPattern.compile("/mangrove/mangrove_users").namesExplicitly("/mangrove/mangrove_users/"));
        assertTrue(PathPattern.compile("/mangrove/mangrove_users/{id}").namesExplicitly("/mangrove/mangrove_users"));
        assertFalse(PathPattern.compile("/**").namesExplicitly("/mangrove/mangrove_users"));
        assertFalse(PathPattern.compile("/mangrove/**").namesExplicitly("/mangrove/mangrove_users"));
        assertFalse(PathPattern.compile("/mangrove/*").namesExplicitly("/mangrove/mangrove_users"));
        assertFalse(PathPattern.compile("/{db}/mangrove_users").namesExplicitly("/mangrove/mangrove_users"));
        assertFalse(PathPattern.compile("/mangrove/mangrove_users_x").namesExplicitly("/mangrove/mangrove_users"));
        assertFalse(PathPattern.compile("/").namesExplicitly("/"));
    }

    @Test
    void equalityAndTextFollowTheWrittenPattern() {
        assertEquals(PathPattern.compile("/a/**"), PathPattern.compile("/a/**"));
        assertEquals("/a/{b}", PathPattern.compile("/a/{b}").toString());
    }
}
