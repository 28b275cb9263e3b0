package dev.mangrove.adapter.mongo;

import com.mongodb.client.model.Filters;
import com.mongodb.client.model.ReplaceOptions;
import com.mongodb.client.model.Sorts;
import com.mongodb.reactivestreams.client.MongoClient;
import com.mongodb.reactivestreams.client.MongoCollection;
import dev.mangrove.application.port.out.StoredUser;
import dev.mangrove.application.port.out.UserRealm;
import dev.mangrove.domain.error.MangroveException;
import dev.mangrove.domain.resource.Namespace;
import org.bson.BsonArray;
import org.bson.BsonBoolean;
import org.bson.BsonDateTime;
import org.bson.BsonDocument;
import org.bson.BsonString;
import org.bson.BsonValue;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The MongoDB user realm (docs/security.md): documents {@code {_id: username, password: "$2a$…", roles: [...],
 * disabled: true (optional), tokensValidAfter: date (optional)}} in {@code mangrove.security.users-db}.{@code users-collection}. Failures are mapped without the
 * document, so no hash reaches a message.
 */
final class MongoUserRealm implements UserRealm {
    /** {@code true}: the user may not log in, and its tokens are refused. */
    static final String DISABLED = "disabled";
    /** A date: tokens issued before its second are refused (set on every save). */
    static final String TOKENS_VALID_AFTER = "tokensValidAfter";
    /** A date: when the user was created (absent for users written by hand or before it was kept). */
    static final String CREATED = "created";
    private final MongoCollection<BsonDocument> users;
    private final Namespace namespace;

    MongoUserRealm(MongoClient client, String database, String collection) {
        Objects.requireNonNull(client, "client");
        this.namespace = Namespace.of(database, collection);
        this.users = client.getDatabase(database).getCollection(collection, BsonDocument.class);
    }

    @Override
    public Optional<StoredUser> find(String username) {
        Optional<BsonDocument> found;
        try {
            found = Blocking.first(users.find(Filters.eq("_id", username)).first());
        } catch (RuntimeException e) {
            throw MongoErrors.map(e, namespace);
        }
        return found.flatMap(MongoUserRealm::toUser);
    }

    private static Optional<StoredUser> toUser(BsonDocument doc) {
        BsonValue id = doc.get("_id");
        BsonValue password = doc.get("password");
        if (id == null || !id.isString() || password == null || !password.isString()) {
            return Optional.empty();
        }
        List<String> roles = new ArrayList<>();
        BsonValue value = doc.get("roles");
        if (value != null && value.isArray()) {
            for (BsonValue role : value.asArray()) {
                if (role.isString()) {
                    roles.add(role.asString().getValue());
                }
            }
        }
        BsonValue disabled = doc.get(DISABLED);
        return Optional.of(new StoredUser(id.asString().getValue(), password.asString().getValue(), roles,
                disabled != null && disabled.isBoolean() && disabled.asBoolean().getValue(),
                date(doc.get(TOKENS_VALID_AFTER)), date(doc.get(CREATED))));
    }

    private static Instant date(BsonValue value) {
        return value != null && value.isDateTime() ? Instant.ofEpochMilli(value.asDateTime().getValue()) : Instant.EPOCH;
    }

    @Override
    public void save(StoredUser user) {
        try {
            Blocking.single(users.replaceOne(Filters.eq("_id", user.username()), document(user),
                    new ReplaceOptions().upsert(true)));
        } catch (RuntimeException e) {
            throw MongoErrors.map(e, namespace);
        }
    }

    /** An insert, which loses cleanly (duplicate key on {@code _id}) to a concurrent one. */
    @Override
    public boolean create(StoredUser user) {
        try {
            Blocking.single(users.insertOne(document(user)));
            return true;
        } catch (RuntimeException e) {
            MangroveException mapped = MongoErrors.map(e, namespace);
            if (mapped.code().equals("duplicate-key")) {
                return false;
            }
            throw mapped;
        }
    }

    private static BsonDocument document(StoredUser user) {
        BsonArray roles = new BsonArray();
        user.roles().forEach(role -> roles.add(new BsonString(role)));
        BsonDocument doc = new BsonDocument("_id", new BsonString(user.username()))
                .append("password", new BsonString(user.passwordHash()))
                .append("roles", roles);
        if (user.disabled()) {
            doc.append(DISABLED, BsonBoolean.TRUE);
        }
        if (!user.tokensValidAfter().equals(Instant.EPOCH)) {
            doc.append(TOKENS_VALID_AFTER, new BsonDateTime(user.tokensValidAfter().toEpochMilli()));
        }
        if (!user.created().equals(Instant.EPOCH)) {
            doc.append(CREATED, new BsonDateTime(user.created().toEpochMilli()));
        }
        return doc;
    }

    @Override
    public boolean delete(String username) {
        try {
            return Blocking.single(users.deleteOne(Filters.eq("_id", username))).getDeletedCount() > 0;
        } catch (RuntimeException e) {
            throw MongoErrors.map(e, namespace);
        }
    }

    /** Every well-formed user document, by {@code _id}. */
    @Override
    public List<StoredUser> list() {
        try {
            return Blocking.all(users.find().sort(Sorts.ascending("_id"))).stream()
                    .flatMap(doc -> toUser(doc).stream()).toList();
        } catch (RuntimeException e) {
            throw MongoErrors.map(e, namespace);
        }
    }

    @Override
    public long count() {
        try {
            return Blocking.single(users.countDocuments());
        } catch (RuntimeException e) {
            throw MongoErrors.map(e, namespace);
        }
    }
}
