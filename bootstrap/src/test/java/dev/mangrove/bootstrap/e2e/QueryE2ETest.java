package dev.mangrove.bootstrap.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static dev.mangrove.bootstrap.e2e.DocumentCrudE2ETest.assertProblem;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Querying a collection over HTTP in every dialect and representation (docs/querying.md). */
class QueryE2ETest {
    private static Http http;
    private static String coll;

    @BeforeAll
    static void seed() {
        http = new Http(TestServer.shared().url());
        coll = "/" + TestServer.freshDatabase("query") + "/rockets";
        StringBuilder docs = new StringBuilder("[");
        String[] countries = {"USA", "North Pole", "Moon", "USA", "France"};
        for (int i = 0; i < 30; i++) {
            docs.append(i == 0 ? "" : ",").append("{\"_id\": ").append(i)
                    .append(", \"name\": \"r").append(i).append('"')
                    .append(", \"ratio\": ").append(i * 3)
                    .append(", \"country\": \"").append(countries[i % 5]).append('"')
                    .append(", \"is_active\": ").append(i % 2 == 0)
                    .append(", \"launched\": {\"$date\": \"2024-01-").append(String.format("%02d", 1 + i % 28))
                    .append("T00:00:00Z\"}, \"secret\": \"s").append(i).append("\"}");
        }
        Http.Response r = http.post(coll, docs.append("]").toString());
        assertEquals(201, r.status(), r.body());
    }

    private static String q(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    private static List<Integer> ids(JsonNode array) {
        List<Integer> out = new ArrayList<>();
        array.forEach(d -> out.add(d.get("_id").asInt()));
        return out;
    }

    @Test
    void filtersWithExtendedJson() {
        JsonNode r = http.get(coll + "?filter=" + q("{\"ratio\": {\"$gte\": 80}}")).json();
        assertEquals(List.of(27, 28, 29), ids(r));
        JsonNode two = http.get(coll + "?filter=" + q("{\"ratio\": {\"$gte\": 60}}") + "&filter="
                + q("{\"country\": \"USA\"}")).json();
        assertEquals(List.of(20, 23, 25, 28), ids(two), "repeated filters combine with AND");
        JsonNode dates = http.get(coll + "?filter=" + q("{\"launched\": {\"$lt\": {\"$date\": \"2024-01-03T00:00:00Z\"}}}"))
                .json();
        assertEquals(List.of(0, 1, 28, 29), ids(dates));
    }

    @Test
    void whereIsLenient() {
        JsonNode r = http.get(coll + "?where=" + q("{'name': '/^r2/i'}")).json();
        assertEquals(List.of(2, 20, 21, 22, 23, 24, 25, 26, 27, 28, 29), ids(r));
    }

    @Test
    void typedFieldFiltersOfMangoRest() {
        assertEquals(List.of(27, 28, 29), ids(http.get(coll + "?ratio=gte[int].80").json()));
        assertEquals(6, http.get(coll + "?country=North%20Pole").json().size());
        assertEquals(15, http.get(coll + "?is_active=[bool].true").json().size());
        assertEquals(12, http.get(coll + "?country=in[list-str].[North%20Pole,Moon]").json().size());
        assertEquals(List.of(25, 28), ids(http.get(coll + "?and=" + q("(ratio.gt[int].70,country.eq[str].USA)")).json()));
        assertEquals(List.of(0, 29), ids(http.get(coll + "?or=" + q("(ratio.eq[int].0,ratio.eq[int].87)")).json()));
        assertEquals(List.of(0, 1, 28, 29), ids(http.get(coll + "?launched=lt[date].2024-01-03").json()));
    }

    @Test
    void projectionSortAndPaging() {
        JsonNode r = http.get(coll + "?fields=name&sort=-ratio&pagesize=3").json();
        assertEquals(List.of(29, 28, 27), ids(r));
        assertFalse(r.get(0).has("secret"));
        assertTrue(r.get(0).has("name"));
        JsonNode keys = http.get(coll + "?keys=" + q("{\"secret\": 0}") + "&pagesize=1").json();
        assertFalse(keys.get(0).has("secret"));
        assertTrue(keys.get(0).has("ratio"));
        assertEquals(List.of(29, 28), ids(http.get(coll + "?sort=" + q("{\"ratio\": -1}") + "&pagesize=2").json()));
        assertEquals(List.of(29, 28), ids(http.get(coll + "?_sort=" + q("(ratio:descending)") + "&_limit=2").json()));
        assertEquals(List.of(5, 6), ids(http.get(coll + "?_skip=5&_limit=2").json()));
        assertEquals(List.of(9, 10, 11), ids(http.get(coll + "?page=4&pagesize=3").json()));
    }

    @Test
    void countsAndLinks() {
        Http.Response r = http.get(coll + "?pagesize=10&page=2&count&country=USA");
        assertEquals(200, r.status(), r.body());
        assertEquals("12", r.header("X-Total-Count").orElseThrow());
        String link = r.header("Link").orElseThrow();
        assertTrue(link.contains("rel=\"first\""), link);
        assertTrue(link.contains("rel=\"prev\""), link);
        assertFalse(link.contains("rel=\"next\""), link);
        assertTrue(link.contains("rel=\"last\""), link);
        assertTrue(link.contains("country=USA"), "links keep the other parameters: " + link);
        Http.Response first = http.get(coll + "?pagesize=10");
        assertTrue(first.header("Link").orElseThrow().contains("rel=\"next\""));
        assertTrue(first.header("X-Total-Count").isEmpty());
        assertEquals("30", http.get(coll + "?count=estimated&pagesize=1").header("X-Total-Count").orElseThrow());
    }

    @Test
    void halEnvelope() {
        Http.Response r = http.get(coll + "?rep=hal&pagesize=5&page=2&count");
        assertEquals(200, r.status(), r.body());
        assertTrue(r.header("Content-Type").orElseThrow().startsWith("application/hal+json"));
        JsonNode body = r.json();
        assertEquals(5, body.get("_items").size());
        assertEquals(2, body.get("_meta").get("page").asInt());
        assertEquals(5, body.get("_meta").get("max_results").asInt());
        assertEquals(30, body.get("_meta").get("total").asInt());
        JsonNode links = body.get("_links");
        assertTrue(links.has("self") && links.has("first") && links.has("prev") && links.has("next") && links.has("last"),
                links.toString());
        assertTrue(links.get("find").get("templated").asBoolean());
        assertTrue(links.get("next").get("href").asText().contains("page=3"));
        assertEquals(200, http.get(coll + "?hateoas=true").status());
        assertTrue(http.get(coll, "Accept", "application/hal+json").json().has("_items"));
        Http.Response bad = http.get(coll + "?rep=xml");
        assertProblem(bad, 400, "invalid-representation");
        assertTrue(bad.json().get("detail").asText().contains("hal"));
    }

    @Test
    void streamsNdjsonAndCsv() {
        Http.Response nd = http.get(coll + "?pagination=false&sort=_id", "Accept", "application/x-ndjson");
        assertEquals(200, nd.status());
        String[] lines = nd.body().split("\n");
        assertEquals(30, lines.length);
        assertTrue(lines[0].startsWith("{\"_id\":0"), lines[0]);
        Http.Response csv = http.get(coll + "?fields=name,ratio&pagesize=2", "Accept", "text/csv");
        assertEquals(200, csv.status());
        assertEquals("_id,name,ratio\r\n0,r0,0\r\n1,r1,3\r\n", csv.body());
        Http.Response all = http.get(coll + "?pagination=false");
        assertEquals(30, all.json().size());
    }

    @Test
    void sizeHonoursFilters() {
        assertEquals(30, http.get(coll + "/_size").json().get("_size").asInt());
        assertEquals(12, http.get(coll + "/_size?country=USA").json().get("_size").asInt());
        assertEquals(3, http.get(coll + "/_size?filter=" + q("{\"ratio\": {\"$gte\": 80}}")).json().get("_size").asInt());
    }

    @Test
    void deniedOperatorsAre400EvenWhenNested() {
        assertProblem(http.get(coll + "?filter=" + q("{\"$where\": \"true\"}")), 400, "operator-not-allowed");
        assertProblem(http.get(coll + "?filter=" + q("{\"$or\": [{\"a\": 1}, {\"$and\": [{\"$where\": \"1\"}]}]}")), 400,
                "operator-not-allowed");
        assertProblem(http.get(coll + "?filter=" + q("{\"$expr\": {\"$function\": {\"body\": \"x\"}}}")), 400,
                "operator-not-allowed");
    }

    @Test
    void configuredOperatorsAreDeniedToo() {
        try (dev.mangrove.bootstrap.Mangrove strict = TestServer.start(java.util.Map.of(
                "mangrove.query.denied-operators", "$regex"))) {
            Http client = new Http(strict.url());
            assertEquals(201, client.post(coll, "{\"name\": \"rocket\", \"ratio\": 2}").status());
            assertProblem(client.get(coll + "?filter=" + q("{\"name\": {\"$regex\": \"^r\"}}")), 400,
                    "operator-not-allowed");
            assertEquals(200, client.get(coll + "?filter=" + q("{\"ratio\": {\"$gt\": 1}}")).status());
        }
    }

    @Test
    void malformedParametersAre400NamingTheParameter() {
        Http.Response filter = http.get(coll + "?filter=" + q("{\"a\": "));
        assertEquals(400, filter.status(), filter.body());
        assertTrue(filter.json().get("detail").asText().contains("filter"), filter.body());
        Http.Response typed = http.get(coll + "?ratio=gte[int].abc");
        assertEquals(400, typed.status());
        assertTrue(typed.json().get("detail").asText().contains("ratio"), typed.body());
        assertEquals(400, http.get(coll + "?ratio=huge[int].5").status());
        assertEquals(400, http.get(coll + "?ratio=gte[float64].5").status());
        assertEquals(400, http.get(coll + "?sort=" + q("{\"a\": 2}")).status());
        assertEquals(400, http.get(coll + "?pagesize=lots").status());
    }

    @Test
    void textSearchIsA501WhereTheBackendHasNone() {
        Assumptions.assumeTrue(TestBackend.get().kind() == TestBackend.Kind.EMBEDDED,
                "the backend supports $text; this checks the embedded backend's 501");
        assertProblem(http.get(coll + "?filter=" + q("{\"$text\": {\"$search\": \"r1\"}}")), 501, "not-implemented");
    }
}
