package dev.mangrove.adapter.http;

import dev.mangrove.application.port.in.ManageTransactionsUseCase;
import dev.mangrove.domain.error.MangroveException;
import dev.mangrove.domain.resource.Verb;
import dev.mangrove.domain.security.Principal;
import io.helidon.http.HeaderNames;
import io.helidon.http.Method;
import io.helidon.webclient.http1.Http1ClientRequest;
import io.helidon.webclient.http1.Http1ClientResponse;
import io.helidon.webserver.http.HttpRouting;
import io.helidon.webserver.testing.junit5.DirectClient;
import io.helidon.webserver.testing.junit5.RoutingTest;
import io.helidon.webserver.testing.junit5.SetUpRoute;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Reads and writes with {@code ?sid=&txn=} (docs/writes.md#transactions) over HTTP with fake use cases: each runs
 * its use case inside the transaction's {@code runIn}; a malformed or misplaced one is a 400 that calls nothing.
 */
@RoutingTest
class TransactionRoutingTest {
    private static final String SID = "0d4f7c3e-2b1a-4c5d-8e9f-001122334455";
    private static final FakeUseCases FAKES = new FakeUseCases();
    private static final FakeTransactions TRANSACTIONS = new FakeTransactions();
    private static final String FILTER = "{\"a\": 1}";
    private final DirectClient client;

    /** Records each {@code runIn} and the use-case calls made inside it; refuses when told to. */
    static final class FakeTransactions implements ManageTransactionsUseCase {
        final List<String> runs = new CopyOnWriteArrayList<>();
        final List<String> inside = new CopyOnWriteArrayList<>();
        /** Released when a run ends: the response may reach the client before the handler returns. */
        final Semaphore ended = new Semaphore(0);
        volatile MangroveException refusal;

        @Override
        public void runIn(String sessionId, long number, Principal caller, Runnable work) {
            runs.add(sessionId + " " + number);
            if (refusal != null) {
                throw refusal;
            }
            int before = FAKES.calls.size();
            try {
                work.run();
            } finally {
                inside.addAll(FAKES.calls.subList(before, FAKES.calls.size()));
                ended.release();
            }
        }

        @Override
        public String startSession(Principal caller) {
            throw new UnsupportedOperationException();
        }

        @Override
        public long startTransaction(String sessionId, Principal caller) {
            throw new UnsupportedOperationException();
        }

        @Override
        public TransactionState state(String sessionId, Principal caller) {
            throw new UnsupportedOperationException();
        }

        @Override
        public void commit(String sessionId, long number, Principal caller) {
            throw new UnsupportedOperationException();
        }

        @Override
        public void abort(String sessionId, long number, Principal caller) {
            throw new UnsupportedOperationException();
        }
    }

    TransactionRoutingTest(DirectClient client) {
        this.client = client;
    }

    @SetUpRoute
    static void routing(HttpRouting.Builder routing) {
        MangroveHttp.create(ApiRoutingTest.MOUNTS, FAKES.useCases(), HttpSettings.DEFAULTS, (m, r, s, n) -> { },
                FAKES.extensions()).withTransactions(TRANSACTIONS).routing(routing);
    }

    @BeforeEach
    void reset() {
        FAKES.reset();
        TRANSACTIONS.runs.clear();
        TRANSACTIONS.inside.clear();
        TRANSACTIONS.refusal = null;
        TRANSACTIONS.ended.drainPermits();
    }

    private static void awaitEnd(Semaphore ended) {
        try {
            assertTrue(ended.tryAcquire(30, TimeUnit.SECONDS), "the run ended");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    private Http1ClientResponse send(Verb verb, String path, Map<String, String> query) {
        Http1ClientRequest request = client.method(Method.create(verb.name())).path(path);
        query.forEach(request::queryParam);
        if (verb == Verb.POST || verb == Verb.PUT || verb == Verb.PATCH) {
            return request.header(HeaderNames.CONTENT_TYPE, "application/json").submit(
                    verb == Verb.PATCH ? "{\"$set\": {\"a\": 2}}" : "{\"a\": 1}");
        }
        return request.request();
    }

    private static Map<String, String> in(String sid, String txn, String... more) {
        Map<String, String> query = new LinkedHashMap<>();
        if (sid != null) {
            query.put("sid", sid);
        }
        if (txn != null) {
            query.put("txn", txn);
        }
        for (int i = 0; i + 1 < more.length; i += 2) {
            query.put(more[i], more[i + 1]);
        }
        return query;
    }

    @Test
    void everyDocumentReadAndWriteRunsItsUseCaseInsideTheTransaction() {
        record Case(Verb verb, String path, String... more) {
        }
        List<Case> cases = List.of(
                new Case(Verb.GET, "/db/coll"),
                new Case(Verb.GET, "/db/coll", "filter", FILTER, "count", "true"),
                new Case(Verb.GET, "/db/coll/_size"),
                new Case(Verb.GET, "/db/coll/d1"),
                new Case(Verb.POST, "/db/coll"),
                new Case(Verb.PUT, "/db/coll/d1"),
                new Case(Verb.PATCH, "/db/coll/d1"),
                new Case(Verb.DELETE, "/db/coll/d1"),
                new Case(Verb.PATCH, "/db/coll", "filter", FILTER),
                new Case(Verb.DELETE, "/db/coll", "filter", FILTER),
                new Case(Verb.PATCH, "/db/coll/*", "filter", FILTER),
                new Case(Verb.DELETE, "/db/coll/*", "filter", FILTER),
                // reads served by plugins: named and ad-hoc aggregations, distinct values
                new Case(Verb.GET, "/db/coll/_aggrs/a1"),
                new Case(Verb.GET, "/db/coll/_aggregate", "pipeline", "[]"),
                new Case(Verb.POST, "/db/coll/_aggregate"),
                new Case(Verb.GET, "/db/coll/_distinct", "fields", "a"));
        for (Case c : cases) {
            reset();
            try (Http1ClientResponse r = send(c.verb(), c.path(), in(SID, "3", c.more()))) {
                String what = c.verb() + " " + c.path() + " " + List.of(c.more());
                assertTrue(r.status().code() < 300, () -> what + " → " + r.status() + " " + r.as(String.class));
                assertEquals(List.of(SID + " 3"), TRANSACTIONS.runs, what);
                awaitEnd(TRANSACTIONS.ended);
                assertTrue(!FAKES.calls.isEmpty(), what);
                assertEquals(FAKES.calls, TRANSACTIONS.inside, what + ": every use-case call inside the transaction");
            }
        }
    }

    @Test
    void malformedOrMisplacedParametersAre400AndCallNothing() {
        Map<Map<String, String>, String> cases = new LinkedHashMap<>();
        cases.put(in("not-a-session", "1"), "invalid-session");
        cases.put(in(SID.substring(1), "1"), "invalid-session");
        cases.put(in(SID, "x"), "invalid-transaction");
        cases.put(in(SID, "0"), "invalid-transaction");
        cases.put(in(SID, "-2"), "invalid-transaction");
        cases.put(in(SID, "99999999999999999999"), "invalid-transaction");
        cases.put(in(SID, null), "invalid-transaction");
        cases.put(in(null, "1"), "invalid-session");
        for (var c : cases.entrySet()) {
            for (Verb verb : List.of(Verb.GET, Verb.POST)) {
                reset();
                try (Http1ClientResponse r = send(verb, "/db/coll", c.getKey())) {
                    String body = r.as(String.class);
                    assertEquals(400, r.status().code(), c.getKey() + " " + body);
                    assertTrue(body.contains("\"code\":\"" + c.getValue() + "\""), c.getKey() + " " + body);
                }
                assertEquals(List.of(), TRANSACTIONS.runs, c.getKey().toString());
                assertEquals(List.of(), FAKES.calls, c.getKey().toString());
            }
        }
    }

    @Test
    void otherResourcesAre400AndCallNothing() {
        List<String[]> cases = new ArrayList<>(List.of(
                new String[] {"PUT", "/db/coll"},        // creates the collection
                new String[] {"DELETE", "/db/coll"},     // drops it
                new String[] {"GET", "/db/coll/_meta"},
                new String[] {"PUT", "/db/coll/_indexes/i1"},
                new String[] {"DELETE", "/db/coll/_aggrs/a1"},
                new String[] {"PUT", "/db/coll/_distinct"},
                new String[] {"GET", "/db"},
                new String[] {"GET", "/"}));
        for (String[] c : cases) {
            reset();
            try (Http1ClientResponse r = send(Verb.valueOf(c[0]), c[1], in(SID, "1"))) {
                String body = r.as(String.class);
                assertEquals(400, r.status().code(), c[0] + " " + c[1] + " " + body);
                assertTrue(body.contains("\"code\":\"transaction-not-supported\""), body);
            }
            assertEquals(List.of(), TRANSACTIONS.runs, c[1]);
            assertEquals(List.of(), FAKES.calls, c[1]);
        }
    }

    @Test
    void aCountInATransactionIsExactEvenWhenAnEstimateIsAskedFor() {
        // the backend counts what the transaction sees; the header must not say "estimated"
        try (Http1ClientResponse r = send(Verb.GET, "/db/coll", in(SID, "1", "count", "estimated"))) {
            assertEquals(200, r.status().code(), r.as(String.class));
            assertEquals("exact", r.headers().first(HeaderNames.create("X-Count-Strategy")).orElse(null));
        }
        awaitEnd(TRANSACTIONS.ended);
        assertEquals(List.of(SID + " 1"), TRANSACTIONS.runs);
    }

    @Test
    void aRefusedTransactionAnswersItsProblemAndCallsNothing() {
        for (MangroveException refusal : List.of(
                MangroveException.notFound("session-not-found", "No session"),
                MangroveException.notFound("transaction-not-found", "Not the current one"),
                MangroveException.conflict("transaction-not-in-progress", "Committed"))) {
            reset();
            TRANSACTIONS.refusal = refusal;
            try (Http1ClientResponse r = send(Verb.POST, "/db/coll", in(SID, "1"))) {
                String body = r.as(String.class);
                assertEquals(refusal.kind() == dev.mangrove.domain.error.ErrorKind.NOT_FOUND ? 404 : 409,
                        r.status().code(), body);
                assertTrue(body.contains("\"code\":\"" + refusal.code() + "\""), body);
            }
            assertEquals(List.of(), FAKES.calls);
        }
    }
}
