package dev.mangrove.bootstrap.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import dev.mangrove.bootstrap.Mangrove;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static dev.mangrove.bootstrap.e2e.DocumentCrudE2ETest.assertProblem;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The built-in aggregate plugin (docs/plugins.md#aggregate). */
class AggregateE2ETest {
    private static Mangrove server;
    private static Http http;
    private static String coll;

    @BeforeAll
    static void seed() {
        server = TestServer.start(Map.of("mangrove.plugins.aggregate.allow-adhoc", "true"));
        http = new Http(server.url());
        coll = "/" + TestServer.freshDatabase("aggregate") + "/orders";
        StringBuilder docs = new StringBuilder("[");
        for (int i = 1; i <= 25; i++) {
            docs.append(i > 1 ? "," : "").append("{\"_id\": ").append(i).append(", \"city\": \"")
                    .append(i % 2 == 0 ? "Oslo" : "Rome").append("\", \"n\": ").append(i).append('}');
        }
        assertEquals(201, http.post(coll, docs.append(']').toString()).status());
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private static String get(String pipeline, String extra) {
        return coll + "/_aggregate?pipeline=" + URLEncoder.encode(pipeline, StandardCharsets.UTF_8) + extra;
    }

    private static List<Integer> ids(JsonNode array) {
        List<Integer> out = new ArrayList<>();
        array.forEach(d -> out.add(d.get("_id").asInt()));
        return out;
    }

    @Test
    void aPipelineOnAMissingCollectionIsNotFoundAndCreatesNothing() {
        String db = "/" + TestServer.freshDatabase("aggrmissing");
        Http.Response ghost = http.post(db + "/c/_aggregate", "[{\"$match\": {}}]");
        assertEquals(404, ghost.status(), ghost.body());
        assertEquals("database-not-found", ghost.json().get("code").asText());
        assertEquals(404, http.get(db).status(), "the read created nothing");
        String missing = coll.substring(0, coll.lastIndexOf('/')) + "/missing";
        Http.Response r = http.post(missing + "/_aggregate", "[{\"$match\": {}}]");
        assertEquals(404, r.status(), r.body());
        assertEquals("collection-not-found", r.json().get("code").asText());
    }

    @Test
    void runsAPipelineGivenAsAParameter() {
        Http.Response r = http.get(get("[{\"$match\": {\"city\": \"Oslo\"}}, {\"$group\": {\"_id\": \"$city\","
                + " \"total\": {\"$sum\": \"$n\"}}}]", ""));
        assertEquals(200, r.status(), r.body());
        assertTrue(r.json().isArray(), r.body());
        assertEquals(1, r.json().size(), r.body());
        assertEquals("Oslo", r.json().get(0).get("_id").asText());
        assertEquals(156, r.json().get(0).get("total").asInt());
    }

    @Test
    void runsAPipelinePostedAsTheBody() {
        Http.Response r = http.post(coll + "/_aggregate", "[{\"$match\": {\"n\": {\"$lte\": 3}}}, {\"$sort\": {\"n\": -1}}]");
        assertEquals(200, r.status(), r.body());
        assertEquals(List.of(3, 2, 1), ids(r.json()));
    }

    @Test
    void pagesResults() {
        String sorted = "[{\"$sort\": {\"n\": 1}}]";
        assertEquals(100 < 25 ? 100 : 25, http.get(get(sorted, "")).json().size());
        assertEquals(List.of(11, 12, 13, 14, 15), ids(http.get(get(sorted, "&page=3&pagesize=5")).json()));
        assertEquals(List.of(21, 22, 23, 24, 25), ids(http.get(get(sorted, "&page=3&pagesize=10")).json()).subList(0, 5));
        assertEquals(0, http.get(get(sorted, "&pagesize=0")).json().size());
        assertEquals(25, http.get(get(sorted, "&pagesize=5000")).json().size());
        assertProblem(http.get(get(sorted, "&page=0")), 400, "invalid-parameter");
        assertProblem(http.get(get(sorted, "&pagesize=-1")), 400, "invalid-parameter");
        assertProblem(http.get(get(sorted, "&page=x")), 400, "invalid-parameter");
    }

    @Test
    void refusesForbiddenStagesWithA403() {
        assertProblem(http.get(get("[{\"$out\": \"copy\"}]", "")), 403, "stage-not-allowed");
        assertProblem(http.post(coll + "/_aggregate", "[{\"$merge\": {\"into\": \"copy\"}}]"), 403, "stage-not-allowed");
        assertProblem(http.get(get("[{\"$match\": {\"$where\": \"true\"}}]", "")), 403, "stage-not-allowed");
        assertProblem(http.post(coll + "/_aggregate", "[{\"$group\": {\"_id\": 1, \"x\": {\"$accumulator\": {}}}}]"),
                403, "stage-not-allowed");
        assertProblem(http.post(coll + "/_aggregate", "[{\"$lookup\": {\"from\": {\"db\": \"admin\", \"coll\": \"system.users\"},"
                + " \"as\": \"u\"}}]"), 403, "stage-not-allowed");
        assertEquals(0, http.get(coll.substring(0, coll.lastIndexOf('/')) + "/copy").json().path("_embedded")
                .path("rh:doc").size());
    }

    @Test
    void refusesMalformedPipelinesWithA400() {
        assertProblem(http.get(get("{\"$match\": {}}", "")), 400, "invalid-pipeline");
        assertProblem(http.get(get("[{\"$match\": {}, \"$sort\": {\"a\": 1}}]", "")), 400, "invalid-pipeline");
        assertProblem(http.get(get("[{\"match\": {}}]", "")), 400, "invalid-pipeline");
        assertProblem(http.post(coll + "/_aggregate", "[1, 2]"), 400, "invalid-pipeline");
        assertProblem(http.get(coll + "/_aggregate"), 400, "missing-parameter");
        Http.Response broken = http.get(get("[{\"$match\": ", ""));
        assertProblem(broken, 400, "invalid-json");
        assertTrue(broken.json().get("detail").asText().contains("pipeline"), broken.body());
    }

    @Test
    void adHocPipelinesAreRefusedUnlessAllowed() {
        Http.Response r = new Http(TestServer.shared().url()).get(get("[{\"$match\": {}}]", ""));
        assertProblem(r, 403, "adhoc-aggregation-not-allowed");
        assertTrue(r.json().get("detail").asText().contains("mangrove.plugins.aggregate.allow-adhoc"), r.body());
    }

    @Test
    void anUnknownNamedAggregationIsNotFound() {
        assertProblem(http.get(coll + "/_aggrs/by-city"), 404, "aggregation-not-found");
    }
}
