package dev.mangrove.bootstrap.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static dev.mangrove.bootstrap.e2e.DocumentCrudE2ETest.assertProblem;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The built-in embedding plugin (docs/plugins.md#embedding): {@code embedded=owner,tags}. */
class EmbeddingE2ETest {
    private static Http http;
    private static String db;

    @BeforeAll
    static void seed() {
        http = new Http(TestServer.shared().url());
        db = "/" + TestServer.freshDatabase("embed");
        assertEquals(201, http.post(db + "/users", "[{\"_id\": \"ada\", \"name\": \"Ada\"}, "
                + "{\"_id\": \"bob\", \"name\": \"Bob\"}]").status());
        assertEquals(201, http.post(db + "/tags", "[{\"_id\": 1, \"label\": \"red\"}, {\"_id\": 2, \"label\": \"blue\"}]")
                .status());
        Http.Response posts = http.post(db + "/posts", """
                [{"_id": "p1", "owner": {"$ref": "users", "$id": "ada"},
                  "tags": [{"$ref": "tags", "$id": 1}, {"$ref": "tags", "$id": 2}, {"$ref": "tags", "$id": 99}],
                  "meta": {"editor": {"$ref": "users", "$id": "bob"}}},
                 {"_id": "p2", "owner": {"$ref": "users", "$id": "ghost"}, "tags": []},
                 {"_id": "p3", "owner": {"$ref": "users", "$id": "bob", "$db": "elsewhere"}, "tags": "none"}]""");
        assertEquals(201, posts.status(), posts.body());
    }

    @Test
    void replacesReferencesInADocument() {
        Http.Response r = http.get(db + "/posts/p1?embedded=owner,tags");
        assertEquals(200, r.status(), r.body());
        JsonNode post = r.json();
        assertEquals("Ada", post.get("owner").get("name").asText(), r.body());
        assertEquals("red", post.get("tags").get(0).get("label").asText(), r.body());
        assertEquals("blue", post.get("tags").get(1).get("label").asText(), r.body());
        assertTrue(post.get("tags").get(2).isNull(), "a dangling reference becomes null: " + r.body());
        assertEquals("users", post.get("meta").get("editor").get("$ref").asText(), "not named, not embedded");
    }

    @Test
    void replacesReferencesInACollectionPageAndDottedPaths() {
        Http.Response r = http.get(db + "/posts?sort=_id&embedded=owner,meta.editor");
        assertEquals(200, r.status(), r.body());
        assertEquals("Ada", r.json().get(0).get("owner").get("name").asText(), r.body());
        assertEquals("Bob", r.json().get(0).get("meta").get("editor").get("name").asText(), r.body());
        assertTrue(r.json().get(1).get("owner").isNull(), "dangling: " + r.body());
        assertEquals("elsewhere", r.json().get(2).get("owner").get("$db").asText(),
                "a reference into another database stays: " + r.body());
        assertEquals("tags", r.json().get(0).get("tags").get(0).get("$ref").asText(), "tags not asked for");
    }

    @Test
    void withoutTheParameterNothingChanges() {
        Http.Response r = http.get(db + "/posts/p1");
        assertEquals("users", r.json().get("owner").get("$ref").asText(), r.body());
        assertEquals("ada", r.json().get("owner").get("$id").asText(), r.body());
    }

    @Test
    void malformedOrMisplacedEmbeddedIsA400() {
        assertProblem(http.get(db + "/posts/p1?embedded="), 400, "invalid-parameter");
        assertProblem(http.get(db + "/posts/p1?embedded=owner,,tags"), 400, "invalid-parameter");
        assertProblem(http.get(db + "/posts/p1?embedded=$where"), 400, "invalid-parameter");
        assertProblem(http.get(db + "/posts?embedded=a..b"), 400, "invalid-parameter");
        assertProblem(http.get(db + "?embedded=owner"), 400, "invalid-parameter");
        Http.Response write = http.post(db + "/posts?embedded=owner", "{\"_id\": \"p9\"}");
        assertProblem(write, 400, "invalid-parameter");
        assertProblem(http.get(db + "/posts/p9"), 404, "document-not-found");
    }
}
