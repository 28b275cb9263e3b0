package dev.mangrove.bootstrap.e2e;

import dev.mangrove.bootstrap.Mangrove;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static dev.mangrove.bootstrap.e2e.DocumentCrudE2ETest.assertProblem;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** PATCH with an update pipeline, over real HTTP (docs/api.md#documents). */
class PatchPipelineE2ETest {
    private static final String PIPELINE = "[{\"$set\": {\"total\": {\"$add\": [\"$a\", \"$b\"]}}}, {\"$unset\": \"b\"}]";
    private static Http http;

    @BeforeAll
    static void start() {
        Mangrove server = TestServer.shared();
        http = new Http(server.url());
    }

    private static String collection(String prefix) {
        return "/" + TestServer.freshDatabase(prefix) + "/c";
    }

    private static String q(String json) {
        return java.net.URLEncoder.encode(json, java.nio.charset.StandardCharsets.UTF_8);
    }

    private static boolean embedded() {
        return TestBackend.get().kind() == TestBackend.Kind.EMBEDDED;
    }

    @Test
    void patchWithAnUpdatePipelineIsAppliedOrClearlyNotSupported() {
        String coll = collection("pipe");
        assertEquals(201, http.post(coll, "{\"_id\": 1, \"a\": 1, \"b\": 2}").status());
        assertEquals(201, http.post(coll, "{\"_id\": 2, \"a\": 5, \"b\": 5}").status());
        Http.Response one = http.patch(coll + "/1?id_type=NUMBER", PIPELINE);
        Http.Response bulk = http.patch(coll + "/*?filter=" + q("{\"_id\": 2}"), PIPELINE);
        if (embedded()) {
            assertProblem(one, 501, "not-implemented");
            assertTrue(one.json().get("detail").asText().contains("embedded mongo-java-server"), one.body());
            assertProblem(bulk, 501, "not-implemented");
            assertEquals("[{\"_id\":1,\"a\":1,\"b\":2},{\"_id\":2,\"a\":5,\"b\":5}]",
                    http.get(coll + "?sort=" + q("{\"_id\": 1}")).body(), "nothing was written");
            System.out.println("PatchPipelineE2ETest: the update pipeline itself is not run on the embedded backend");
            return;
        }
        assertEquals(200, one.status(), one.body());
        assertEquals(200, bulk.status(), bulk.body());
        assertEquals("[{\"_id\":1,\"a\":1,\"total\":3},{\"_id\":2,\"a\":5,\"total\":10}]",
                http.get(coll + "?sort=" + q("{\"_id\": 1}")).body());
    }

    @Test
    void otherStagesAndOtherArraysAreBadRequests() {
        String coll = collection("pipebad");
        assertEquals(201, http.post(coll, "{\"_id\": 1, \"a\": 1}").status());
        Http.Response stage = http.patch(coll + "/1?id_type=NUMBER", "[{\"$set\": {\"b\": 1}}, {\"$match\": {\"a\": 1}}]");
        assertProblem(stage, 400, "invalid-pipeline-stage");
        assertTrue(stage.json().get("detail").asText().contains("$match"), stage.body());
        assertProblem(http.patch(coll + "?filter=" + q("{\"a\": 1}"), "[{\"$lookup\": {}}]"), 400,
                "invalid-pipeline-stage");
        assertProblem(http.patch(coll + "/1?id_type=NUMBER", "[{\"b\": 1}]"), 400, "invalid-body");
        assertProblem(http.patch(coll + "/1?id_type=NUMBER", "[1, 2]"), 400, "invalid-body");
        assertProblem(http.patch(coll + "/1?id_type=NUMBER", "[]"), 400, "invalid-body");
        assertEquals("{\"_id\":1,\"a\":1}", http.get(coll + "/1?id_type=NUMBER").body(), "nothing was written");
    }

    @Test
    void aPipelineOnASchemaValidatedCollectionIsRefused() {
        String db = "/" + TestServer.freshDatabase("pipeschema");
        assertEquals(201, http.put(db + "/_schemas/s", "{\"type\": \"object\"}").status());
        assertEquals(201, http.put(db + "/c", "{\"jsonSchema\": {\"schemaId\": \"s\"}}").status());
        assertEquals(201, http.post(db + "/c", "{\"_id\": 1, \"a\": 1}").status());
        assertProblem(http.patch(db + "/c/1?id_type=NUMBER", "[{\"$set\": {\"a\": 2}}]"), 409,
                "schema-pipeline-update");
        assertProblem(http.patch(db + "/c/*?filter=" + q("{\"a\": 1}"), "[{\"$set\": {\"a\": 2}}]"), 409,
                "schema-pipeline-update");
        assertEquals("{\"_id\":1,\"a\":1}", http.get(db + "/c/1?id_type=NUMBER").body(), "nothing was written");
    }
}
