package dev.mangrove.adapter.mongo;

import com.mongodb.MongoCommandException;
import com.mongodb.reactivestreams.client.MongoClient;
import dev.mangrove.application.port.out.IndexStore;
import dev.mangrove.domain.document.Document;
import dev.mangrove.domain.error.ErrorKind;
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

    /**
     * Index options the embedded mongo-java-server accepts but does not enforce (it keeps unique and sparse indexes
     * only): accepting them would answer 201 and then behave otherwise (docs/management.md#indexes).
     */
    private static final Set<String> NOT_ENFORCED_EMBEDDED = Set.of("partialFilterExpression", "expireAfterSeconds",
            "collation", "weights", "default_language", "language_override", "textIndexVersion");
    /** Key kinds whose queries the embedded backend cannot run ({@code $text}). */
    private static final Set<String> NOT_SUPPORTED_KINDS_EMBEDDED = Set.of("text");

    private final MongoClient client;
    private final boolean embedded;

    MongoIndexStore(MongoClient client, boolean embedded) {
        this.client = Objects.requireNonNull(client, "client");
        this.embedded = embedded;
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
        if (embedded) {
            refuseWhatTheEmbeddedBackendIgnores(keys, options);
        }
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

    private static void refuseWhatTheEmbeddedBackendIgnores(Document keys, Document options) {
        for (String option : new java.util.TreeSet<>(options.fields().keySet())) {
            if (NOT_ENFORCED_EMBEDDED.contains(option)) {
                throw notHonoured("The index option '" + option + "'");
            }
        }
        keys.fields().forEach((field, kind) -> {
            if (kind instanceof String k && NOT_SUPPORTED_KINDS_EMBEDDED.contains(k)) {
                throw notHonoured("A '" + k + "' index (key '" + field + "')");
            }
        });
    }

    private static MangroveException notHonoured(String what) {
        return MangroveException.of(ErrorKind.NOT_IMPLEMENTED, "not-implemented", what
                + " is not supported by the embedded backend (mongo-java-server), which would accept it and not enforce"
                + " it; nothing was created. Run Mangrove on a MongoDB server (mangrove.mongo.uri) to use it");
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
