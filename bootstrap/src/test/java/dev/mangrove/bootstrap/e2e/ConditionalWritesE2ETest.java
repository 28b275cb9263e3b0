package dev.mangrove.bootstrap.e2e;

import dev.mangrove.bootstrap.Mangrove;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static dev.mangrove.bootstrap.e2e.DocumentCrudE2ETest.assertProblem;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** ETags, If-None-Match and atomic If-Match on document writes over real HTTP (docs/api.md#documents). */
class ConditionalWritesE2ETest {
    private static Http http;
    private static String db;

    @BeforeAll
    static void start() {
        Mangrove server = TestServer.shared();
        http = new Http(server.url());
        db = TestServer.freshDatabase("etag");
    }

    private static String etag(Http.Response r) {
        return r.header("ETag").orElseThrow(() -> new AssertionError("no ETag: " + r));
    }

    @Test
    void getAnswersAStrongETagAndNotModifiedForAMatchingIfNoneMatch() {
        String doc = "/" + db + "/tags/t1";
        assertEquals(201, http.put(doc + "?wm=upsert", "{\"n\": 1, \"s\": \"$x\"}").status());
        Http.Response read = http.get(doc);
        String tag = etag(read);
        assertTrue(tag.startsWith("\"") && tag.endsWith("\"") && !tag.startsWith("W/"), tag);
        assertEquals(tag, etag(http.get(doc)), "the tag is stable");
        assertTrue(!read.body().contains("etag") && !read.body().contains("_etag"), "nothing is added to the document");

        Http.Response notModified = http.get(doc, "If-None-Match", tag);
        assertEquals(304, notModified.status());
        assertEquals(tag, etag(notModified));
        assertEquals(200, http.get(doc, "If-None-Match", "\"other\"").status());
        assertEquals(304, http.get(doc, "If-None-Match", "*").status());
    }

    @Test
    void writesAnswerTheETagOfTheNewVersion() {
        String doc = "/" + db + "/tags/t2";
        http.put(doc + "?wm=upsert", "{\"n\": 1}");
        Http.Response put = http.put(doc, "{\"n\": 2}");
        assertEquals(204, put.status(), put.body());
        assertEquals(etag(http.get(doc)), etag(put));
        Http.Response patch = http.patch(doc, "{\"$inc\": {\"n\": 1}}");
        assertEquals(204, patch.status(), patch.body());
        assertEquals(etag(http.get(doc)), etag(patch));
        assertNotEquals(etag(put), etag(patch));
    }

    @Test
    void ifMatchAllowsTheCurrentVersionAndRejectsAStaleOne() {
        String doc = "/" + db + "/tags/t3";
        http.put(doc + "?wm=upsert", "{\"n\": 1}");
        String v1 = etag(http.get(doc));
        Http.Response patched = http.patch(doc, "{\"n\": 2}", "If-Match", v1);
        assertEquals(204, patched.status(), patched.body());
        String v2 = etag(patched);

        assertProblem(http.patch(doc, "{\"n\": 99}", "If-Match", v1), 412, "precondition-failed");
        assertProblem(http.put(doc, "{\"n\": 99}", "If-Match", v1), 412, "precondition-failed");
        assertProblem(http.delete(doc, "If-Match", v1), 412, "precondition-failed");
        assertEquals(2, http.get(doc).json().get("n").asInt(), "rejected writes change nothing");
        assertEquals(v2, etag(http.get(doc)));

        Http.Response put = http.put(doc, "{\"n\": 3}", "If-Match", v2);
        assertEquals(204, put.status(), put.body());
        assertEquals(204, http.delete(doc, "If-Match", etag(put)).status());
        assertEquals(404, http.get(doc).status());
    }

    @Test
    void ifMatchOnAMissingDocumentFailsThePrecondition() {
        String doc = "/" + db + "/tags/missing";
        assertProblem(http.patch(doc, "{\"n\": 1}", "If-Match", "*"), 412, "precondition-failed");
        assertProblem(http.put(doc + "?wm=upsert", "{\"n\": 1}", "If-Match", "\"x\""), 412, "precondition-failed");
        assertProblem(http.delete(doc, "If-Match", "\"x\""), 412, "precondition-failed");
        assertEquals(404, http.get(doc).status(), "nothing was created");
    }

    @Test
    void exactlyOneOfConcurrentWritersWithTheSameETagSucceeds() throws Exception {
        String doc = "/" + db + "/tags/race";
        http.put(doc + "?wm=upsert", "{\"n\": 0, \"nested\": {\"a\": [1, 2]}}");
        int writers = 8;
        ExecutorService pool = Executors.newFixedThreadPool(writers);
        try {
            for (int round = 0; round < 20; round++) {
                String tag = etag(http.get(doc));
                CountDownLatch go = new CountDownLatch(1);
                List<Future<Integer>> results = new ArrayList<>();
                for (int w = 0; w < writers; w++) {
                    int writer = w;
                    Callable<Integer> patch = () -> {
                        go.await();
                        return http.patch(doc, "{\"$inc\": {\"n\": 1}, \"$set\": {\"last\": " + writer + "}}",
                                "If-Match", tag).status();
                    };
                    results.add(pool.submit(patch));
                }
                go.countDown();
                int ok = 0;
                int failed = 0;
                for (Future<Integer> result : results) {
                    int status = result.get();
                    if (status / 100 == 2) {
                        ok++;
                    } else {
                        assertEquals(412, status);
                        failed++;
                    }
                }
                assertEquals(1, ok, "round " + round);
                assertEquals(writers - 1, failed);
                assertEquals(round + 1, http.get(doc).json().get("n").asInt());
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void requireIfMatchAnswersPreconditionRequiredAndChangesNothing() {
        try (Mangrove strict = TestServer.start(Map.of("mangrove.etag.require-if-match", "true"))) {
            Http client = new Http(strict.url());
            String coll = "/" + TestServer.freshDatabase("strict") + "/docs";
            assertEquals(201, client.post(coll, "{\"_id\": \"a\", \"n\": 1}").status());
            String doc = coll + "/a";
            assertProblem(client.put(doc, "{\"n\": 2}"), 428, "precondition-required");
            assertProblem(client.patch(doc, "{\"n\": 2}"), 428, "precondition-required");
            assertProblem(client.delete(doc), 428, "precondition-required");
            Http.Response read = client.get(doc);
            assertEquals(1, read.json().get("n").asInt(), "nothing changed");
            assertEquals(204, client.patch(doc, "{\"n\": 2}", "If-Match", etag(read)).status());
        }
    }
}
