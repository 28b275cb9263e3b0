package dev.mangrove.adapter.mongo;

import com.mongodb.MongoCommandException;
import com.mongodb.reactivestreams.client.MongoClient;
import dev.mangrove.application.port.out.IndexStore;
import dev.mangrove.domain.document.Document;
import dev.mangrove.domain.error.MangroveException;
import dev.mangrove.domain.resource.Namespace;
import org.bson.BsonArray;
import org.bson.BsonDocument;
import org.bson.BsonString;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/** The index port: {@code listIndexes}, {@code createIndexes} and {@code dropIndexes}. */
final class MongoIndexStore implements IndexStore {
    private static final Set<String> SHOWN = Set.of("name", "key", "unique", "sparse", "partialFilterExpression",
            "expireAfterSeconds", "collation", "hidden", "weights", "default_language", "language_override");

    /** IndexAlreadyExists, IndexOptionsConflict, IndexKeySpecsConflict. */
    private static final Set<Integer> INDEX_CONFLICTS = Set.of(68, 85, 86);
    private static final int INDEX_NOT_FOUND = 27;

    private final MongoClient client;

    MongoIndexStore(MongoClient client) {
        this.client = Objects.requireNonNull(client, "client");
    }

    @Override
    public List<Document> indexes(Namespace namespace) {
        try {
            return Blocking.all(client.getDatabase(namespace.database().value())
                            .getCollection(namespace.collection().value())
                            .listIndexes(BsonDocument.class))
                    .stream().map(MongoIndexStore::describe).toList();
        } catch (RuntimeException e) {
            throw MongoErrors.map(e, namespace);
        }
    }

    @Override
    public void create(Namespace namespace, String name, Document keys, Document options) {
        BsonDocument index = new BsonDocument("key", BsonValues.toBsonDocument(keys.fields()))
                .append("name", new BsonString(name));
        index.putAll(BsonValues.toBsonDocument(options.fields()));
        BsonDocument command = new BsonDocument("createIndexes", new BsonString(namespace.collection().value()))
                .append("indexes", new BsonArray(List.of(index)));
        run(namespace, command);
    }

    @Override
    public void drop(Namespace namespace, String name) {
        run(namespace, new BsonDocument("dropIndexes", new BsonString(namespace.collection().value()))
                .append("index", new BsonString(name)));
    }

    private void run(Namespace namespace, BsonDocument command) {
        try {
            Blocking.single(client.getDatabase(namespace.database().value()).runCommand(command, BsonDocument.class));
        } catch (RuntimeException e) {
            int code = serverCode(e);
            if (INDEX_CONFLICTS.contains(code)) {
                throw MangroveException.conflict("index-exists",
                        "An index with this name or these keys already exists; DELETE it first to change it");
            }
            if (code == INDEX_NOT_FOUND) {
                throw MangroveException.notFound("index-not-found", "The collection has no such index");
            }
            throw MongoErrors.map(e, namespace);
        }
    }

    /** The server's error code behind a driver failure, or 0. */
    static int serverCode(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof MongoCommandException command) {
                return command.getErrorCode();
            }
        }
        return 0;
    }

    private static Document describe(BsonDocument index) {
        Map<String, Object> shown = new LinkedHashMap<>();
        BsonValues.fromBsonDocument(index).forEach((field, value) -> {
            if (SHOWN.contains(field)) {
                shown.put(field, value);
            }
        });
        return new Document(shown);
    }
}
