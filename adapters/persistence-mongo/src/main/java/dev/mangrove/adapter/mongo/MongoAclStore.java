package dev.mangrove.adapter.mongo;

import com.mongodb.reactivestreams.client.MongoClient;
import dev.mangrove.application.port.out.AclStore;
import dev.mangrove.domain.document.Document;
import dev.mangrove.domain.resource.Namespace;
import org.bson.BsonDocument;
import org.bson.BsonInt32;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.TimeUnit;

/** The stored permissions of the access-control list: every document of one collection, by {@code _id}. */
final class MongoAclStore implements AclStore {
    private final MongoClient client;
    private final Namespace namespace;
    private final long queryTimeLimitMillis;

    MongoAclStore(MongoClient client, Namespace namespace, Duration queryTimeLimit) {
        this.client = Objects.requireNonNull(client, "client");
        this.namespace = Objects.requireNonNull(namespace, "namespace");
        this.queryTimeLimitMillis = Objects.requireNonNull(queryTimeLimit, "queryTimeLimit").toMillis();
    }

    @Override
    public List<Document> permissionDocuments() {
        try {
            return Blocking.all(client.getDatabase(namespace.database().value())
                    .getCollection(namespace.collection().value(), Document.class)
                    .find()
                    .sort(new BsonDocument(Document.ID, new BsonInt32(1)))
                    .maxTime(queryTimeLimitMillis, TimeUnit.MILLISECONDS));
        } catch (RuntimeException e) {
            throw MongoErrors.map(e, namespace);
        }
    }
}
