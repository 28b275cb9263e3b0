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
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * The catalog port: database and collection names as the server lists them. That a database or collection exists is
 * remembered for {@link #EXISTENCE_TTL} (a missing one is asked again each time), and forgotten at once when this
 * instance drops it, so the 404 of a missing resource costs a read nothing in the steady state.
 */
final class MongoCatalogStore implements CatalogStore {
    /** How long a seen database or collection is believed to exist (another instance may drop it meanwhile). */
    static final Duration EXISTENCE_TTL = Duration.ofSeconds(2);

    private final MongoClient client;
    private final long queryTimeLimitMillis;
    /** Database names and {@code db.coll} namespaces seen to exist, with the {@link System#nanoTime} they expire. */
    private final ConcurrentHashMap<String, Long> seen = new ConcurrentHashMap<>();

    MongoCatalogStore(MongoClient client, Duration queryTimeLimit) {
        this.client = Objects.requireNonNull(client, "client");
        this.queryTimeLimitMillis = Objects.requireNonNull(queryTimeLimit, "queryTimeLimit").toMillis();
    }

    @Override
    public boolean databaseExists(DatabaseName database) {
        String key = database.value();
        if (remembered(key)) {
            return true;
        }
        try {
            // listDatabases never creates a database (asking the database itself would, on some backends)
            boolean exists = Blocking.all(client.listDatabases(BsonDocument.class)
                            .nameOnly(true)
                            .filter(new BsonDocument("name", new BsonString(key)))
                            .authorizedDatabasesOnly(true)
                            .maxTime(queryTimeLimitMillis, TimeUnit.MILLISECONDS))
                    .stream().anyMatch(found -> key.equals(found.getString("name").getValue()));
            return remember(key, exists);
        } catch (RuntimeException e) {
            throw MongoErrors.map(e, null);
        }
    }

    /** Forgets that the collection existed (this instance dropped it). */
    void forget(Namespace namespace) {
        seen.remove(key(namespace));
    }

    /** Forgets that the database and its collections existed (this instance dropped it). */
    void forget(DatabaseName database) {
        seen.remove(database.value());
        seen.keySet().removeIf(key -> key.startsWith(database.value() + "."));
    }

    private boolean remembered(String key) {
        Long expiry = seen.get(key);
        if (expiry == null) {
            return false;
        }
        if (System.nanoTime() - expiry < 0) {
            return true;
        }
        seen.remove(key, expiry);
        return false;
    }

    private boolean remember(String key, boolean exists) {
        if (exists) {
            seen.put(key, System.nanoTime() + EXISTENCE_TTL.toNanos());
        }
        return exists;
    }

    private static String key(Namespace namespace) {
        return namespace.database().value() + "." + namespace.collection().value();
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
        if (remembered(key(namespace))) {
            return true;
        }
        if (!databaseExists(namespace.database())) {
            return false;
        }
        try {
            String name = namespace.collection().value();
            // the server narrows the list by the filter; the check below also covers backends that ignore it
            return Blocking.all(client.getDatabase(namespace.database().value()).listCollectionNames()
                    .filter(new BsonDocument("name", new BsonString(name)))
                    .authorizedCollections(true)
                    .maxTime(queryTimeLimitMillis, TimeUnit.MILLISECONDS)).contains(name) && remember(key(namespace), true);
        } catch (RuntimeException e) {
            throw MongoErrors.map(e, namespace);
        }
    }
}
