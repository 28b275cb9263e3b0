package dev.mangrove.adapter.mongo;

import com.mongodb.client.model.Filters;
import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.Indexes;
import com.mongodb.client.model.Sorts;
import com.mongodb.client.model.Updates;
import com.mongodb.reactivestreams.client.MongoClient;
import com.mongodb.reactivestreams.client.MongoCollection;
import dev.mangrove.application.port.out.ApiKeyStore;
import dev.mangrove.application.port.out.StoredApiKey;
import dev.mangrove.domain.error.MangroveException;
import dev.mangrove.domain.resource.Namespace;
import org.bson.BsonArray;
import org.bson.BsonDateTime;
import org.bson.BsonDocument;
import org.bson.BsonString;
import org.bson.BsonValue;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * API keys in one collection (docs/security.md#api-keys): {@code {_id: name, hash: "<sha-256 hex>", roles: [...],
 * created: date, lastUsed: date}}, with a unique index on {@code hash}. The key itself is never stored, and
 * failures are mapped without the document.
 */
final class MongoApiKeyStore implements ApiKeyStore {
    private static final System.Logger LOG = System.getLogger(MongoApiKeyStore.class.getName());
    static final String HASH = "hash";
    private static final String ROLES = "roles";
    private static final String CREATED = "created";
    private static final String LAST_USED = "lastUsed";

    private final MongoCollection<BsonDocument> keys;
    private final Namespace namespace;
    private final AtomicBoolean indexed = new AtomicBoolean();

    MongoApiKeyStore(MongoClient client, Namespace namespace) {
        Objects.requireNonNull(client, "client");
        this.namespace = Objects.requireNonNull(namespace, "namespace");
        this.keys = client.getDatabase(namespace.database().value())
                .getCollection(namespace.collection().value(), BsonDocument.class);
    }

    @Override
    public boolean create(StoredApiKey key) {
        ensureIndex();
        BsonArray roles = new BsonArray();
        key.roles().forEach(role -> roles.add(new BsonString(role)));
        BsonDocument doc = new BsonDocument("_id", new BsonString(key.name()))
                .append(HASH, new BsonString(key.hash()))
                .append(ROLES, roles)
                .append(CREATED, new BsonDateTime(key.created().toEpochMilli()));
        try {
            Blocking.single(keys.insertOne(doc));
            return true;
        } catch (RuntimeException e) {
            MangroveException mapped = MongoErrors.map(e, namespace);
            if (mapped.code().equals("duplicate-key")) {
                return false;
            }
            throw mapped;
        }
    }

    @Override
    public Optional<StoredApiKey> findByHash(String hash) {
        try {
            return Blocking.first(keys.find(Filters.eq(HASH, hash)).first()).flatMap(MongoApiKeyStore::toKey);
        } catch (RuntimeException e) {
            throw MongoErrors.map(e, namespace);
        }
    }

    @Override
    public List<StoredApiKey> list() {
        try {
            return Blocking.all(keys.find().sort(Sorts.ascending("_id"))).stream()
                    .flatMap(doc -> toKey(doc).stream()).toList();
        } catch (RuntimeException e) {
            throw MongoErrors.map(e, namespace);
        }
    }

    @Override
    public boolean delete(String name) {
        try {
            return Blocking.single(keys.deleteOne(Filters.eq("_id", name))).getDeletedCount() > 0;
        } catch (RuntimeException e) {
            throw MongoErrors.map(e, namespace);
        }
    }

    @Override
    public void touch(String name, Instant when) {
        try {
            Blocking.single(keys.updateOne(Filters.eq("_id", name),
                    Updates.set(LAST_USED, new BsonDateTime(when.toEpochMilli()))));
        } catch (RuntimeException e) {
            throw MongoErrors.map(e, namespace);
        }
    }

    private static Optional<StoredApiKey> toKey(BsonDocument doc) {
        BsonValue id = doc.get("_id");
        BsonValue hash = doc.get(HASH);
        if (id == null || !id.isString() || hash == null || !hash.isString()) {
            return Optional.empty();
        }
        List<String> roles = new ArrayList<>();
        BsonValue value = doc.get(ROLES);
        if (value != null && value.isArray()) {
            for (BsonValue role : value.asArray()) {
                if (role.isString()) {
                    roles.add(role.asString().getValue());
                }
            }
        }
        return Optional.of(new StoredApiKey(id.asString().getValue(), hash.asString().getValue(), roles,
                date(doc.get(CREATED)), date(doc.get(LAST_USED))));
    }

    private static Instant date(BsonValue value) {
        return value != null && value.isDateTime() ? Instant.ofEpochMilli(value.asDateTime().getValue()) : Instant.EPOCH;
    }

    /** A unique index on the digest: one read per lookup, and no two names for one key. */
    private void ensureIndex() {
        if (indexed.compareAndSet(false, true)) {
            try {
                Blocking.single(keys.createIndex(Indexes.ascending(HASH), new IndexOptions().unique(true)));
            } catch (RuntimeException e) {
                LOG.log(System.Logger.Level.WARNING, "Cannot index the API keys of " + namespace + " by digest: "
                        + e.getMessage());
            }
        }
    }
}
