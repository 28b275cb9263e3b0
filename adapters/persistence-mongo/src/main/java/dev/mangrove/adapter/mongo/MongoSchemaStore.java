package dev.mangrove.adapter.mongo;

import com.mongodb.client.model.ReplaceOptions;
import com.mongodb.client.result.UpdateResult;
import com.mongodb.client.result.DeleteResult;
import com.mongodb.reactivestreams.client.MongoClient;
import com.mongodb.reactivestreams.client.MongoCollection;
import dev.mangrove.application.port.out.SchemaStore;
import dev.mangrove.domain.document.Document;
import dev.mangrove.domain.resource.DatabaseName;
import org.bson.BsonDocument;
import org.bson.BsonInt32;
import org.bson.BsonString;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/** The schema store port over each database's reserved {@code _schemas} collection. */
final class MongoSchemaStore implements SchemaStore {
    /** The reserved collection holding a database's JSON Schemas (never listed: it starts with {@code _}). */
    static final String SCHEMAS = "_schemas";
    private static final int NAMESPACE_EXISTS = 48;

    private final MongoClient client;

    MongoSchemaStore(MongoClient client) {
        this.client = Objects.requireNonNull(client, "client");
    }

    @Override
    public List<Document> schemas(DatabaseName database) {
        try {
            List<Document> all = new ArrayList<>();
            for (BsonDocument found : Blocking.all(collection(database).find().sort(new BsonDocument("_id", new BsonInt32(1))))) {
                all.add(new Document(BsonValues.fromBsonDocument(found)));
            }
            return all;
        } catch (RuntimeException e) {
            throw MongoErrors.map(e, null);
        }
    }

    @Override
    public boolean createStore(DatabaseName database) {
        try {
            Blocking.single(client.getDatabase(database.value())
                    .runCommand(new BsonDocument("create", new BsonString(SCHEMAS)), BsonDocument.class));
            return true;
        } catch (RuntimeException e) {
            if (MongoIndexStore.serverCode(e) == NAMESPACE_EXISTS) {
                return false;
            }
            throw MongoErrors.map(e, null);
        }
    }

    @Override
    public Optional<Document> schema(DatabaseName database, String id) {
        try {
            return Blocking.first(collection(database).find(byId(id)).first())
                    .map(found -> new Document(BsonValues.fromBsonDocument(found)));
        } catch (RuntimeException e) {
            throw MongoErrors.map(e, null);
        }
    }

    @Override
    public boolean save(DatabaseName database, String id, Document schema) {
        BsonDocument stored = byId(id);
        BsonDocument body = BsonValues.toBsonDocument(schema.fields());
        body.remove("_id");
        stored.putAll(body);
        try {
            UpdateResult result = Blocking.single(collection(database).replaceOne(byId(id), stored,
                    new ReplaceOptions().upsert(true)));
            return result.getUpsertedId() != null;
        } catch (RuntimeException e) {
            throw MongoErrors.map(e, null);
        }
    }

    @Override
    public boolean delete(DatabaseName database, String id) {
        try {
            DeleteResult result = Blocking.single(collection(database).deleteOne(byId(id)));
            return result.getDeletedCount() > 0;
        } catch (RuntimeException e) {
            throw MongoErrors.map(e, null);
        }
    }

    private static BsonDocument byId(String id) {
        return new BsonDocument("_id", new BsonString(id));
    }

    private MongoCollection<BsonDocument> collection(DatabaseName database) {
        return client.getDatabase(database.value()).getCollection(SCHEMAS, BsonDocument.class);
    }
}
