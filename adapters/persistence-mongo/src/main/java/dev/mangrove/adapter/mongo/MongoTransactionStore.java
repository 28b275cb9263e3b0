package dev.mangrove.adapter.mongo;

import com.mongodb.reactivestreams.client.ClientSession;
import com.mongodb.reactivestreams.client.MongoClient;
import dev.mangrove.application.port.out.TransactionStore;

import java.util.Objects;

/** Client sessions of the reactive driver, each with its transactions (docs/writes.md#transactions). */
final class MongoTransactionStore implements TransactionStore {
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

    private record Session(ClientSession session) implements BackendSession {
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
