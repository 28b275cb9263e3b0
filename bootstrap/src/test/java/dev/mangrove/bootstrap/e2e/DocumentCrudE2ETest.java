package dev.mangrove.bootstrap.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import dev.mangrove.bootstrap.Mangrove;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Document CRUD over real HTTP (docs/api.md#documents, docs/api.md#inserts). */
class DocumentCrudE2ETest {
    private static Http http;
    private static String db;

    @BeforeAll
    static void start() {
        Mangrove server = TestServer.shared();
        http = new Http(server.url());
        db = TestServer.freshDatabase("crud");
    }

    @Test
    void createsReadsReplacesPatchesAndDeletesADocument() {
        String coll = "/" + db + "/people";
        Http.Response created = http.post(coll, "{\"name\": \"Ada\", \"born\": 1815}");
        assertEquals(201, created.status(), created.body());
        String location = created.header("Location").orElseThrow();
        String oid = created.json().get("_id").get("$oid").asText();
        assertEquals(coll + "/" + oid, location);

        JsonNode read = http.get(location).json();
        assertEquals("Ada", read.get("name").asText());
        assertEquals(1815, read.get("born").asInt());
        assertEquals(oid, read.get("_id").get("$oid").asText());

        Http.Response replaced = http.put(location, "{\"name\": \"Ada Lovelace\"}");
        assertEquals(204, replaced.status(), replaced.body());
        JsonNode afterPut = http.get(location).json();
        assertEquals("Ada Lovelace", afterPut.get("name").asText());
        assertFalse(afterPut.has("born"), "PUT replaces the whole document");

        Http.Response patched = http.patch(location, "{\"born\": 1815, \"address.city\": \"London\"}");
        assertEquals(204, patched.status(), patched.body());
        JsonNode afterPatch = http.get(location).json();
        assertEquals("Ada Lovelace", afterPatch.get("name").asText());
        assertEquals("London", afterPatch.get("address").get("city").asText());

        Http.Response operators = http.patch(location, "{\"$inc\": {\"born\": 1}, \"$unset\": {\"address\": \"\"}}");
        assertEquals(204, operators.status(), operators.body());
        JsonNode afterOps = http.get(location).json();
        assertEquals(1816, afterOps.get("born").asInt());
        assertFalse(afterOps.has("address"));

        assertEquals(204, http.delete(location).status());
        Http.Response gone = http.get(location);
        assertEquals(404, gone.status());
        assertEquals("document-not-found", gone.json().get("code").asText());
        assertEquals(404, http.delete(location).status());
    }

    @Test
    void keepsAGivenIdAndAnswersConflictForADuplicate() {
        String coll = "/" + db + "/keyed";
        Http.Response first = http.post(coll, "{\"_id\": \"alpha\", \"n\": 1}");
        assertEquals(201, first.status(), first.body());
        assertEquals(coll + "/alpha", first.header("Location").orElseThrow());
        Http.Response duplicate = http.post(coll, "{\"_id\": \"alpha\", \"n\": 2}");
        assertEquals(409, duplicate.status(), duplicate.body());
        assertEquals("duplicate-key", duplicate.json().get("code").asText());
        assertFalse(duplicate.json().get("detail").asText().contains("keyed"), "no collection name leaks: " + duplicate.body());
        assertEquals(1, http.get(coll + "/alpha").json().get("n").asInt(), "the original is unchanged");
    }

    @Test
    void putHonoursWriteModes() {
        String coll = "/" + db + "/modes";
        assertEquals(404, http.put(coll + "/m1", "{\"v\": 1}").status(), "default wm=update needs the document");
        Http.Response upsert = http.put(coll + "/m1?wm=upsert", "{\"v\": 1}");
        assertEquals(201, upsert.status(), upsert.body());
        assertEquals(coll + "/m1", upsert.header("Location").orElseThrow());
        assertEquals(409, http.put(coll + "/m1?wm=insert", "{\"v\": 2}").status());
        assertEquals(1, http.get(coll + "/m1").json().get("v").asInt());
        assertEquals(201, http.put(coll + "/m2?wm=insert", "{\"v\": 3}").status());
        assertEquals(201, http.put(coll + "/m3?force", "{\"v\": 4}").status(), "force means upsert");
        assertEquals(204, http.put(coll + "/m3?wm=update", "{\"v\": 5}").status());
        assertEquals(5, http.get(coll + "/m3").json().get("v").asInt());
        Http.Response badMode = http.put(coll + "/m1?wm=sometimes", "{\"v\": 9}");
        assertEquals(400, badMode.status());
        assertTrue(badMode.json().get("detail").asText().contains("insert, update, upsert"), badMode.body());
        assertEquals(1, http.get(coll + "/m1").json().get("v").asInt(), "a rejected write changes nothing");
    }

    @Test
    void patchUpsertsOnlyWhenAsked() {
        String coll = "/" + db + "/patches";
        assertEquals(404, http.patch(coll + "/p1", "{\"v\": 1}").status());
        Http.Response created = http.patch(coll + "/p1?wm=upsert", "{\"v\": 1}");
        assertEquals(201, created.status(), created.body());
        assertEquals(1, http.get(coll + "/p1").json().get("v").asInt());
        assertEquals(400, http.patch(coll + "/p1?wm=insert", "{\"v\": 2}").status());
    }

    @Test
    void returnsTheRepresentationWhenPreferred() {
        String coll = "/" + db + "/prefer";
        http.post(coll, "{\"_id\": \"r1\", \"a\": 1}");
        Http.Response patched = http.patch(coll + "/r1", "{\"b\": 2}", "Prefer", "return=representation");
        assertEquals(200, patched.status(), patched.body());
        assertEquals(1, patched.json().get("a").asInt());
        assertEquals(2, patched.json().get("b").asInt());
        Http.Response put = http.put(coll + "/r1", "{\"c\": 3}", "Prefer", "return=representation");
        assertEquals(200, put.status());
        assertEquals(3, put.json().get("c").asInt());
        assertFalse(put.json().has("a"));
    }

    @Test
    void rejectsBadPatchesWithoutChangingAnything() {
        String coll = "/" + db + "/badpatch";
        http.post(coll, "{\"_id\": \"x\", \"a\": 1}");
        assertProblem(http.patch(coll + "/x", "{\"a\": 2, \"$set\": {\"b\": 1}}"), 400, "mixed-update");
        assertProblem(http.patch(coll + "/x", "{\"$where\": {\"a\": 1}}"), 400, "invalid-update-operator");
        assertProblem(http.patch(coll + "/x", "{\"_id\": \"y\"}"), 400, "immutable-id");
        assertProblem(http.patch(coll + "/x", "{\"$set\": {\"_id\": \"y\"}}"), 400, "immutable-id");
        assertProblem(http.put(coll + "/x", "{\"_id\": \"y\", \"a\": 5}"), 400, "id-mismatch");
        assertProblem(http.put(coll + "/x", "{\"$set\": {\"a\": 5}}"), 400, "invalid-document");
        assertEquals(1, http.get(coll + "/x").json().get("a").asInt());
    }

    @Test
    void bulkInsertsAnArray() {
        String coll = "/" + db + "/bulk";
        Http.Response r = http.post(coll, "[{\"a\": 1}, {\"_id\": 7, \"a\": 2}, {\"a\": 3}]");
        assertEquals(201, r.status(), r.body());
        assertEquals(3, r.json().get("insertedCount").asInt());
        assertEquals(7, r.json().get("insertedIds").get(1).asInt());
        assertEquals(3, http.get(coll).json().size());
        assertEquals(2, http.get(coll + "/7?id_type=NUMBER").json().get("a").asInt());
    }

    @Test
    void bulkInsertValidatesEveryElementBeforeWriting() {
        String coll = "/" + db + "/bulkbad";
        Http.Response r = http.post(coll, "[{\"a\": 1}, 5, {}, {\"$set\": 1}]");
        assertEquals(400, r.status(), r.body());
        JsonNode errors = r.json().get("errors");
        assertEquals(3, errors.size());
        assertEquals(1, errors.get(0).get("index").asInt());
        assertEquals(2, errors.get(1).get("index").asInt());
        assertEquals(3, errors.get(2).get("index").asInt());
        assertEquals(404, http.get(coll).status(), "nothing was written, not even the collection");
    }

    @Test
    void bulkInsertReportsAPartialFailureWith207() {
        String coll = "/" + db + "/bulkpartial";
        http.post(coll, "{\"_id\": \"taken\"}");
        Http.Response r = http.post(coll, "[{\"_id\": \"a\"}, {\"_id\": \"b\"}, {\"_id\": \"taken\"}, {\"_id\": \"c\"}]");
        assertEquals(207, r.status(), r.body());
        JsonNode body = r.json();
        assertEquals(3, body.get("insertedCount").asInt());
        assertEquals(1, body.get("errors").size());
        assertEquals(2, body.get("errors").get(0).get("index").asInt());
        assertEquals(409, body.get("errors").get(0).get("status").asInt());
        assertEquals("duplicate-key", body.get("errors").get(0).get("code").asText());
        assertEquals(4, http.get(coll).json().size());
    }

    @Test
    void readsIdsOfEveryType() {
        String coll = "/" + db + "/ids";
        http.post(coll, "[{\"_id\": 42, \"t\": \"int\"}, {\"_id\": 4.5, \"t\": \"double\"}, {\"_id\": true, \"t\": \"bool\"},"
                + " {\"_id\": {\"$date\": \"2024-01-02T03:04:05Z\"}, \"t\": \"date\"}, {\"_id\": \"a b+c\", \"t\": \"str\"},"
                + " {\"_id\": \"0123456789abcdef01234567\", \"t\": \"hexstring\"}, {\"_id\": null, \"t\": \"null\"},"
                + " {\"_id\": {\"$minKey\": 1}, \"t\": \"min\"}]");
        assertEquals("int", http.get(coll + "/42?id_type=NUMBER").json().get("t").asText());
        assertEquals("double", http.get(coll + "/4.5?id_type=NUMBER").json().get("t").asText());
        assertEquals("bool", http.get(coll + "/true?id_type=BOOLEAN").json().get("t").asText());
        assertEquals("date", http.get(coll + "/1704164645000?id_type=DATE").json().get("t").asText());
        assertEquals("date", http.get(coll + "/2024-01-02T03:04:05Z?id_type=DATE").json().get("t").asText());
        assertEquals("str", http.get(coll + "/a+b%2Bc").json().get("t").asText(), "+ is a space, %2B a plus");
        assertEquals("hexstring", http.get(coll + "/0123456789abcdef01234567?id_type=STRING").json().get("t").asText());
        assertEquals(404, http.get(coll + "/0123456789abcdef01234567").status(), "STRING_OID reads 24 hex as an ObjectId");
        assertEquals("null", http.get(coll + "/anything?id_type=NULL").json().get("t").asText());
        assertEquals("min", http.get(coll + "/x?id_type=MINKEY").json().get("t").asText());
        assertEquals(404, http.get(coll + "/42").status(), "the default id type reads 42 as a string");
        assertProblem(http.get(coll + "/abc?id_type=NUMBER"), 400, "invalid-document-id");
        assertProblem(http.get(coll + "/abc?id_type=OID"), 400, "invalid-document-id");
        assertProblem(http.get(coll + "/abc?id_type=BOOLEAN"), 400, "invalid-document-id");
        Http.Response unknown = http.get(coll + "/abc?id_type=UUIDISH");
        assertProblem(unknown, 400, "invalid-id-type");
        assertTrue(unknown.json().get("detail").asText().contains("STRING_OID"), unknown.body());
    }

    @Test
    void locationOfNonDefaultIdsCarriesTheIdType() {
        String coll = "/" + db + "/locs";
        Http.Response r = http.post(coll, "{\"_id\": 5}");
        assertEquals(coll + "/5?id_type=NUMBER", r.header("Location").orElseThrow());
        Http.Response s = http.post(coll, "{\"_id\": \"with space/slash\"}");
        String location = s.header("Location").orElseThrow();
        assertEquals(coll + "/with%20space%2Fslash", location);
        assertEquals(200, http.get(location).status());
    }

    @Test
    void writesCanonicalExtendedJsonOnRequest() {
        String coll = "/" + db + "/ejson";
        http.post(coll, "{\"_id\": \"e\", \"i\": 1, \"l\": 3000000000, \"d\": 1.5, \"t\": {\"$date\": \"2024-01-02T03:04:05Z\"}}");
        JsonNode relaxed = http.get(coll + "/e").json();
        assertEquals(1, relaxed.get("i").asInt());
        assertEquals("2024-01-02T03:04:05Z", relaxed.get("t").get("$date").asText().replace(".000", ""));
        JsonNode canonical = http.get(coll + "/e?jsonMode=canonical").json();
        assertEquals("1", canonical.get("i").get("$numberInt").asText());
        assertEquals("3000000000", canonical.get("l").get("$numberLong").asText());
        assertEquals("1.5", canonical.get("d").get("$numberDouble").asText());
        assertEquals("1704164645000", canonical.get("t").get("$date").get("$numberLong").asText());
        Http.Response bad = http.get(coll + "/e?jsonMode=loose");
        assertProblem(bad, 400, "invalid-json-mode");
        assertTrue(bad.json().get("detail").asText().contains("canonical"));
        Http.Response canonicalIn = http.post(coll, "{\"_id\": \"c\", \"n\": {\"$numberLong\": \"7\"}}");
        assertEquals(201, canonicalIn.status());
        assertEquals("7", http.get(coll + "/c?jsonMode=canonical").json().get("n").get("$numberLong").asText());
    }

    @Test
    void pagesACollectionInIdOrder() {
        String coll = "/" + db + "/paged";
        StringBuilder docs = new StringBuilder("[");
        for (int i = 0; i < 25; i++) {
            docs.append(i == 0 ? "" : ",").append("{\"_id\": ").append(24 - i).append("}");
        }
        http.post(coll, docs.append("]").toString());
        JsonNode all = http.get(coll).json();
        assertEquals(25, all.size());
        assertEquals(0, all.get(0).get("_id").asInt());
        assertEquals(24, all.get(24).get("_id").asInt());
        JsonNode page2 = http.get(coll + "?page=2&pagesize=10").json();
        assertEquals(10, page2.size());
        assertEquals(10, page2.get(0).get("_id").asInt());
        assertEquals(0, http.get(coll + "?pagesize=0").json().size());
        assertEquals(5, http.get(coll + "?max_results=5").json().size());
        assertProblem(http.get(coll + "?pagesize=-1"), 400, "invalid-parameter");
        assertProblem(http.get(coll + "?page=zero"), 400, "invalid-parameter");
        assertProblem(http.get(coll + "?page=0"), 400, "invalid-parameter");
    }

    static void assertProblem(Http.Response r, int status, String code) {
        assertEquals(status, r.status(), r.body());
        assertTrue(r.header("Content-Type").orElse("").startsWith("application/problem+json"), r.toString());
        JsonNode p = r.json();
        assertEquals(code, p.get("code").asText(), r.body());
        assertEquals(status, p.get("status").asInt());
        assertTrue(p.has("type") && p.has("title") && p.has("detail") && p.has("instance"), r.body());
    }
}
