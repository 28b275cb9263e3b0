package dev.mangrove.bootstrap.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import dev.mangrove.bootstrap.Mangrove;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import static dev.mangrove.bootstrap.e2e.DocumentCrudE2ETest.assertProblem;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** The built-in distinct plugin (docs/plugins.md#distinct). */
class DistinctE2ETest {
    private static Http http;
    private static String coll;

    @BeforeAll
    static void seed() {
        http = new Http(TestServer.shared().url());
        coll = "/" + TestServer.freshDatabase("distinct") + "/people";
        assertEquals(201, http.post(coll, "[{\"city\": \"Oslo\", \"tier\": 1, \"a\": {\"b\": \"x\"}},"
                + " {\"city\": \"Rome\", \"tier\": 2, \"a\": {\"b\": \"y\"}}, {\"city\": \"Oslo\", \"tier\": 2}]").status());
    }

    private static Set<String> values(JsonNode array) {
        Set<String> out = new TreeSet<>();
        array.forEach(v -> out.add(v.asText()));
        return out;
    }

    @Test
    void listsDistinctValuesOfEachField() {
        Http.Response r = http.get(coll + "/_distinct?fields=city,tier,a.b");
        assertEquals(200, r.status(), r.body());
        assertEquals(Set.of("Oslo", "Rome"), values(r.json().get("city")));
        assertEquals(Set.of("1", "2"), values(r.json().get("tier")));
        assertEquals(Set.of("x", "y"), values(r.json().get("a.b")));
    }

    @Test
    void honoursFiltersOfAnyDialect() {
        assertEquals(Set.of("Oslo", "Rome"), values(http.get(coll + "/_distinct?fields=city&tier=[int].2").json().get("city")));
        assertEquals(Set.of("Oslo"), values(http.get(coll + "/_distinct?fields=city&filter=%7B%22tier%22%3A1%7D")
                .json().get("city")));
    }

    @Test
    void badInputIsA400() {
        assertProblem(http.get(coll + "/_distinct"), 400, "missing-parameter");
        assertProblem(http.get(coll + "/_distinct?fields=$where"), 400, "invalid-projection");
        assertProblem(http.get(coll + "/_distinct?fields=city&filter=%7B%22%24where%22%3A1%7D"), 400, "operator-not-allowed");
        assertProblem(http.post(coll + "/_distinct?fields=city", "{}"), 405, "method-not-allowed");
    }

    @Test
    void aDisabledDistinctPluginIsA501() {
        try (Mangrove server = TestServer.start(Map.of("mangrove.plugins.distinct.enabled", "false"))) {
            assertProblem(new Http(server.url()).get(coll + "/_distinct?fields=city"), 501, "not-implemented");
        }
    }
}
