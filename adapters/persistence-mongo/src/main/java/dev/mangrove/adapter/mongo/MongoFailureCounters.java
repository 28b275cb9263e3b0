package dev.mangrove.adapter.mongo;

import com.mongodb.client.model.Filters;
import com.mongodb.client.model.FindOneAndUpdateOptions;
import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.Indexes;
import com.mongodb.client.model.ReturnDocument;
import com.mongodb.client.model.Updates;
import com.mongodb.reactivestreams.client.MongoClient;
import com.mongodb.reactivestreams.client.MongoCollection;
import dev.mangrove.application.port.out.FailureCounters;
import dev.mangrove.domain.error.MangroveException;
import dev.mangrove.domain.resource.Namespace;
import org.bson.BsonDateTime;
import org.bson.BsonDocument;
import org.bson.BsonInt64;
import org.bson.BsonString;
import org.bson.BsonValue;
import org.bson.conversions.Bson;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Failure counters in one collection, {@code {_id: key, count, last, expires}}: {@code $inc} on a live
 * counter, else an expired one is reset or a new one inserted (an insert that loses to another instance's
 * retries the increment), so concurrent failures on several instances are all counted. A TTL index on
 * {@code expires} removes old counters on MongoDB; a sweep at most once a minute does it on backends without
 * TTL support (mongo-java-server).
 */
final class MongoFailureCounters implements FailureCounters {
    private static final System.Logger LOG = System.getLogger(MongoFailureCounters.class.getName());
    private static final String COUNT = "count";
    private static final String LAST = "last";
    private static final String EXPIRES = "expires";
    private static final long SWEEP_EVERY_MILLIS = 60_000;

    private final MongoCollection<BsonDocument> counters;
    private final Namespace namespace;
    private final AtomicBoolean indexed = new AtomicBoolean();
    private final AtomicLong lastSweep = new AtomicLong();

    MongoFailureCounters(MongoClient client, Namespace namespace) {
        Objects.requireNonNull(client, "client");
        this.namespace = Objects.requireNonNull(namespace, "namespace");
        this.counters = client.getDatabase(namespace.database().value())
                .getCollection(namespace.collection().value(), BsonDocument.class);
    }

    @Override
    public Map<String, Count> read(Set<String> keys, Instant now) {
        List<BsonValue> ids = new ArrayList<>();
        keys.forEach(k -> ids.add(new BsonString(k)));
        List<BsonDocument> found;
        try {
            found = Blocking.all(counters.find(Filters.and(Filters.in("_id", ids), live(now))));
        } catch (RuntimeException e) {
            throw MongoErrors.map(e, namespace);
        }
        Map<String, Count> live = new HashMap<>();
        for (BsonDocument doc : found) {
            live.put(doc.getString("_id").getValue(), new Count(doc.getNumber(COUNT).longValue(),
                    Instant.ofEpochMilli(doc.getDateTime(LAST).getValue()),
                    Instant.ofEpochMilli(doc.getDateTime(EXPIRES).getValue())));
        }
        return live;
    }

    @Override
    public void add(String key, Instant now, Duration ttl, boolean sliding) {
        ensureIndex();
        sweep(now);
        BsonDateTime at = date(now);
        BsonDateTime until = date(now.plus(ttl));
        Bson increment = sliding
                ? Updates.combine(Updates.inc(COUNT, 1L), Updates.set(LAST, at), Updates.set(EXPIRES, until))
                : Updates.combine(Updates.inc(COUNT, 1L), Updates.set(LAST, at));
        BsonDocument fresh = new BsonDocument("_id", new BsonString(key)).append(COUNT, new BsonInt64(1))
                .append(LAST, at).append(EXPIRES, until);
        try {
            for (int attempt = 0; attempt < 3; attempt++) {
                if (Blocking.first(counters.findOneAndUpdate(Filters.and(Filters.eq("_id", key), live(now)), increment,
                        new FindOneAndUpdateOptions().returnDocument(ReturnDocument.AFTER))).isPresent()) {
                    return;
                }
                if (Blocking.single(counters.replaceOne(Filters.and(Filters.eq("_id", key),
                        Filters.lte(EXPIRES, at)), fresh)).getMatchedCount() > 0) {
                    return;
                }
                try {
                    Blocking.single(counters.insertOne(fresh));
                    return;
                } catch (RuntimeException e) {
                    if (!MongoErrors.map(e, namespace).code().equals("duplicate-key")) {
                        throw e;
                    }
                    // another instance created it meanwhile: count on it
                }
            }
        } catch (MangroveException e) {
            throw e;
        } catch (RuntimeException e) {
            throw MongoErrors.map(e, namespace);
        }
    }

    @Override
    public void forget(String key) {
        try {
            Blocking.single(counters.deleteOne(Filters.eq("_id", key)));
        } catch (RuntimeException e) {
            throw MongoErrors.map(e, namespace);
        }
    }

    private static Bson live(Instant now) {
        return Filters.gt(EXPIRES, date(now));
    }

    private static BsonDateTime date(Instant instant) {
        return new BsonDateTime(instant.toEpochMilli());
    }

    private void ensureIndex() {
        if (indexed.compareAndSet(false, true)) {
            try {
                Blocking.single(counters.createIndex(Indexes.ascending(EXPIRES),
                        new IndexOptions().expireAfter(0L, TimeUnit.SECONDS)));
            } catch (RuntimeException e) {
                LOG.log(System.Logger.Level.DEBUG, "No TTL index on the failure counters; swept instead", e);
            }
        }
    }

    private void sweep(Instant now) {
        long last = lastSweep.get();
        if (now.toEpochMilli() - last < SWEEP_EVERY_MILLIS || !lastSweep.compareAndSet(last, now.toEpochMilli())) {
            return;
        }
        try {
            Blocking.single(counters.deleteMany(Filters.lte(EXPIRES, date(now))));
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.DEBUG, "Sweeping expired failure counters failed", e);
        }
    }
}
