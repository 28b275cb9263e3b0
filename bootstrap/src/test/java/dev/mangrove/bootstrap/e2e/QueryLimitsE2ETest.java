package dev.mangrove.bootstrap.e2e;

import dev.mangrove.bootstrap.Mangrove;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

import static dev.mangrove.bootstrap.e2e.DocumentCrudE2ETest.assertProblem;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

/** One request cannot eat the server: its time is bounded on every backend (docs/querying.md#regular-expressions). */
class QueryLimitsE2ETest {
    private static Http http;
    private static String coll;

    @BeforeAll
    static void start() {
        Mangrove server = TestServer.shared();
        http = new Http(server.url());
        coll = "/" + TestServer.freshDatabase("limits") + "/texts";
        // one 61-character value, as in the report: ^(.*a){8}$ backtracks for 40 s on it in java.util.regex
        assertEquals(201, http.post(coll, "{\"_id\": 1, \"text\": \"" + "ab".repeat(30) + "c\"}").status());
    }

    private static String filter(String json) {
        return coll + "?filter=" + URLEncoder.encode(json, StandardCharsets.UTF_8);
    }

    @Test
    void aCatastrophicRegexIsRefusedOnTheEmbeddedBackend() {
        Assumptions.assumeTrue(TestBackend.get().kind() == TestBackend.Kind.EMBEDDED,
                "MongoDB bounds a regex by maxTimeMS itself");
        Http.Response r = http.get(filter("{\"text\":{\"$regex\":\"^(.*a){8}$\"}}"));
        assertProblem(r, 400, "regex-too-complex");
        assertFalse(r.body().contains("java."), r.body());
        assertProblem(http.get(coll + "/_size?filter=" + URLEncoder.encode("{\"text\":{\"$regex\":\"(a|a)*c\"}}",
                StandardCharsets.UTF_8)), 400, "regex-too-complex");
        assertProblem(http.send("DELETE", filter("{\"text\":{\"$regex\":\"(a+)+c\"}}"), null, null), 400,
                "regex-too-complex");
        assertEquals(1, http.get(coll).json().size());
    }

    @Test
    void aSimpleRegexStillMatches() {
        assertEquals(1, http.get(filter("{\"text\":{\"$regex\":\"^(ab)+c$\"}}")).json().size());
    }
}
