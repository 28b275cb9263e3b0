package dev.mangrove.application.service;

import dev.mangrove.application.port.in.ManageTransactionsUseCase.Status;
import dev.mangrove.application.port.out.BackendCapabilities;
import dev.mangrove.application.port.out.BackendStatus;
import dev.mangrove.application.port.out.TransactionStore;
import dev.mangrove.domain.error.ErrorKind;
import dev.mangrove.domain.error.MangroveException;
import dev.mangrove.domain.security.Principal;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** The sessions-and-transactions state machine against a fake backend. */
class TransactionServiceTest {
    private static final Principal ALICE = new Principal("alice", List.of("user"));
    private static final Principal BOB = new Principal("bob", List.of("user"));

    static final class FakeStore implements TransactionStore {
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
}
