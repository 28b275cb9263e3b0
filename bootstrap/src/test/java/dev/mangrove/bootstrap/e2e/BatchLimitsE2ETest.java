package dev.mangrove.bootstrap.e2e;

import dev.mangrove.bootstrap.Mangrove;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static dev.mangrove.bootstrap.e2e.DocumentCrudE2ETest.assertProblem;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A bulk insert is bounded by mangrove.writes.max-batch-size (docs/operations.md#limits). */
class BatchLimitsE2ETest {
    @Test
    void anArrayOf200000DocumentsIsRefusedWithNothingWritten() {
        Http http = new Http(TestServer.shared().url());
        String coll = "/" + TestServer.freshDatabase("batch") + "/big";
        // the collection exists, so that its _size can say nothing was written (a missing one is 404, issue 13)
        assertEquals(201, http.put(coll, "{}").status());
        StringBuilder body = new StringBuilder("[");
        for (int i = 0; i < 200_000; i++) {
            body.append(i == 0 ? "" : ",").append("{\"n\":").append(i).append('}');
        }
        Http.Response r = http.post(coll, body.append(']').toString());
        assertProblem(r, 413, "batch-too-large");
        assertTrue(r.json().get("detail").asText().contains("mangrove.writes.max-batch-size"), r.body());
        assertEquals("{\"_size\":0}", http.get(coll + "/_size").body().replace(" ", ""));
    }

    @Test
    void theLimitIsConfigurable() {
        try (Mangrove server = TestServer.start(Map.of("mangrove.writes.max-batch-size", "3"))) {
            Http http = new Http(server.url());
            String coll = "/" + TestServer.freshDatabase("batch") + "/small";
            assertProblem(http.post(coll, "[{\"a\":1},{\"a\":2},{\"a\":3},{\"a\":4}]"), 413, "batch-too-large");
            assertEquals(201, http.post(coll, "[{\"a\":1},{\"a\":2},{\"a\":3}]").status());
            assertEquals(3, http.get(coll).json().size());
        }
    }
}
