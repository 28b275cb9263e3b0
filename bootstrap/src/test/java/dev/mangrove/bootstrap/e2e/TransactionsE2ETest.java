package dev.mangrove.bootstrap.e2e;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** RESTHeart's transaction API (docs/writes.md#transactions) on the test backend. */
class TransactionsE2ETest {
    private static Http http;
    private static String coll;

    @BeforeAll
    static void setUp() {
        http = new Http(TestServer.shared().url());
        coll = "/" + TestServer.freshDatabase("txn") + "/accounts";
        assertEquals(201, http.post(coll, "{\"_id\": \"a\"}").status());
    }

    @Test
    void aBackendWithoutTransactionsAnswers501SayingAReplicaSetIsNeeded() {
        Assumptions.assumeFalse(TestBackend.get().supportsTransactions(), "the test backend runs transactions");
        Http.Response r = http.post("/_sessions", "");
        assertEquals(501, r.status(), r.toString());
        assertEquals("transactions-unavailable", r.json().get("code").asText());
        assertTrue(r.json().get("detail").asText().contains("replica set"));
        assertEquals(501, http.get("/_sessions/x/_txns").status());
    }

    @Test
    void malformedOrMisplacedTransactionParametersAre400AndWriteNothing() {
        String sid = "0d4f7c3e-2b1a-4c5d-8e9f-001122334455";
        Map<String, String> cases = new LinkedHashMap<>();
        cases.put("?sid=not-a-session&txn=1", "invalid-session");
        cases.put("?sid=" + sid + "&txn=one", "invalid-transaction");
        cases.put("?sid=" + sid + "&txn=0", "invalid-transaction");
        cases.put("?sid=" + sid + "&txn=-1", "invalid-transaction");
        cases.put("?sid=" + sid, "invalid-transaction");
        cases.put("?txn=1", "invalid-session");
        cases.forEach((query, code) -> {
            Http.Response write = http.post(coll + query, "{\"_id\": \"b\"}");
            assertEquals(400, write.status(), query + " " + write);
            assertEquals(code, write.json().get("code").asText(), query);
            assertEquals(400, http.patch(coll + "/a" + query, "{\"$set\": {\"x\": 1}}").status(), query);
            assertEquals(400, http.delete(coll + "/a" + query).status(), query);
        });
        // creating or dropping the collection is no document write
        Http.Response drop = http.delete(coll + "?sid=" + sid + "&txn=1");
        assertEquals(400, drop.status(), drop.toString());
        assertEquals("transaction-not-supported", drop.json().get("code").asText());
        assertEquals(404, http.get(coll + "/b").status(), "nothing was written");
        assertTrue(http.get(coll + "/a").json().path("x").isMissingNode(), "nothing was changed");
        assertEquals(200, http.get(coll + "/a").status(), "nothing was deleted");
    }

    @Test
    void aWriteInATransactionOnABackendWithoutTransactionsIs501AndWritesNothing() {
        Assumptions.assumeFalse(TestBackend.get().supportsTransactions(), "the test backend runs transactions");
        Http.Response write = http.post(coll + "?sid=0d4f7c3e-2b1a-4c5d-8e9f-001122334455&txn=1", "{\"_id\": \"c\"}");
        assertEquals(501, write.status(), write.toString());
        assertEquals("transactions-unavailable", write.json().get("code").asText());
        assertEquals(404, http.get(coll + "/c").status(), "nothing was written");
        // reads served by plugins run in a transaction too: the same 501, not transaction-not-supported
        for (String read : List.of("/_distinct?fields=_id&", "/_aggrs/none?")) {
            Http.Response r = http.get(coll + read + "sid=0d4f7c3e-2b1a-4c5d-8e9f-001122334455&txn=1");
            assertEquals(501, r.status(), read + " " + r);
            assertEquals("transactions-unavailable", r.json().get("code").asText(), read);
        }
    }

    @Test
    void writesInATransactionAreSeenInsideAtOnceAndOutsideOnlyAfterCommit() {
        Assumptions.assumeTrue(TestBackend.get().supportsTransactions(),
                "the embedded backend has no transactions (set MONGO_URI to a replica set)");
        String session = http.post("/_sessions", "").header("Location").orElseThrow();
        String sid = session.substring(session.lastIndexOf('/') + 1);
        assertEquals(1, http.post(session + "/_txns", "").json().get("txn").asInt());
        String in = "?sid=" + sid + "&txn=1";
        assertEquals(201, http.post(coll + in, "{\"_id\": \"t1\", \"n\": 1}").status());
        assertEquals(201, http.post(coll + in, "[{\"_id\": \"t2\"}, {\"_id\": \"t3\"}]").status());
        assertEquals(204, http.patch(coll + "/a" + in, "{\"$set\": {\"touched\": true}}").status());
        // a read inside sees the transaction's own writes; outside nothing yet
        assertEquals(1, http.get(coll + "/t1" + in).json().get("n").asInt());
        assertEquals(4, http.get(coll + "/_size" + in).json().get("_size").asInt());
        assertEquals(4, http.get(coll + in + "&filter=" + enc("{\"_id\": {\"$in\": [\"a\", \"t1\", \"t2\", \"t3\"]}}")).json().size());
        // distinct and the count read inside too; the count is exact there even when an estimate is asked for
        assertTrue(http.get(coll + "/_distinct?fields=_id&" + in.substring(1)).json().get("_id").toString()
                .contains("\"t3\""), "distinct inside sees the transaction's writes");
        Http.Response counted = http.get(coll + in + "&count=estimated");
        assertEquals("exact", counted.header("X-Count-Strategy").orElse(null), counted.toString());
        assertEquals(404, http.get(coll + "/t1").status(), "invisible outside before commit");
        assertTrue(http.get(coll + "/a").json().path("touched").isMissingNode(), "invisible outside before commit");
        assertEquals(200, http.patch(session + "/_txns/1", "").status());
        assertEquals(200, http.get(coll + "/t1").status(), "visible after commit");
        assertEquals(200, http.get(coll + "/t3").status(), "visible after commit");
        assertTrue(http.get(coll + "/a").json().get("touched").asBoolean(), "visible after commit");
        // a committed transaction takes no more work
        Http.Response late = http.post(coll + in, "{\"_id\": \"late\"}");
        assertEquals(409, late.status(), late.toString());
        assertEquals("transaction-not-in-progress", late.json().get("code").asText());
        assertEquals(404, http.get(coll + "/late").status());

        // the next transaction is aborted: its writes and deletes are discarded
        assertEquals(2, http.post(session + "/_txns", "").json().get("txn").asInt());
        String in2 = "?sid=" + sid + "&txn=2";
        assertEquals(201, http.post(coll + in2, "{\"_id\": \"t4\"}").status());
        assertEquals(204, http.delete(coll + "/t1" + in2).status());
        assertEquals(200, http.get(coll + "/t4" + in2).status());
        assertEquals(404, http.get(coll + "/t1" + in2).status());
        assertEquals(200, http.patch(coll + "/*" + in2 + "&filter=" + enc("{\"_id\": \"t2\"}"),
                "{\"$set\": {\"bulk\": true}}").status());
        assertEquals(204, http.delete(session + "/_txns/2").status());
        assertEquals(404, http.get(coll + "/t4").status(), "discarded by abort");
        assertEquals(200, http.get(coll + "/t1").status(), "discarded by abort");
        assertTrue(http.get(coll + "/t2").json().path("bulk").isMissingNode(), "discarded by abort");
        assertEquals(409, http.get(coll + "/t4" + in2).status(), "an aborted transaction takes no more work");
        assertEquals(404, http.get(coll + "/t1?sid=" + sid + "&txn=7").status(), "not the current transaction");
        assertEquals(404, http.get(coll + "/t1?sid=0d4f7c3e-2b1a-4c5d-8e9f-001122334455&txn=1").status(),
                "no such session");
    }

    private static String enc(String text) {
        return URLEncoder.encode(text, StandardCharsets.UTF_8);
    }

    @Test
    void startsCommitsAndAbortsTransactionsOnAReplicaSet() {
        Assumptions.assumeTrue(TestBackend.get().supportsTransactions(),
                "the embedded backend has no transactions (set MONGO_URI to a replica set)");
        Http.Response session = http.post("/_sessions", "");
        assertEquals(201, session.status(), session.toString());
        String location = session.header("Location").orElseThrow();
        Http.Response txn = http.post(location + "/_txns", "");
        assertEquals(201, txn.status());
        assertEquals(1, txn.json().get("txn").asInt());
        assertEquals("IN", http.get(location + "/_txns").json().get("currentTxn").get("status").asText());
        assertEquals(200, http.patch(location + "/_txns/1", "").status());
        assertEquals("COMMITTED", http.get(location + "/_txns").json().get("currentTxn").get("status").asText());
        assertEquals(2, http.post(location + "/_txns", "").json().get("txn").asInt());
        assertEquals(204, http.delete(location + "/_txns/2").status());
    }
}
