package dev.mangrove.application.service;

import dev.mangrove.application.port.in.ManageTransactionsUseCase;
import dev.mangrove.application.port.out.BackendStatus;
import dev.mangrove.application.port.out.TransactionStore;
import dev.mangrove.domain.error.ErrorKind;
import dev.mangrove.domain.error.MangroveException;
import dev.mangrove.domain.security.Principal;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The state machine of sessions and their transactions (docs/writes.md#transactions): a session has at most one
 * transaction in progress; {@code NONE → IN_PROGRESS → COMMITTED | ABORTED → IN_PROGRESS (next number) …}.
 * Sessions idle longer than the timeout are ended (aborting what is in progress). Whether the backend runs
 * transactions is asked of the backend (a replica set or sharded cluster), never configured.
 */
public final class TransactionService implements ManageTransactionsUseCase, AutoCloseable {
    private final TransactionStore store;
    private final BackendStatus backend;
    private final Duration idleTimeout;
    private final Clock clock;
    private final Map<String, Session> sessions = new ConcurrentHashMap<>();

    /**
     * A service over the store.
     *
     * @param store       the backend's sessions
     * @param backend     tells whether the backend runs transactions
     * @param idleTimeout how long an unused session lives
     * @param clock       the time
     */
    public TransactionService(TransactionStore store, BackendStatus backend, Duration idleTimeout, Clock clock) {
        this.store = Objects.requireNonNull(store, "store");
        this.backend = Objects.requireNonNull(backend, "backend");
        this.idleTimeout = Objects.requireNonNull(idleTimeout, "idleTimeout");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    @Override
    public String startSession(Principal caller) {
        requireTransactions();
        expire();
        String id = UUID.randomUUID().toString();
        sessions.put(id, new Session(caller.username(), store.startSession(), clock.instant()));
        return id;
    }

    @Override
    public long startTransaction(String sessionId, Principal caller) {
        Session session = session(sessionId, caller);
        synchronized (session) {
            if (session.status == Status.IN_PROGRESS) {
                throw MangroveException.conflict("transaction-in-progress", "Transaction " + session.number
                        + " of this session is in progress: commit (PATCH) or abort (DELETE) it first");
            }
            session.backend.startTransaction();
            session.number++;
            session.status = Status.IN_PROGRESS;
            return session.number;
        }
    }

    @Override
    public TransactionState state(String sessionId, Principal caller) {
        Session session = session(sessionId, caller);
        synchronized (session) {
            return new TransactionState(sessionId, session.number, session.status);
        }
    }

    @Override
    public void commit(String sessionId, long number, Principal caller) {
        ending(sessionId, caller, session -> commit(session, number));
    }

    /** Ends the transaction of a live session of the caller's, after the requests working in it. */
    private void ending(String sessionId, Principal caller, java.util.function.Consumer<Session> end) {
        Session session = session(sessionId, caller);
        lockLive(session, sessionId);
        try {
            end.accept(session);
        } finally {
            session.inUse.unlock();
        }
    }

    private static void commit(Session session, long number) {
        synchronized (session) {
            current(session, number);
            if (session.status == Status.COMMITTED) {
                return; // committing again is harmless, as in MongoDB
            }
            if (session.status == Status.ABORTED) {
                throw MangroveException.conflict("transaction-aborted", "Transaction " + number + " was aborted");
            }
            try {
                session.backend.commit();
            } catch (MangroveException e) {
                session.status = Status.ABORTED;
                throw e;
            }
            session.status = Status.COMMITTED;
        }
    }

    @Override
    public void abort(String sessionId, long number, Principal caller) {
        ending(sessionId, caller, session -> abort(session, number));
    }

    private static void abort(Session session, long number) {
        synchronized (session) {
            current(session, number);
            if (session.status == Status.COMMITTED) {
                throw MangroveException.conflict("transaction-committed", "Transaction " + number
                        + " is committed and cannot be aborted");
            }
            if (session.status == Status.IN_PROGRESS) {
                session.backend.abort();
            }
            session.status = Status.ABORTED;
        }
    }

    @Override
    public void runIn(String sessionId, long number, Principal caller, Runnable work) {
        Objects.requireNonNull(work, "work");
        Session session = session(sessionId, caller);
        // one request at a time per session: a backend session serves one operation at a time
        lockLive(session, sessionId);
        try {
            synchronized (session) {
                current(session, number);
                if (session.status != Status.IN_PROGRESS) {
                    throw MangroveException.conflict("transaction-not-in-progress", "Transaction " + number + " is "
                            + (session.status == Status.COMMITTED ? "committed" : "aborted") + "; nothing was done: "
                            + "start the next one with POST /_sessions/" + sessionId + "/_txns");
                }
            }
            session.backend.run(work);
        } finally {
            session.lastUsed = clock.instant();
            session.inUse.unlock();
        }
    }

    /** The sessions alive now. */
    public int sessions() {
        return sessions.size();
    }

    /** Ends every session. */
    @Override
    public void close() {
        sessions.keySet().forEach(this::end);
    }

    private void requireTransactions() {
        if (!backend.capabilities().transactions()) {
            throw MangroveException.of(ErrorKind.NOT_IMPLEMENTED, "transactions-unavailable", "This backend does not "
                    + "run transactions: MongoDB must run as a replica set (or a sharded cluster); the embedded "
                    + "backend has none");
        }
    }

    private Session session(String sessionId, Principal caller) {
        requireTransactions();
        expire();
        Session session = sessions.get(sessionId);
        if (session == null || !session.owner.equals(caller.username())) {
            throw notFound(sessionId);
        }
        session.lastUsed = clock.instant();
        return session;
    }

    /** Takes the session for one request; 404 when it ended while this one waited for it. */
    private void lockLive(Session session, String sessionId) {
        session.inUse.lock();
        if (sessions.get(sessionId) != session) {
            session.inUse.unlock();
            throw notFound(sessionId);
        }
    }

    private MangroveException notFound(String sessionId) {
        return MangroveException.notFound("session-not-found", "No session '" + sessionId + "' of yours "
                + "(sessions end after " + idleTimeout.toSeconds() + " s unused)");
    }

    private static void current(Session session, long number) {
        if (number != session.number || session.status == Status.NONE) {
            throw MangroveException.notFound("transaction-not-found", "This session's current transaction is "
                    + (session.number == 0 ? "none" : String.valueOf(session.number)) + ", not " + number);
        }
    }

    private void expire() {
        Instant oldest = clock.instant().minus(idleTimeout);
        sessions.forEach((id, session) -> {
            // a session a request is working in is not idle
            if (session.lastUsed.isBefore(oldest) && session.inUse.tryLock()) {
                try {
                    end(id);
                } finally {
                    session.inUse.unlock();
                }
            }
        });
    }

    private void end(String id) {
        Session session = sessions.remove(id);
        if (session != null) {
            try {
                session.backend.close();
            } catch (RuntimeException e) {
                // the backend ends it on its own timeout
            }
        }
    }

    private static final class Session {
        final String owner;
        final TransactionStore.BackendSession backend;
        final ReentrantLock inUse = new ReentrantLock();
        volatile Instant lastUsed;
        long number;
        Status status = Status.NONE;

        Session(String owner, TransactionStore.BackendSession backend, Instant lastUsed) {
            this.owner = owner;
            this.backend = backend;
            this.lastUsed = lastUsed;
        }
    }
}
