package dev.mangrove.bootstrap.e2e;

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
    void aReadOrWriteInATransactionIsRefusedRatherThanRunOutsideIt() {
        Http.Response write = http.post(coll + "?sid=s&txn=1", "{\"_id\": \"b\"}");
        assertEquals(501, write.status());
        assertEquals("transaction-operations-unavailable", write.json().get("code").asText());
        assertEquals(404, http.get(coll + "/b").status(), "nothing was written");
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
