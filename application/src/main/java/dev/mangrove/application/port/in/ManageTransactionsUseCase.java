package dev.mangrove.application.port.in;

import dev.mangrove.domain.security.Principal;

/**
 * RESTHeart's sessions and transactions (docs/writes.md#transactions): a session belongs to the caller who
 * started it (anyone else gets 404); a backend without transactions answers 501.
 */
public interface ManageTransactionsUseCase {
    /** Starts a session; its id. */
    String startSession(Principal caller);

    /** Starts the next transaction of a session; its number (1, 2, …). */
    long startTransaction(String sessionId, Principal caller);

    /** The session's current transaction and its state. */
    TransactionState state(String sessionId, Principal caller);

    /** Commits transaction {@code number}. */
    void commit(String sessionId, long number, Principal caller);

    /** Aborts transaction {@code number}. */
    void abort(String sessionId, long number, Principal caller);

    /**
     * Runs {@code work} (one request's reads and writes) inside transaction {@code number} of the caller's session,
     * on the calling thread: 404 for a session that is not the caller's or a number that is not the session's
     * current transaction, 409 for a transaction no longer in progress; {@code work} does not run then.
     */
    void runIn(String sessionId, long number, Principal caller, Runnable work);

    /**
     * A session's current transaction.
     *
     * @param sessionId the session
     * @param number    the transaction's number, 0 before the first
     * @param status    {@code NONE}, {@code IN_PROGRESS}, {@code COMMITTED} or {@code ABORTED}
     */
    record TransactionState(String sessionId, long number, Status status) {
    }

    /** The states of a transaction. */
    enum Status {
        NONE, IN_PROGRESS, COMMITTED, ABORTED
    }
}
