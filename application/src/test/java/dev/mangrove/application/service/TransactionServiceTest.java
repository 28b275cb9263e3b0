package dev.mangrove.application.service;

import dev.mangrove.application.port.in.ManageTransactionsUseCase.Status;
import dev.mangrove.application.port.out.BackendCapabilities;
import dev.mangrove.application.port.out.BackendStatus;
import dev.mangrove.application.port.in.DeleteDocumentCommand;
import dev.mangrove.application.port.in.DeleteDocumentsCommand;
import dev.mangrove.application.port.in.FindDocumentsQuery;
import dev.mangrove.application.port.in.GetDocumentQuery;
import dev.mangrove.application.port.in.InsertDocumentCommand;
import dev.mangrove.application.port.in.InsertDocumentsCommand;
import dev.mangrove.application.port.in.PatchDocumentCommand;
import dev.mangrove.application.port.in.ReplaceDocumentCommand;
import dev.mangrove.application.port.in.UpdateDocumentsCommand;
import dev.mangrove.application.port.out.DocumentStore;
import dev.mangrove.application.port.out.TransactionStore;
import dev.mangrove.domain.query.Filter;
import dev.mangrove.domain.query.Projection;
import dev.mangrove.domain.query.Query;
import dev.mangrove.domain.query.Sort;
import dev.mangrove.domain.resource.Namespace;
import dev.mangrove.domain.security.DataScope;
import dev.mangrove.domain.write.WriteMode;
import dev.mangrove.domain.error.ErrorKind;
import dev.mangrove.domain.error.MangroveException;
import dev.mangrove.domain.security.Principal;
import org.junit.jupiter.api.Test;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static dev.mangrove.application.service.TestDocuments.doc;
import static dev.mangrove.application.service.TestDocuments.set;

/** The sessions-and-transactions state machine against a fake backend. */
class TransactionServiceTest {
    private static final Principal ALICE = new Principal("alice", List.of("user"));
    private static final Principal BOB = new Principal("bob", List.of("user"));

    static final class FakeStore implements TransactionStore {
        /** Whether the calling thread runs inside a backend session's {@code run}, as the Mongo adapter tracks it. */
        static final ThreadLocal<Boolean> INSIDE = ThreadLocal.withInitial(() -> false);
        final List<String> calls = new ArrayList<>();

        @Override
        public BackendSession startSession() {
            calls.add("session");
            return new BackendSession() {
                @Override
                public void startTransaction() {
                    calls.add("start");
                }

                @Override
                public void commit() {
                    calls.add("commit");
                }

                @Override
                public void abort() {
                    calls.add("abort");
                }

                @Override
                public void run(Runnable work) {
                    calls.add("run");
                    INSIDE.set(true);
                    try {
                        work.run();
                    } finally {
                        INSIDE.set(false);
                    }
                }

                @Override
                public void close() {
                    calls.add("close");
                }
            };
        }
    }

    private static BackendStatus backend(boolean transactions) {
        return new BackendStatus() {
            @Override
            public boolean ping() {
                return true;
            }

            @Override
            public BackendCapabilities capabilities() {
                return new BackendCapabilities(transactions, true, true, transactions);
            }
        };
    }

    /** A clock the test moves. */
    static final class Ticking extends Clock {
        Instant now = Instant.parse("2026-12-07T00:00:00Z");

        @Override
        public java.time.ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }

    private static ErrorKind failure(Runnable call, String code) {
        MangroveException e = assertThrows(MangroveException.class, call::run);
        assertEquals(code, e.code());
        return e.kind();
    }

    @Test
    void runsTheStateMachineOfOneSession() {
        FakeStore store = new FakeStore();
        TransactionService service = new TransactionService(store, backend(true), Duration.ofMinutes(1), new Ticking());
        String sid = service.startSession(ALICE);
        assertEquals(Status.NONE, service.state(sid, ALICE).status());
        assertEquals(1, service.startTransaction(sid, ALICE));
        assertEquals(ErrorKind.CONFLICT, failure(() -> service.startTransaction(sid, ALICE), "transaction-in-progress"));
        assertEquals(ErrorKind.NOT_FOUND, failure(() -> service.commit(sid, 2, ALICE), "transaction-not-found"));
        service.commit(sid, 1, ALICE);
        service.commit(sid, 1, ALICE);
        assertEquals(Status.COMMITTED, service.state(sid, ALICE).status());
        assertEquals(ErrorKind.CONFLICT, failure(() -> service.abort(sid, 1, ALICE), "transaction-committed"));
        assertEquals(2, service.startTransaction(sid, ALICE));
        service.abort(sid, 2, ALICE);
        assertEquals(Status.ABORTED, service.state(sid, ALICE).status());
        assertEquals(ErrorKind.CONFLICT, failure(() -> service.commit(sid, 2, ALICE), "transaction-aborted"));
        assertEquals(List.of("session", "start", "commit", "start", "abort"), store.calls);
    }

    @Test
    void aSessionBelongsToItsOwnerAndEndsWhenIdle() {
        FakeStore store = new FakeStore();
        Ticking clock = new Ticking();
        TransactionService service = new TransactionService(store, backend(true), Duration.ofSeconds(30), clock);
        String sid = service.startSession(ALICE);
        service.startTransaction(sid, ALICE);
        assertEquals(ErrorKind.NOT_FOUND, failure(() -> service.state(sid, BOB), "session-not-found"));
        assertEquals(ErrorKind.NOT_FOUND, failure(() -> service.commit(sid, 1, BOB), "session-not-found"));
        clock.now = clock.now.plusSeconds(31);
        assertEquals(ErrorKind.NOT_FOUND, failure(() -> service.state(sid, ALICE), "session-not-found"));
        assertEquals(0, service.sessions());
        assertEquals("close", store.calls.get(store.calls.size() - 1), "the backend session is ended");
    }

    @Test
    void aBackendWithoutTransactionsIsNotImplemented() {
        FakeStore store = new FakeStore();
        TransactionService service = new TransactionService(store, backend(false), Duration.ofMinutes(1), new Ticking());
        assertEquals(ErrorKind.NOT_IMPLEMENTED, failure(() -> service.startSession(ALICE), "transactions-unavailable"));
        assertEquals(ErrorKind.NOT_IMPLEMENTED, failure(() -> service.state("x", ALICE), "transactions-unavailable"));
        assertEquals(List.of(), store.calls);
    }

    @Test
    void runsTheWorkOfARequestInsideTheCurrentTransactionOnly() {
        FakeStore store = new FakeStore();
        TransactionService service = new TransactionService(store, backend(true), Duration.ofMinutes(1), new Ticking());
        String sid = service.startSession(ALICE);
        List<String> ran = new ArrayList<>();
        Runnable work = () -> ran.add(FakeStore.INSIDE.get() ? "inside" : "outside");
        assertEquals(ErrorKind.NOT_FOUND, failure(() -> service.runIn(sid, 1, ALICE, work), "transaction-not-found"));
        assertEquals(1, service.startTransaction(sid, ALICE));
        service.runIn(sid, 1, ALICE, work);
        assertEquals(List.of("inside"), ran);
        assertEquals(ErrorKind.NOT_FOUND, failure(() -> service.runIn(sid, 2, ALICE, work), "transaction-not-found"));
        assertEquals(ErrorKind.NOT_FOUND, failure(() -> service.runIn(sid, 1, BOB, work), "session-not-found"));
        assertEquals(ErrorKind.NOT_FOUND, failure(() -> service.runIn("unknown", 1, ALICE, work), "session-not-found"));
        service.commit(sid, 1, ALICE);
        assertEquals(ErrorKind.CONFLICT, failure(() -> service.runIn(sid, 1, ALICE, work), "transaction-not-in-progress"));
        assertEquals(2, service.startTransaction(sid, ALICE));
        assertEquals(ErrorKind.NOT_FOUND, failure(() -> service.runIn(sid, 1, ALICE, work), "transaction-not-found"));
        service.abort(sid, 2, ALICE);
        assertEquals(ErrorKind.CONFLICT, failure(() -> service.runIn(sid, 2, ALICE, work), "transaction-not-in-progress"));
        assertEquals(List.of("inside"), ran, "no refused request ran");
        assertEquals(List.of("session", "start", "run", "commit", "start", "abort"), store.calls);
    }

    @Test
    void aBackendWithoutTransactionsRunsNothing() {
        FakeStore store = new FakeStore();
        TransactionService service = new TransactionService(store, backend(false), Duration.ofMinutes(1), new Ticking());
        List<String> ran = new ArrayList<>();
        assertEquals(ErrorKind.NOT_IMPLEMENTED, failure(() -> service.runIn("x", 1, ALICE, () -> ran.add("ran")),
                "transactions-unavailable"));
        assertEquals(List.of(), ran);
    }

    @Test
    void everyDocumentReadAndWriteOfTheWorkReachesTheStoreInsideTheSession() {
        Namespace ns = Namespace.of("bank", "accounts");
        InMemoryDocumentStore memory = new InMemoryDocumentStore();
        memory.seed(ns, doc("_id", "a", "balance", 10));
        memory.seed(ns, doc("_id", "b", "balance", 20));
        List<String> outside = new ArrayList<>();
        List<String> inside = new ArrayList<>();
        DocumentStore recording = (DocumentStore) Proxy.newProxyInstance(DocumentStore.class.getClassLoader(),
                new Class<?>[] {DocumentStore.class}, (proxy, method, args) -> {
                    (FakeStore.INSIDE.get() ? inside : outside).add(method.getName());
                    try {
                        return method.invoke(memory, args);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
        DocumentService documents = new DocumentService(recording, new InMemoryCatalogStore().withDatabase("bank",
                "accounts"), WritePolicy.DEFAULT);
        FakeStore store = new FakeStore();
        TransactionService service = new TransactionService(store, backend(true), Duration.ofMinutes(1), new Ticking());
        String sid = service.startSession(ALICE);
        service.startTransaction(sid, ALICE);
        List<Runnable> requests = List.of(
                () -> {
                    try (var cursor = documents.find(new FindDocumentsQuery(ns, new Query(Filter.ALL, Projection.none(),
                            Sort.BY_ID, 0, 10)))) {
                        cursor.forEachRemaining(d -> { });
                    }
                },
                () -> documents.count(ns, Filter.eq("balance", 10), false, DataScope.UNRESTRICTED),
                () -> documents.count(ns, Filter.ALL, true, DataScope.UNRESTRICTED),
                () -> documents.get(new GetDocumentQuery(ns, "a", Projection.none(), DataScope.UNRESTRICTED)),
                () -> documents.insert(new InsertDocumentCommand(ns, doc("_id", "c", "balance", 1), DataScope.UNRESTRICTED,
                        WriteMode.INSERT)),
                () -> documents.insertAll(new InsertDocumentsCommand(ns, List.of(doc("_id", "d"), doc("_id", "e")),
                        DataScope.UNRESTRICTED, WriteMode.INSERT)),
                () -> documents.replace(new ReplaceDocumentCommand(ns, "c", doc("balance", 2), WriteMode.UPSERT, false)),
                () -> documents.patch(new PatchDocumentCommand(ns, "a", set("balance", 5), WriteMode.UPDATE, false)),
                () -> documents.delete(new DeleteDocumentCommand(ns, "d")),
                () -> documents.updateAll(new UpdateDocumentsCommand(ns, Filter.eq("balance", 20), true,
                        set("balance", 21), false)),
                () -> documents.deleteAll(new DeleteDocumentsCommand(ns, Filter.eq("_id", "e"), true, false)));
        for (Runnable request : requests) {
            service.runIn(sid, 1, ALICE, request);
        }
        assertEquals(List.of(), outside, "no store call outside the transaction");
        for (String call : List.of("find", "count", "estimatedCount", "findById", "insertOne", "insertMany",
                "replaceOne", "updateAndGet", "deleteOne", "updateMany", "deleteMany")) {
            assertTrue(inside.stream().anyMatch(c -> c.equals(call) || c.startsWith(call)), call + " in " + inside);
        }
    }

    @Test
    void aSessionARequestWorksInDoesNotExpireUnderIt() throws InterruptedException {
        FakeStore store = new FakeStore();
        Ticking clock = new Ticking();
        TransactionService service = new TransactionService(store, backend(true), Duration.ofSeconds(30), clock);
        String sid = service.startSession(ALICE);
        service.startTransaction(sid, ALICE);
        service.runIn(sid, 1, ALICE, () -> {
            clock.now = clock.now.plusSeconds(60); // a long request; meanwhile another caller sweeps idle sessions
            Thread other = Thread.ofVirtual().start(() -> service.startSession(BOB));
            try {
                other.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        assertEquals(Status.IN_PROGRESS, service.state(sid, ALICE).status(), "still there after the request");
        assertEquals(2, service.sessions());
        assertEquals(List.of("session", "start", "run", "session"), store.calls, "nothing ended");
    }
}
