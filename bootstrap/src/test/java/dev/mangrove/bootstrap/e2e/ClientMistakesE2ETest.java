package dev.mangrove.bootstrap.e2e;

import dev.mangrove.bootstrap.Mangrove;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** A client's mistake is a 400 problem with a useful detail and no internals, never a 500 (docs/api.md#errors). */
class ClientMistakesE2ETest {
    private static Http http;
    private static String coll;

    @BeforeAll
    static void start() {
        Mangrove server = TestServer.shared();
        http = new Http(server.url());
        coll = "/" + TestServer.freshDatabase("mistakes") + "/things";
        assertEquals(201, http.post(coll, "{\"_id\": 1, \"name\": \"kept\"}").status());
    }

    private static String q(String json) {
        return URLEncoder.encode(json, StandardCharsets.UTF_8);
    }

    /** Collects "request → status body" of every answer that is not a 4xx problem without internals. */
    private static void expect4xx(List<String> wrong, String what, Http.Response r) {
        String body = r.body();
        boolean internals = body.contains("java.") || body.contains("de.bwaldvogel") || body.contains("com.mongodb")
                || body.contains("Exception") || body.contains("backend-error");
        if (r.status() < 400 || r.status() >= 500 || internals
                || !r.header("Content-Type").orElse("").startsWith("application/problem+json")) {
            wrong.add(what + " → " + r.status() + " " + body);
        }
    }

    @Test
    void invalidAndRefusedAggregationStagesAre4xx() {
        List<String> wrong = new ArrayList<>();
        for (String pipeline : List.of("[{\"$skip\":\"x\"}]", "[{\"$replaceRoot\":{}}]", "[{\"$gt\":{}}]",
                "[{\"$group\":null}]", "[{\"$collStats\":{}}]", "[{\"$currentOp\":{}}]", "[{\"$listSessions\":{}}]",
                "[{\"$documents\":[{\"a\":1}]}]")) {
            expect4xx(wrong, "POST _aggregate " + pipeline, http.post(coll + "/_aggregate", pipeline));
            expect4xx(wrong, "GET _aggregate " + pipeline, http.get(coll + "/_aggregate?pipeline=" + q(pipeline)));
        }
        assertEquals(List.of(), wrong);
    }

    @Test
    void invalidFiltersAre400() {
        List<String> wrong = new ArrayList<>();
        for (String filter : List.of("{\"$getField\":\"a\"}", "{\"a\":{\"$getField\":\"a\"}}", "{\"a\\u0000b\":1}",
                "{\"name\":{\"$regex\":\"(\"}}", "{\"name\":{\"$regularExpression\":{\"pattern\":\"(\",\"options\":\"\"}}}")) {
            expect4xx(wrong, "GET filter=" + filter, http.get(coll + "?filter=" + q(filter)));
        }
        assertEquals(List.of(), wrong);
        assertEquals(1, http.get(coll).json().size());
    }

    @Test
    void anInvalidRegularExpressionValueIsNotStored() {
        List<String> wrong = new ArrayList<>();
        expect4xx(wrong, "POST invalid pattern", http.post(coll,
                "{\"_id\": 2, \"r\": {\"$regularExpression\": {\"pattern\": \"(\", \"options\": \"\"}}}"));
        expect4xx(wrong, "POST invalid options", http.post(coll,
                "{\"_id\": 3, \"r\": {\"$regularExpression\": {\"pattern\": \"a\", \"options\": \"q\"}}}"));
        expect4xx(wrong, "PUT invalid pattern", http.put(coll + "/4",
                "{\"r\": {\"$regularExpression\": {\"pattern\": \"(\", \"options\": \"q\"}}}"));
        assertEquals(List.of(), wrong);
        assertEquals(1, http.get(coll).json().size());
    }
}
