package dev.mangrove.bootstrap.e2e;

import dev.mangrove.bootstrap.Mangrove;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static dev.mangrove.bootstrap.e2e.DocumentCrudE2ETest.assertProblem;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Interceptors around API requests (docs/plugins.md), with {@link TestInterceptorsProvider}. */
class InterceptorsE2ETest {
    private static Mangrove server;
    private static Http http;
    private static String coll;

    @BeforeAll
    static void start() {
        server = TestServer.start(Map.of("mangrove.plugins.test-interceptors.active", "true"));
        http = new Http(server.url());
        coll = "/" + TestServer.freshDatabase("icpt") + "/things";
        assertEquals(201, http.post(coll, "[{\"_id\": \"a\"}, {\"_id\": \"b\"}, {\"_id\": \"c\"}]").status());
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void beforeMayVetoWithAProblemAndNothingChanges() {
        Http.Response vetoed = http.post(coll, "{\"_id\": \"v\"}", "X-Veto", "no");
        assertProblem(vetoed, 403, "vetoed");
        assertTrue(vetoed.json().get("detail").asText().contains("no"), vetoed.body());
        assertProblem(http.get(coll + "/v"), 404, "document-not-found");
        assertEquals(201, http.post(coll, "{\"_id\": \"w\"}").status(), "without the header");
        assertProblem(http.delete(coll + "/w", "X-Veto", "keep"), 403, "vetoed");
        assertEquals(200, http.get(coll + "/w").status());
        assertProblem(http.get("/_nothing", "X-Veto", "x"), 403, "vetoed");
    }

    @Test
    void beforeMayChangeQueryParameters() {
        Http.Response r = http.get(coll + "?sort=_id", "X-Page-Size", "2");
        assertEquals(200, r.status(), r.body());
        assertEquals(2, r.json().size(), r.body());
        assertTrue(r.header("Link").orElse("").contains("pagesize=2"), r.header("Link").orElse(""));
        assertTrue(http.get(coll).json().size() >= 3);
    }

    @Test
    void afterMayChangeTheDocumentsOfCollectionsAndDocuments() {
        Http.Response page = http.get(coll + "?sort=_id", "X-Mark", "1");
        assertEquals(200, page.status(), page.body());
        assertTrue(page.json().get(0).get("marked").asBoolean(), page.body());
        assertEquals(String.valueOf(page.json().size()), page.header("X-Documents").orElse(null));
        Http.Response one = http.get(coll + "/b", "X-Mark", "1");
        assertTrue(one.json().get("marked").asBoolean(), one.body());
        assertEquals("1", one.header("X-Documents").orElse(null));
        assertFalse(http.get(coll + "/b").json().has("marked"), "only when asked");
        assertFalse(http.get(coll + "/b", "X-Mark", "1").body().isEmpty());
    }

    @Test
    void afterMayChangeTheStatus() {
        assertEquals(203, http.get(coll + "/a", "X-Status", "203").status());
        assertEquals(202, http.post(coll, "{\"_id\": \"t\"}", "X-Status", "202").status());
        assertEquals(200, http.get(coll + "/t").status(), "the write happened");
    }
}
