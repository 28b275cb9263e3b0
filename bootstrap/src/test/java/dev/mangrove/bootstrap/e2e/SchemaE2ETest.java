package dev.mangrove.bootstrap.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import dev.mangrove.bootstrap.Mangrove;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static dev.mangrove.bootstrap.e2e.DocumentCrudE2ETest.assertProblem;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The JSON Schema store and schema-validated writes over real HTTP (docs/management.md). */
class SchemaE2ETest {
    /** Draft 2020-12 (the default): a product with a required name and a non-negative integer qty. */
    private static final String PRODUCT = """
            {"$schema": "https://json-schema.org/draft/2020-12/schema", "type": "object",
             "required": ["name"],
             "properties": {"name": {"type": "string"}, "qty": {"type": "integer", "minimum": 0},
                            "tags": {"type": "array", "items": {"type": "string"}, "maxItems": 2}}}""";
    /** Draft-07: a price that must be positive. */
    private static final String PRICE = """
            {"$schema": "http://json-schema.org/draft-07/schema#", "type": "object",
             "required": ["price"], "properties": {"price": {"type": "number", "exclusiveMinimum": 0}}}""";
    private static Http http;

    @BeforeAll
    static void start() {
        Mangrove server = TestServer.shared();
        http = new Http(server.url());
    }

    /** A fresh database holding the product and price schemas and collections bound to them. */
    private static String boundDatabase(String prefix) {
        String db = "/" + TestServer.freshDatabase(prefix);
        assertEquals(201, http.put(db + "/_schemas/product", PRODUCT).status());
        assertEquals(201, http.put(db + "/_schemas/price", PRICE).status());
        Http.Response bound = http.put(db + "/products", "{\"jsonSchema\": {\"schemaId\": \"product\"}}");
        assertEquals(201, bound.status(), bound.body());
        assertEquals(201, http.put(db + "/prices", "{\"jsonSchema\": {\"schemaId\": \"price\"}}").status());
        return db;
    }

    private static List<String> pointers(Http.Response r) {
        List<String> pointers = new ArrayList<>();
        r.json().get("errors").forEach(e -> pointers.add(e.get("pointer").asText()));
        return pointers;
    }

    private static int count(String coll) {
        Http.Response r = http.get(coll + "/_size");
        assertEquals(200, r.status(), r.body());
        return r.json().get("_size").asInt();
    }

    @Test
    void storesListsReplacesAndDeletesSchemas() {
        String db = "/" + TestServer.freshDatabase("schemas");
        Http.Response generated = http.post(db + "/_schemas", PRICE);
        assertEquals(201, generated.status(), generated.body());
        String id = generated.json().get("_id").asText();
        assertEquals(24, id.length(), id);
        assertTrue(generated.header("Location").orElseThrow().endsWith(db + "/_schemas/" + id));

        Http.Response given = http.post(db + "/_schemas", "{\"_id\": \"person\", \"type\": \"object\"}");
        assertEquals(201, given.status(), given.body());
        assertEquals("person", given.json().get("_id").asText());
        assertTrue(given.header("Location").orElseThrow().endsWith(db + "/_schemas/person"));
        assertProblem(http.post(db + "/_schemas", "{\"_id\": \"person\", \"type\": \"string\"}"), 409, "schema-exists");

        Http.Response one = http.get(db + "/_schemas/" + id);
        assertEquals(200, one.status(), one.body());
        assertEquals("http://json-schema.org/draft-07/schema#", one.json().get("$schema").asText(),
                "$-keys come back as given");
        assertEquals(0, one.json().get("properties").get("price").get("exclusiveMinimum").asInt());
        Http.Response list = http.get(db + "/_schemas");
        assertEquals(200, list.status(), list.body());
        assertEquals(2, list.json().size());
        List<String> ids = new ArrayList<>();
        list.json().forEach(s -> ids.add(s.get("_id").asText()));
        assertTrue(ids.containsAll(List.of(id, "person")), ids.toString());

        assertEquals(201, http.put(db + "/_schemas/tag", "{\"type\": \"string\"}").status());
        assertEquals(200, http.put(db + "/_schemas/tag", "{\"type\": \"object\"}").status());
        assertEquals("object", http.get(db + "/_schemas/tag").json().get("type").asText());

        assertProblem(http.put(db + "/_schemas/bad", "{\"type\": 12}"), 400, "invalid-schema");
        assertProblem(http.post(db + "/_schemas", "{\"type\": 12}"), 400, "invalid-schema");
        assertProblem(http.put(db + "/_schemas/tag", "{\"type\": 12}"), 400, "invalid-schema");
        assertEquals("object", http.get(db + "/_schemas/tag").json().get("type").asText(), "kept after a bad PUT");
        assertEquals(400, http.post(db + "/_schemas", "[{\"type\": \"object\"}]").status());
        assertEquals(400, http.put(db + "/_schemas/arr", "42").status());
        assertProblem(http.get(db + "/_schemas/bad"), 404, "schema-not-found");

        assertEquals(204, http.delete(db + "/_schemas/tag").status());
        assertProblem(http.get(db + "/_schemas/tag"), 404, "schema-not-found");
        assertProblem(http.delete(db + "/_schemas/tag"), 404, "schema-not-found");
        assertEquals(2, http.get(db + "/_schemas").json().size());
    }

    @Test
    void validatesInsertsUnderDraft202012AndDraft07() {
        String db = boundDatabase("schemains");
        assertEquals(201, http.post(db + "/products", "{\"name\": \"pen\", \"qty\": 3}").status());
        assertEquals(201, http.post(db + "/prices", "{\"price\": 1.5}").status());

        Http.Response bad = http.post(db + "/products", "{\"qty\": -1, \"tags\": [\"a\", 2]}");
        assertProblem(bad, 400, "schema-violation");
        assertEquals(List.of("/name", "/qty", "/tags/1"), pointers(bad), bad.body());
        assertProblem(http.post(db + "/prices", "{\"price\": 0}"), 400, "schema-violation");
        assertEquals(List.of("/price"), pointers(http.post(db + "/prices", "{\"price\": 0}")));
        assertEquals(1, count(db + "/products"));
        assertEquals(1, count(db + "/prices"));

        Http.Response batch = http.post(db + "/products", "[{\"name\": \"a\"}, {\"name\": 7}, {\"name\": \"c\"}]");
        assertProblem(batch, 400, "schema-violation");
        assertEquals(1, batch.json().get("errors").get(0).get("index").asInt(), batch.body());
        assertEquals("/name", batch.json().get("errors").get(0).get("pointer").asText());
        assertEquals(1, count(db + "/products"), "nothing of the batch was inserted");
        assertEquals(201, http.post(db + "/products", "[{\"name\": \"a\"}, {\"name\": \"b\"}]").status());
        assertEquals(3, count(db + "/products"));
    }

    @Test
    void validatesReplacesAndPatches() {
        String db = boundDatabase("schemarep");
        assertEquals(201, http.put(db + "/products/p1?wm=upsert", "{\"name\": \"pen\", \"qty\": 3}").status());
        String before = http.get(db + "/products/p1").body();

        Http.Response replaced = http.put(db + "/products/p1", "{\"qty\": 4}");
        assertProblem(replaced, 400, "schema-violation");
        assertEquals(List.of("/name"), pointers(replaced));
        assertEquals(before, http.get(db + "/products/p1").body());
        assertProblem(http.put(db + "/products/p2?wm=upsert", "{\"name\": 1}"), 400, "schema-violation");
        assertProblem(http.get(db + "/products/p2"), 404, "document-not-found");

        Http.Response patched = http.patch(db + "/products/p1", "{\"$inc\": {\"qty\": -5}}");
        assertProblem(patched, 400, "schema-violation");
        assertEquals(List.of("/qty"), pointers(patched));
        assertProblem(http.patch(db + "/products/p1", "{\"$unset\": {\"name\": \"\"}}"), 400, "schema-violation");
        assertProblem(http.patch(db + "/products/p1", "{\"$push\": {\"tags\": {\"$each\": [\"a\", \"b\", \"c\"]}}}"),
                400, "schema-violation");
        assertEquals(before, http.get(db + "/products/p1").body());

        Http.Response unsupported = http.patch(db + "/products/p1", "{\"$pull\": {\"tags\": \"a\"}}");
        assertProblem(unsupported, 400, "schema-unsupported-update");
        assertTrue(unsupported.json().get("detail").asText().contains("$pull"), unsupported.body());
        assertEquals(before, http.get(db + "/products/p1").body());

        assertEquals(204, http.patch(db + "/products/p1", "{\"$inc\": {\"qty\": 2}, \"$push\": {\"tags\": \"x\"}}")
                .status());
        Http.Response represented = http.patch(db + "/products/p1", "{\"$set\": {\"seen\": true}}", "Prefer",
                "return=representation");
        assertEquals(200, represented.status(), represented.body());
        assertTrue(represented.json().get("seen").asBoolean());
        JsonNode after = http.get(db + "/products/p1").json();
        assertEquals(5, after.get("qty").asInt());
        assertEquals("x", after.get("tags").get(0).asText());
        assertEquals(204, http.put(db + "/products/p1", "{\"name\": \"pencil\"}").status());

        assertProblem(http.patch(db + "/products/p3?wm=upsert", "{\"qty\": 1}"), 400, "schema-violation");
        assertProblem(http.get(db + "/products/p3"), 404, "document-not-found");
        assertEquals(201, http.patch(db + "/products/p3?wm=upsert", "{\"name\": \"ink\"}").status());
        assertEquals("ink", http.get(db + "/products/p3").json().get("name").asText());
        assertEquals("pencil", http.get(db + "/products/p1").json().get("name").asText());
    }

    @Test
    void validatesBulkPatchesAllOrNothing() {
        String db = boundDatabase("schemabulk");
        assertEquals(201, http.post(db + "/products", "[{\"_id\": 1, \"name\": \"a\", \"qty\": 1},"
                + " {\"_id\": 2, \"name\": \"b\", \"qty\": 5}, {\"_id\": 3, \"name\": \"c\", \"qty\": 9},"
                + " {\"_id\": 4, \"name\": \"d\", \"qty\": 0}]").status());
        String before = http.get(db + "/products").body();

        // qty >= 1: documents 1, 2 and 3; 1 would become negative
        Http.Response bad = http.patch(db + "/products/*?filter=%7B%22qty%22%3A%7B%22%24gte%22%3A1%7D%7D",
                "{\"$inc\": {\"qty\": -2}}");
        assertProblem(bad, 400, "schema-violation");
        assertEquals(1, bad.json().get("errors").size(), bad.body());
        assertEquals(1, bad.json().get("errors").get(0).get("_id").asInt());
        assertEquals("/qty", bad.json().get("errors").get(0).get("pointer").asText());
        assertEquals(before, http.get(db + "/products").body(), "nothing was written");

        Http.Response byField = http.patch(db + "/products?filter=%7B%22qty%22%3A%7B%22%24gt%22%3A0%7D%7D",
                "{\"name\": 1}");
        assertProblem(byField, 400, "schema-violation");
        assertEquals(3, byField.json().get("errors").size(), byField.body());
        assertEquals(before, http.get(db + "/products").body(), "nothing was written");
        assertProblem(http.patch(db + "/products/*?filter=%7B%22qty%22%3A5%7D", "{\"$pull\": {\"tags\": \"a\"}}"),
                400, "schema-unsupported-update");

        Http.Response ok = http.patch(db + "/products/*?filter=%7B%22qty%22%3A%7B%22%24gte%22%3A5%7D%7D",
                "{\"$inc\": {\"qty\": -2}, \"$set\": {\"checked\": true}}");
        assertEquals(200, ok.status(), ok.body());
        assertEquals(2, ok.json().get("matchedCount").asInt());
        assertEquals(2, ok.json().get("modifiedCount").asInt());
        assertEquals(3, http.get(db + "/products/2?id_type=NUMBER").json().get("qty").asInt());
        assertEquals(7, http.get(db + "/products/3?id_type=NUMBER").json().get("qty").asInt());
        assertTrue(http.get(db + "/products/3?id_type=NUMBER").json().get("checked").asBoolean());
        assertFalse(http.get(db + "/products/1?id_type=NUMBER").json().has("checked"));
    }

    @Test
    void aMissingSchemaRefusesWrites() {
        String db = "/" + TestServer.freshDatabase("schemamiss");
        assertEquals(201, http.put(db + "/orphans", "{\"jsonSchema\": {\"schemaId\": \"nope\"}}").status());
        assertProblem(http.post(db + "/orphans", "{\"a\": 1}"), 409, "schema-not-found");
        assertProblem(http.put(db + "/orphans/x?wm=upsert", "{\"a\": 1}"), 409, "schema-not-found");
        assertEquals(0, count(db + "/orphans"));
        assertEquals(201, http.put(db + "/_schemas/nope", "{\"type\": \"object\"}").status());
        assertEquals(201, http.post(db + "/orphans", "{\"a\": 1}").status());
        assertEquals(1, count(db + "/orphans"));
    }
}
