package dev.mangrove.adapter.mongo;

import com.mongodb.reactivestreams.client.ClientSession;
import com.mongodb.reactivestreams.client.MongoClient;
import dev.mangrove.application.port.out.TransactionStore;

import java.util.Objects;

/** Client sessions of the reactive driver, each with its transactions (docs/writes.md#transactions). */
final class MongoTransactionStore implements TransactionStore {
    /**
     * The client session of the transaction the calling thread works in: set by {@link Session#run} around one
     * request's work (which runs on its one virtual thread; the driver's publishers are built on it) and read by
     * {@link MongoDocumentStore} for every read and write.
     */
    private static final ThreadLocal<ClientSession> CURRENT = new ThreadLocal<>();
    private final MongoClient client;

    MongoTransactionStore(MongoClient client) {
        this.client = Objects.requireNonNull(client, "client");
    }

    @Override
    public BackendSession startSession() {
        try {
            ClientSession session = Blocking.single(client.startSession());
            return new Session(session);
        } catch (RuntimeException e) {
            throw MongoErrors.map(e, null);
        }
    }

    /** The client session the calling thread's reads and writes run in, or {@code null} outside a transaction. */
    static ClientSession current() {
        return CURRENT.get();
    }

    /** One client session; package-private for tests. */
    record Session(ClientSession session) implements BackendSession {
        @Override
        public void run(Runnable work) {
            ClientSession outer = CURRENT.get();
            CURRENT.set(session);
            try {
                work.run();
            } finally {
                if (outer == null) {
                    CURRENT.remove();
                } else {
                    CURRENT.set(outer);
                }
            }
        }

        @Override
        public void startTransaction() {
            try {
                session.startTransaction();
            } catch (RuntimeException e) {
                throw MongoErrors.map(e, null);
            }
        }

        @Override
        public void commit() {
            try {
                Blocking.first(session.commitTransaction());
            } catch (RuntimeException e) {
                throw MongoErrors.map(e, null);
            }
        }

        @Override
        public void abort() {
            try {
                Blocking.first(session.abortTransaction());
            } catch (RuntimeException e) {
                throw MongoErrors.map(e, null);
            }
        }

        @Override
        public void close() {
            session.close();
        }
    }
}
