package dev.mangrove.adapter.mongo;

import com.mongodb.MongoClientSettings;
import com.mongodb.MongoNamespace;
import com.mongodb.ReadConcern;
import com.mongodb.ReadPreference;
import com.mongodb.client.result.DeleteResult;
import com.mongodb.client.result.InsertManyResult;
import com.mongodb.client.result.InsertOneResult;
import com.mongodb.client.result.UpdateResult;
import com.mongodb.reactivestreams.client.AggregatePublisher;
import com.mongodb.reactivestreams.client.ClientSession;
import com.mongodb.reactivestreams.client.DistinctPublisher;
import com.mongodb.reactivestreams.client.FindPublisher;
import com.mongodb.reactivestreams.client.MongoClient;
import com.mongodb.reactivestreams.client.MongoCollection;
import com.mongodb.reactivestreams.client.MongoDatabase;
import dev.mangrove.domain.document.Document;
import dev.mangrove.domain.query.Filter;
import dev.mangrove.domain.query.Projection;
import dev.mangrove.domain.query.Query;
import dev.mangrove.domain.query.Sort;
import dev.mangrove.domain.resource.Namespace;
import dev.mangrove.domain.write.Update;
import org.bson.BsonDocument;
import org.bson.codecs.configuration.CodecRegistries;
import org.junit.jupiter.api.Test;
import org.reactivestreams.Subscriber;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import java.lang.reflect.Proxy;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

/**
 * Inside a backend session's {@code run} every document read and write (aggregations and distinct included) passes the driver its client session (the
 * overloads taking a {@link ClientSession} first); outside it, none does (docs/writes.md#transactions).
 */
class MongoTransactionStoreTest {
    private static final Namespace NS = Namespace.of("bank", "accounts");

    /** Each collection call the store made: its name, and whether its first argument was the session. */
    private final List<String> calls = new ArrayList<>();
    private final ClientSession session = proxy(ClientSession.class, (method, args) -> null);
    private final MongoDocumentStore store = new MongoDocumentStore(client(), Duration.ofSeconds(5), () -> false,
            RegexGuard.forBackend(true));
    private final MongoAggregationStore aggregations = new MongoAggregationStore(client(), Duration.ofSeconds(5),
            RegexGuard.forBackend(true));
    private final MongoDistinctStore distinct = new MongoDistinctStore(client(), Duration.ofSeconds(5),
            RegexGuard.forBackend(true));

    @SuppressWarnings("unchecked")
    private static <T> T proxy(Class<T> type, java.util.function.BiFunction<java.lang.reflect.Method, Object[], Object> answer) {
        return (T) Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] {type}, (self, method, args) -> switch (method.getName()) {
            case "hashCode" -> System.identityHashCode(self);
            case "equals" -> self == args[0];
            case "toString" -> type.getSimpleName();
            default -> answer.apply(method, args);
        });
    }

    private MongoClient client() {
        MongoCollection<?> collection = proxy(MongoCollection.class, (method, args) -> {
            boolean inSession = args != null && args.length > 0 && args[0] == session;
            return switch (method.getName()) {
                // what the store reads of the collection itself, not calls
                case "getNamespace" -> new MongoNamespace(NS.database().value(), NS.collection().value());
                case "getReadConcern" -> ReadConcern.DEFAULT;
                case "getReadPreference" -> ReadPreference.primary();
                case "getTimeout" -> null;
                default -> collectionCall(method.getName(), inSession);
            };
        });
        MongoDatabase[] database = new MongoDatabase[1];
        database[0] = proxy(MongoDatabase.class, (method, args) -> switch (method.getName()) {
            case "getCollection" -> collection;
            case "withCodecRegistry" -> database[0];
            case "runCommand" -> {
                // a find by id outside a transaction: the find command, read by FindFirst
                boolean inSession = args[0] == session;
                calls.add("runCommand " + ((BsonDocument) args[inSession ? 1 : 0]).getFirstKey()
                        + (inSession ? " in session" : ""));
                yield Mono.just(new FindFirst.Reply(true, null, 0));
            }
            default -> throw new UnsupportedOperationException(method.getName());
        });
        return proxy(MongoClient.class, (method, args) -> method.getName().equals("getCodecRegistry")
                ? CodecRegistries.fromRegistries(CodecRegistries.fromCodecs(new DomainDocumentCodec(false)),
                        MongoClientSettings.getDefaultCodecRegistry())
                : database[0]);
    }

    private Object collectionCall(String name, boolean inSession) {
        calls.add(name + (inSession ? " in session" : ""));
        return switch (name) {
            case "find" -> publisher(FindPublisher.class);
            case "aggregate" -> publisher(AggregatePublisher.class);
            case "distinct" -> publisher(DistinctPublisher.class);
            case "countDocuments", "estimatedDocumentCount" -> Mono.just(0L);
            case "insertOne" -> Mono.just(InsertOneResult.acknowledged(null));
            case "insertMany" -> Mono.just(InsertManyResult.acknowledged(Map.of()));
            case "replaceOne", "updateOne", "updateMany" -> Mono.just(UpdateResult.acknowledged(1, 1L, null));
            case "deleteOne", "deleteMany" -> Mono.just(DeleteResult.acknowledged(1));
            case "findOneAndUpdate" -> Mono.empty();
            default -> throw new UnsupportedOperationException(name);
        };
    }

    /** A publisher of no results whose builder methods return itself. */
    private static <P> P publisher(Class<P> type) {
        Object[] self = new Object[1];
        self[0] = proxy(type, (method, args) -> {
            if (method.getName().equals("subscribe")) {
                @SuppressWarnings("unchecked")
                Subscriber<Object> subscriber = (Subscriber<Object>) args[0];
                Flux.empty().subscribe(subscriber);
                return null;
            }
            if (method.getName().equals("first")) {
                return Mono.empty();
            }
            return method.getReturnType() == type ? self[0] : null;
        });
        return type.cast(self[0]);
    }

    private void everyOperation() {
        try (var cursor = store.find(NS, new Query(Filter.eq("a", 1), Projection.none(), Sort.BY_ID, 0, 10))) {
            cursor.forEachRemaining(d -> { });
        }
        store.findById(NS, "a", Projection.none());
        store.count(NS, Filter.eq("a", 1));
        store.insertOne(NS, new Document(Map.of("_id", "a")));
        store.insertMany(NS, List.of(new Document(Map.of("_id", "b"))));
        store.replaceOne(NS, "a", new Document(Map.of("x", 1)), true);
        Update set = new Update(Map.of("$set", Map.of("x", 2)));
        store.updateOne(NS, "a", set, false);
        store.updateAndGet(NS, "a", set);
        store.deleteOne(NS, "a");
        store.replaceIfUnchanged(NS, new Document(Map.of("_id", "a")), new Document(Map.of("x", 1)));
        store.updateIfUnchanged(NS, new Document(Map.of("_id", "a")), set);
        store.deleteIfUnchanged(NS, new Document(Map.of("_id", "a")));
        store.updateMany(NS, Filter.eq("x", 1), set);
        store.deleteMany(NS, Filter.eq("x", 1));
        try (var cursor = aggregations.aggregate(NS, List.of(Map.of("$match", Map.of("a", 1))), 0, 10)) {
            cursor.forEachRemaining(d -> { });
        }
        distinct.distinct(NS, "a", Filter.eq("b", 1));
    }

    private static final List<String> OPERATIONS = List.of("find", "findById", "countDocuments", "insertOne",
            "insertMany", "replaceOne", "updateOne", "findOneAndUpdate", "deleteOne", "replaceOne", "findOneAndUpdate",
            "deleteOne", "updateMany", "deleteMany", "aggregate",
            "distinct");

    @Test
    void everyReadAndWriteInsideRunPassesTheClientSession() {
        new MongoTransactionStore.Session(session).run(this::everyOperation);
        // inside a transaction a find by id is the driver's find, with the session
        assertEquals(OPERATIONS.stream().map(name -> name.replace("findById", "find") + " in session").toList(), calls);
    }

    @Test
    void outsideRunNoCallHasASessionAndRunLeavesNoneBehind() {
        everyOperation();
        // outside one it is the find command run by FindFirst, with no session
        assertEquals(OPERATIONS.stream().map(name -> name.replace("findById", "runCommand find")).toList(), calls);
        new MongoTransactionStore.Session(session).run(() -> { });
        assertNull(MongoTransactionStore.current());
        try {
            new MongoTransactionStore.Session(session).run(() -> {
                throw new IllegalStateException("the request failed");
            });
        } catch (IllegalStateException expected) {
            // the work's failure passes through
        }
        assertNull(MongoTransactionStore.current(), "cleared even when the work fails");
    }

    @Test
    void theEstimatedCountInsideATransactionCountsWhatTheTransactionSees() {
        new MongoTransactionStore.Session(session).run(() -> store.estimatedCount(NS));
        assertEquals(List.of("countDocuments in session"), calls);
        calls.clear();
        store.estimatedCount(NS);
        assertEquals(List.of("estimatedDocumentCount"), calls);
    }
}
