package dev.mangrove.adapter.mongo;

import com.mongodb.reactivestreams.client.ClientSession;
import com.mongodb.reactivestreams.client.MongoClient;
import com.mongodb.reactivestreams.client.MongoCollection;
import dev.mangrove.application.port.out.DistinctStore;
import dev.mangrove.domain.query.Filter;
import dev.mangrove.domain.resource.Namespace;
import org.bson.BsonDocument;
import org.bson.BsonValue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.TimeUnit;

/** The distinct port over the {@code distinct} command. */
final class MongoDistinctStore implements DistinctStore {
    private final MongoClient client;
    private final long queryTimeLimitMillis;
    private final RegexGuard regexes;

    MongoDistinctStore(MongoClient client, Duration queryTimeLimit, RegexGuard regexes) {
        this.client = Objects.requireNonNull(client, "client");
        this.regexes = Objects.requireNonNull(regexes, "regexes");
        this.queryTimeLimitMillis = Objects.requireNonNull(queryTimeLimit, "queryTimeLimit").toMillis();
    }

    @Override
    public List<Object> distinct(Namespace namespace, String field, Filter filter) {
        try {
            BsonDocument query = regexes.check(QueryBson.filter(filter));
            MongoCollection<org.bson.Document> collection = client.getDatabase(namespace.database().value())
                    .getCollection(namespace.collection().value());
            // inside a transaction's request, in its session (docs/writes.md#transactions)
            ClientSession session = MongoTransactionStore.current();
            List<BsonValue> values = Blocking.all((session == null ? collection.distinct(field, query, BsonValue.class)
                    : collection.distinct(session, field, query, BsonValue.class))
                    .maxTime(queryTimeLimitMillis, TimeUnit.MILLISECONDS));
            List<Object> out = new ArrayList<>(values.size());
            for (BsonValue value : values) {
                out.add(BsonValues.fromBsonValue(value));
            }
            return out;
        } catch (RuntimeException e) {
            throw MongoErrors.map(e, namespace);
        }
    }
}
