package dev.mangrove.adapter.mongo;

import com.mongodb.client.model.ReplaceOptions;
import com.mongodb.reactivestreams.client.MongoClient;
import com.mongodb.reactivestreams.client.MongoCollection;
import dev.mangrove.application.port.out.AdminStore;
import dev.mangrove.domain.document.Document;
import dev.mangrove.domain.error.MangroveException;
import dev.mangrove.domain.resource.DatabaseName;
import dev.mangrove.domain.resource.Namespace;
import org.bson.BsonDocument;
import org.bson.BsonString;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/** The administration port: {@code create}, {@code drop}, {@code dropDatabase} and the {@code _properties} collection. */
final class MongoAdminStore implements AdminStore {
    /** The reserved collection holding the metadata of a database and its collections (docs/management.md). */
    static final String PROPERTIES = "_properties";

    private static final int NAMESPACE_EXISTS = 48;

    private final MongoClient client;
    private final MongoCatalogStore catalog;
    private final boolean embedded;

    MongoAdminStore(MongoClient client, MongoCatalogStore catalog, boolean embedded) {
        this.client = Objects.requireNonNull(client, "client");
        this.catalog = Objects.requireNonNull(catalog, "catalog");
        this.embedded = embedded;
    }

    @Override
    public void checkMetadata(Document metadata) {
        if (!embedded) {
            return;
        }
        // mongo-java-server checks the top-level names of a stored document only, and a refused one never answered;
        // nested dotted names (a stage's {"$match": {"a.b": …}} in aggrs or streams) are stored as they are
        for (String name : metadata.fields().keySet()) {
            if (name.indexOf('.') >= 0 || name.startsWith("$")) {
                throw MangroveException.badRequest("invalid-field-name", "The metadata field name '" + name
                        + "' holds a dot or starts with $, which the embedded backend cannot store");
            }
        }
    }

    @Override
    public void createCollection(Namespace namespace, Document options) {
        BsonDocument command = new BsonDocument("create", new BsonString(namespace.collection().value()));
        command.putAll(BsonValues.toBsonDocument(options.fields()));
        try {
            Blocking.single(client.getDatabase(namespace.database().value()).runCommand(command, BsonDocument.class));
        } catch (RuntimeException e) {
            if (MongoIndexStore.serverCode(e) == NAMESPACE_EXISTS) {
                throw MangroveException.conflict("collection-exists", "The collection already exists");
            }
            throw MongoErrors.map(e, namespace);
        }
    }

    @Override
    public void dropCollection(Namespace namespace) {
        catalog.forget(namespace);
        try {
            Blocking.first(client.getDatabase(namespace.database().value())
                    .getCollection(namespace.collection().value()).drop());
            catalog.forget(namespace); // again: a read racing the drop may have seen it meanwhile
        } catch (RuntimeException e) {
            throw MongoErrors.map(e, namespace);
        }
    }

    @Override
    public void dropDatabase(DatabaseName database) {
        catalog.forget(database);
        try {
            Blocking.first(client.getDatabase(database.value()).drop());
            catalog.forget(database); // again: a read racing the drop may have seen it meanwhile
        } catch (RuntimeException e) {
            throw MongoErrors.map(e, null);
        }
    }

    @Override
    public Optional<Document> metadata(DatabaseName database, String key) {
        try {
            return Blocking.first(properties(database).find(new BsonDocument("_id", new BsonString(key))).first())
                    .map(found -> {
                        Map<String, Object> fields = new LinkedHashMap<>(BsonValues.fromBsonDocument(found));
                        fields.remove(Document.ID);
                        return new Document(fields);
                    });
        } catch (RuntimeException e) {
            throw MongoErrors.map(e, null);
        }
    }

    @Override
    public void saveMetadata(DatabaseName database, String key, Document metadata) {
        checkMetadata(metadata);
        BsonDocument stored = new BsonDocument("_id", new BsonString(key));
        stored.putAll(BsonValues.toBsonDocument(metadata.fields()));
        try {
            Blocking.single(properties(database).replaceOne(new BsonDocument("_id", new BsonString(key)), stored,
                    new ReplaceOptions().upsert(true)));
        } catch (RuntimeException e) {
            throw MongoErrors.map(e, null);
        }
    }

    @Override
    public boolean saveMetadataIfUnchanged(DatabaseName database, String key, Document current, Document metadata) {
        checkMetadata(metadata);
        BsonDocument stored = new BsonDocument("_id", new BsonString(key));
        stored.putAll(BsonValues.toBsonDocument(metadata.fields()));
        try {
            if (current == null) {
                Blocking.single(properties(database).insertOne(stored));
                return true;
            }
            Map<String, Object> expected = new LinkedHashMap<>();
            expected.put(Document.ID, key);
            expected.putAll(current.fields());
            return Blocking.single(properties(database).replaceOne(QueryBson.exact(new Document(expected)), stored))
                    .getMatchedCount() > 0;
        } catch (RuntimeException e) {
            MangroveException mapped = MongoErrors.map(e, null);
            if ("duplicate-key".equals(mapped.code())) {
                return false; // stored meanwhile by another writer
            }
            throw mapped;
        }
    }

    @Override
    public void deleteMetadata(DatabaseName database, String key) {
        try {
            Blocking.single(properties(database).deleteOne(new BsonDocument("_id", new BsonString(key))));
        } catch (RuntimeException e) {
            throw MongoErrors.map(e, null);
        }
    }

    private MongoCollection<BsonDocument> properties(DatabaseName database) {
        return client.getDatabase(database.value()).getCollection(PROPERTIES, BsonDocument.class);
    }
}
