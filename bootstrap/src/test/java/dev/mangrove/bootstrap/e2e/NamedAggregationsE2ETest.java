package dev.mangrove.bootstrap.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static dev.mangrove.bootstrap.e2e.DocumentCrudE2ETest.assertProblem;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Named aggregations from collection metadata at {@code _aggrs/{uri}} with {@code avars} (docs/plugins.md#aggregate). */
class NamedAggregationsE2ETest {
    private static Http http;
    private static String coll;

    @BeforeAll
    static void seed() {
        // the shared server: ad-hoc pipelines are off there, named ones must work anyway
        http = new Http(TestServer.shared().url());
        coll = "/" + TestServer.freshDatabase("named") + "/orders";
        StringBuilder docs = new StringBuilder("[");
        for (int i = 1; i <= 12; i++) {
            docs.append(i > 1 ? "," : "").append("{\"_id\": ").append(i).append(", \"city\": \"")
                    .append(i % 3 == 0 ? "Rome" : "Oslo").append("\", \"n\": ").append(i).append('}');
        }
        assertEquals(201, http.post(coll, docs.append(']').toString()).status());
        Http.Response meta = http.put(coll, """
                {"aggrs": [
                  {"uri": "by-city", "stages": [
                     {"$match": {"city": {"$var": "city"}}},
                     {"$sort": {"n": 1}}]},
                  {"uri": "above", "stages": [
                     {"$match": {"n": {"$gt": {"$var": ["min", 10]}}}},
                     {"$sort": {"n": 1}}]},
                  {"uri": "totals", "stages": [
                     {"$group": {"_id": "$city", "total": {"$sum": "$n"}}},
                     {"$sort": {"_id": 1}}]},
                  {"uri": "copy", "stages": [{"$out": "copied"}]},
                  {"uri": "js", "stages": [{"$match": {"$where": "true"}}]}
                ]}""");
        assertEquals(200, meta.status(), meta.body());
    }

    private static String avars(String json) {
        return "avars=" + URLEncoder.encode(json, StandardCharsets.UTF_8);
    }

    private static List<Integer> ids(JsonNode array) {
        List<Integer> out = new ArrayList<>();
        array.forEach(d -> out.add(d.get("_id").asInt()));
        return out;
    }

    @Test
    void runsANamedAggregationWithoutTheAdHocFlag() {
        Http.Response r = http.get(coll + "/_aggrs/totals");
        assertEquals(200, r.status(), r.body());
        assertEquals(2, r.json().size(), r.body());
        assertEquals("Oslo", r.json().get(0).get("_id").asText());
        assertEquals(48, r.json().get(0).get("total").asInt());
        assertEquals(30, r.json().get(1).get("total").asInt());
    }

    @Test
    void fillsVariablesFromAvars() {
        Http.Response r = http.get(coll + "/_aggrs/by-city?" + avars("{\"city\": \"Rome\"}"));
        assertEquals(200, r.status(), r.body());
        assertEquals(List.of(3, 6, 9, 12), ids(r.json()));
    }

    @Test
    void usesTheDefaultOfAVariableWhenAvarsLacksIt() {
        assertEquals(List.of(11, 12), ids(http.get(coll + "/_aggrs/above").json()));
        assertEquals(List.of(9, 10, 11, 12), ids(http.get(coll + "/_aggrs/above?" + avars("{\"min\": 8}")).json()));
    }

    @Test
    void pagesNamedResults() {
        String path = coll + "/_aggrs/above?" + avars("{\"min\": 0}");
        assertEquals(List.of(4, 5, 6), ids(http.get(path + "&page=2&pagesize=3").json()));
        assertEquals(0, http.get(path + "&pagesize=0").json().size());
        assertProblem(http.get(path + "&page=0"), 400, "invalid-parameter");
    }

    @Test
    void aMissingVariableWithoutDefaultIsA400() {
        Http.Response r = http.get(coll + "/_aggrs/by-city");
        assertProblem(r, 400, "missing-variable");
        assertTrue(r.json().get("detail").asText().contains("city"), r.body());
    }

    @Test
    void avarsWithOperatorsAreRefused() {
        assertProblem(http.get(coll + "/_aggrs/by-city?" + avars("{\"city\": {\"$ne\": null}}")), 400,
                "operator-not-allowed");
        assertProblem(http.get(coll + "/_aggrs/by-city?" + avars("{\"city\": [{\"$gt\": \"\"}]}")), 400,
                "operator-not-allowed");
    }

    @Test
    void malformedAvarsIsA400NamingTheParameter() {
        Http.Response broken = http.get(coll + "/_aggrs/by-city?" + avars("{\"city\": "));
        assertProblem(broken, 400, "invalid-json");
        assertTrue(broken.json().get("detail").asText().contains("avars"), broken.body());
        Http.Response array = http.get(coll + "/_aggrs/by-city?" + avars("[\"Rome\"]"));
        assertProblem(array, 400, "invalid-parameter");
        assertTrue(array.json().get("detail").asText().contains("avars"), array.body());
    }

    @Test
    void anUnknownAggregationIsA404() {
        assertProblem(http.get(coll + "/_aggrs/nope"), 404, "aggregation-not-found");
        String empty = "/" + TestServer.freshDatabase("named") + "/plain";
        assertEquals(201, http.post(empty, "{\"a\": 1}").status());
        assertProblem(http.get(empty + "/_aggrs/by-city"), 404, "aggregation-not-found");
    }

    @Test
    void storedPipelinesAreCheckedToo() {
        assertProblem(http.get(coll + "/_aggrs/copy"), 403, "stage-not-allowed");
        assertProblem(http.get(coll + "/_aggrs/js"), 403, "stage-not-allowed");
        assertProblem(http.get(coll.substring(0, coll.lastIndexOf('/')) + "/copied"), 404, "collection-not-found");
    }
}
