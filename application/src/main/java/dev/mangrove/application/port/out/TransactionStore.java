package dev.mangrove.application.port.out;

/** Client sessions with multi-document transactions on the backend (docs/writes.md#transactions). */
public interface TransactionStore {
    /** Starts a client session on the backend. */
    BackendSession startSession();

    /** One backend session: at most one transaction at a time; must be closed. */
    interface BackendSession extends AutoCloseable {
        /** Starts a transaction in this session. */
        void startTransaction();

        /** Commits the transaction in progress. */
        void commit();

        /** Aborts the transaction in progress. */
        void abort();

        /**
         * Runs {@code work} on the calling thread with every document read and write it makes inside the
         * transaction in progress; the caller never runs two works of one session at once.
         */
        void run(Runnable work);

        /** Ends the session (aborting a transaction still in progress). */
        @Override
        void close();
    }
}
