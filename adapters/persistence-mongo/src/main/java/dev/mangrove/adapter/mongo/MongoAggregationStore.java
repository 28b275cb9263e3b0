package dev.mangrove.adapter.mongo;

import com.mongodb.reactivestreams.client.AggregatePublisher;
import com.mongodb.reactivestreams.client.ClientSession;
import com.mongodb.reactivestreams.client.MongoClient;
import com.mongodb.reactivestreams.client.MongoCollection;
import dev.mangrove.application.port.out.AggregationStore;
import dev.mangrove.application.port.out.DocumentCursor;
import dev.mangrove.domain.document.Document;
import dev.mangrove.domain.resource.Namespace;
import org.bson.BsonDocument;
import org.bson.BsonInt64;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.TimeUnit;

/** The aggregation port over the {@code aggregate} command; results stream with backpressure. */
final class MongoAggregationStore implements AggregationStore {
    private final MongoClient client;
    private final long queryTimeLimitMillis;
    private final RegexGuard regexes;

    MongoAggregationStore(MongoClient client, Duration queryTimeLimit, RegexGuard regexes) {
        this.client = Objects.requireNonNull(client, "client");
        this.regexes = Objects.requireNonNull(regexes, "regexes");
        this.queryTimeLimitMillis = Objects.requireNonNull(queryTimeLimit, "queryTimeLimit").toMillis();
    }

    @Override
    public DocumentCursor aggregate(Namespace namespace, List<Map<String, Object>> stages, long skip, long limit) {
        if (limit == 0) {
            return DocumentCursor.of(List.of());
        }
        try {
            List<BsonDocument> pipeline = pipeline(stages, skip, limit);
            MongoCollection<Document> collection = client.getDatabase(namespace.database().value())
                    .getCollection(namespace.collection().value(), Document.class);
            // inside a transaction's request, in its session (docs/writes.md#transactions)
            ClientSession session = MongoTransactionStore.current();
            AggregatePublisher<Document> publisher = (session == null ? collection.aggregate(pipeline, Document.class)
                    : collection.aggregate(session, pipeline, Document.class))
                    .maxTime(queryTimeLimitMillis, TimeUnit.MILLISECONDS)
                    // bounded memory: MongoDB's 100 MB per stage, no spilling to disk (on by default since 6.0)
                    .allowDiskUse(false)
                    .batchSize(MongoDocumentStore.BATCH);
            return StreamingCursor.open(publisher, MongoDocumentStore.BATCH, failure -> MongoErrors.map(failure, namespace));
        } catch (RuntimeException e) {
            throw MongoErrors.map(e, namespace);
        }
    }

    private List<BsonDocument> pipeline(List<Map<String, Object>> stages, long skip, long limit) {
        List<BsonDocument> pipeline = new ArrayList<>(stages.size() + 2);
        for (Map<String, Object> stage : stages) {
            @SuppressWarnings("unchecked")
            Map<String, Object> plain = (Map<String, Object>) plain(stage);
            pipeline.add(regexes.check(BsonValues.toBsonDocument(plain)));
        }
        if (skip > 0) {
            pipeline.add(new BsonDocument("$skip", new BsonInt64(skip)));
        }
        if (limit > 0) {
            pipeline.add(new BsonDocument("$limit", new BsonInt64(limit)));
        }
        return pipeline;
    }

    /** The value with every nested {@link Document} as a plain map (depth is bounded by the JSON parser). */
    private static Object plain(Object value) {
        return switch (value) {
            case Document document -> plain(document.fields());
            case Map<?, ?> map -> {
                Map<String, Object> out = new LinkedHashMap<>();
                map.forEach((k, v) -> out.put((String) k, plain(v)));
                yield out;
            }
            case List<?> list -> {
                List<Object> out = new ArrayList<>(list.size());
                list.forEach(v -> out.add(plain(v)));
                yield out;
            }
            case null, default -> value;
        };
    }
}
