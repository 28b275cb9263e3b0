package dev.mangrove.adapter.mongo;

import com.mongodb.reactivestreams.client.MongoClient;
import dev.mangrove.application.port.out.CatalogStore;
import dev.mangrove.domain.resource.DatabaseName;
import dev.mangrove.domain.resource.Namespace;
import org.bson.BsonDocument;
import org.bson.BsonString;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.TimeUnit;

/** The catalog port: database and collection names as the server lists them. */
final class MongoCatalogStore implements CatalogStore {
    private final MongoClient client;
    private final long queryTimeLimitMillis;

    MongoCatalogStore(MongoClient client, Duration queryTimeLimit) {
        this.client = Objects.requireNonNull(client, "client");
        this.queryTimeLimitMillis = Objects.requireNonNull(queryTimeLimit, "queryTimeLimit").toMillis();
    }

    @Override
    public List<String> databaseNames() {
        try {
            return Blocking.all(client.listDatabases(BsonDocument.class)
                            .nameOnly(true)
                            .authorizedDatabasesOnly(true)
                            .maxTime(queryTimeLimitMillis, TimeUnit.MILLISECONDS))
                    .stream().map(database -> database.getString("name").getValue()).toList();
        } catch (RuntimeException e) {
            throw MongoErrors.map(e, null);
        }
    }

    @Override
    public List<String> collectionNames(DatabaseName database) {
        try {
            return Blocking.all(client.getDatabase(database.value()).listCollectionNames()
                    .authorizedCollections(true)
                    .maxTime(queryTimeLimitMillis, TimeUnit.MILLISECONDS));
        } catch (RuntimeException e) {
            throw MongoErrors.map(e, null);
        }
    }

    @Override
    public boolean collectionExists(Namespace namespace) {
        try {
            String name = namespace.collection().value();
            // the server narrows the list by the filter; the check below also covers backends that ignore it
            return Blocking.all(client.getDatabase(namespace.database().value()).listCollectionNames()
                    .filter(new BsonDocument("name", new BsonString(name)))
                    .authorizedCollections(true)
                    .maxTime(queryTimeLimitMillis, TimeUnit.MILLISECONDS)).contains(name);
        } catch (RuntimeException e) {
            throw MongoErrors.map(e, namespace);
        }
    }
}
