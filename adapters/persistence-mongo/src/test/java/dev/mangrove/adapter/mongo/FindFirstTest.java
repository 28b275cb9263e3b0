package dev.mangrove.adapter.mongo;

import com.mongodb.MongoClientSettings;
import com.mongodb.MongoExecutionTimeoutException;
import com.mongodb.MongoNamespace;
import com.mongodb.MongoSocketReadException;
import com.mongodb.ReadConcern;
import com.mongodb.ReadPreference;
import com.mongodb.ServerAddress;
import com.mongodb.reactivestreams.client.MongoClient;
import com.mongodb.reactivestreams.client.MongoCollection;
import com.mongodb.reactivestreams.client.MongoDatabase;
import dev.mangrove.domain.document.Document;
import dev.mangrove.domain.query.Filter;
import dev.mangrove.domain.query.Projection;
import dev.mangrove.domain.resource.Namespace;
import org.bson.BsonArray;
import org.bson.BsonBinaryReader;
import org.bson.BsonDocument;
import org.bson.BsonInt32;
import org.bson.BsonInt64;
import org.bson.BsonString;
import org.bson.RawBsonDocument;
import org.bson.codecs.BsonDocumentCodec;
import org.bson.codecs.DecoderContext;
import org.bson.codecs.configuration.CodecRegistries;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import reactor.core.publisher.Mono;

import java.lang.reflect.Proxy;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A document by id read as the driver's own find command (FindFirst): the same command on the wire, the same answers,
 * the reply read by one codec, and the driver's find whenever the command fails for another reason than time.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class FindFirstTest {
    private static final Namespace NS = Namespace.of("firstdb", "items");
    private static InMemoryMongo mongo;

    @BeforeAll
    static void startServer() {
        mongo = new InMemoryMongo(false);
        Map<String, Object> nested = Map.of("k", 1, "list", List.of("a", Map.of("b", 2)));
        List<Document> documents = List.of(
                new Document(Map.of("_id", 1, "name", "one", "nested", nested, "tag", "odd")),
                new Document(Map.of("_id", 2, "name", "two", "tag", "even")),
                new Document(Map.of("_id", "s", "name", "string id")));
        assertTrue(mongo.backend.documents().insertMany(NS, documents).errors().isEmpty());
    }

    @AfterAll
    static void stopServer() {
        mongo.close();
    }

    private static BsonDocument reply(BsonDocument cursor) {
        return new BsonDocument("cursor", cursor).append("ok", new BsonInt32(1))
                .append("$clusterTime", new BsonDocument("clusterTime", new BsonInt64(5)));
    }

    private static FindFirst.Reply decode(BsonDocument reply) {
        RawBsonDocument raw = new RawBsonDocument(reply, new BsonDocumentCodec());
        FindFirst.ReplyCodec codec = new FindFirst.ReplyCodec(new DomainDocumentCodec(false));
        try (BsonBinaryReader reader = new BsonBinaryReader(ByteBuffer.wrap(raw.getByteBuffer().array(), 0,
                raw.getByteBuffer().remaining()))) {
            return codec.decode(reader, DecoderContext.builder().build());
        }
    }

    @Test
    void theReplyCodecReadsTheFirstDocumentOfTheFirstBatchAndTheCursorId() {
        BsonArray batch = new BsonArray(List.of(new BsonDocument("_id", new BsonInt32(1)).append("a", new BsonString("x")),
                new BsonDocument("_id", new BsonInt32(2))));
        FindFirst.Reply two = decode(reply(new BsonDocument("firstBatch", batch).append("id", new BsonInt64(0))
                .append("ns", new BsonString("firstdb.items"))));
        assertTrue(two.cursor());
        assertEquals(new Document(Map.of("_id", 1, "a", "x")), two.first());
        assertEquals(0, two.cursorId());

        FindFirst.Reply open = decode(reply(new BsonDocument("id", new BsonInt64(77))
                .append("firstBatch", new BsonArray(List.of(new BsonInt32(5), new BsonDocument("_id", new BsonInt32(3)))))));
        assertEquals(new Document(Map.of("_id", 3)), open.first(), "a value that is not a document is skipped");
        assertEquals(77, open.cursorId(), "an id before the batch counts too");

        FindFirst.Reply empty = decode(reply(new BsonDocument("firstBatch", new BsonArray()).append("id", new BsonInt64(0))));
        assertTrue(empty.cursor());
        assertNull(empty.first());

        FindFirst.Reply none = decode(new BsonDocument("ok", new BsonInt32(1)).append("n", new BsonInt32(1)));
        assertFalse(none.cursor(), "a reply without a cursor is not a find's");
        assertFalse(decode(new BsonDocument("cursor", new BsonString("x"))).cursor());
    }

    @Test
    void sendsTheDriversFindCommandAndGetsItsAnswers() {
        MongoDocumentStore store = new MongoDocumentStore(mongo.backend.client(), Duration.ofSeconds(7), () -> false,
                RegexGuard.forBackend(false));
        MongoCollection<Document> collection = mongo.backend.client().getDatabase("firstdb").getCollection("items", Document.class);
        List<Object> ids = List.of(1, 2, "s", 42);
        List<Projection> projections = List.of(Projection.none(), new Projection(Map.of("name", 1)),
                new Projection(Map.of("nested", 0, "tag", 0)));
        List<Filter> scopes = List.of(Filter.ALL, Filter.eq("tag", "odd"));
        for (Object id : ids) {
            for (Projection projection : projections) {
                for (Filter scope : scopes) {
                    BsonDocument spec = QueryBson.projection(projection);
                    var find = collection.find(QueryBson.byId(id, scope)).maxTime(7, TimeUnit.SECONDS);
                    int before = mongo.commands.size();
                    Optional<Document> expected = Blocking.first((spec == null ? find : find.projection(spec)).first());
                    BsonDocument driversCommand = sent(before);
                    before = mongo.commands.size();
                    Optional<Document> found = store.findById(NS, id, scope, projection);
                    BsonDocument command = sent(before);
                    String what = "id " + id + ", " + projection + ", scope " + scope;
                    assertEquals(expected, found, what);
                    assertEquals(driversCommand, command, what);
                }
            }
        }
    }

    /** The one find command started since {@code before}, without the fields the driver adds to every command. */
    private static BsonDocument sent(int before) {
        List<InMemoryMongo.Command> since = mongo.commands.subList(before, mongo.commands.size());
        assertEquals(1, since.size(), () -> "one command, got " + since);
        assertEquals("find", since.get(0).name());
        BsonDocument command = new BsonDocument();
        since.get(0).body().forEach(command::put);
        for (String field : Set.of("$db", "lsid", "$clusterTime", "$readPreference")) {
            command.remove(field);
        }
        return command;
    }

    @Test
    void anotherFailureThanTimeGoesToTheDriversFindAndATimeLimitDoesNot() {
        AtomicInteger fallbacks = new AtomicInteger();
        Optional<Document> answer = Optional.of(new Document(Map.of("_id", 1)));
        FindFirst socketFails = new FindFirst(client(Mono.error(new MongoSocketReadException("reset",
                new ServerAddress()))));
        assertSame(answer, socketFails.find(collection(ReadConcern.DEFAULT), new BsonDocument(), null, 0, () -> {
            fallbacks.incrementAndGet();
            return answer;
        }));
        assertEquals(1, fallbacks.get());

        FindFirst noCursor = new FindFirst(client(Mono.just(new FindFirst.Reply(false, null, 0))));
        assertSame(answer, noCursor.find(collection(ReadConcern.DEFAULT), new BsonDocument(), null, 0, () -> {
            fallbacks.incrementAndGet();
            return answer;
        }));
        assertEquals(2, fallbacks.get());

        FindFirst slow = new FindFirst(client(Mono.error(new MongoExecutionTimeoutException(50, "time limit"))));
        assertThrows(MongoExecutionTimeoutException.class, () -> slow.find(collection(ReadConcern.DEFAULT),
                new BsonDocument(), null, 0, () -> {
                    fallbacks.incrementAndGet();
                    return answer;
                }));
        assertEquals(2, fallbacks.get(), "a time limit is not tried again");
    }

    @Test
    void aCollectionsReadConcernIsSentAsFindSendsIt() {
        BsonDocument[] command = new BsonDocument[1];
        FindFirst first = new FindFirst(client(Mono.just(new FindFirst.Reply(true, null, 0)), command));
        first.find(collection(ReadConcern.MAJORITY), new BsonDocument("_id", new BsonInt32(1)), null, 250, Optional::empty);
        assertEquals(new BsonDocument("level", new BsonString("majority")), command[0].getDocument("readConcern"));
        assertEquals(new BsonInt64(250), command[0].get("maxTimeMS"));
        first.find(collection(ReadConcern.DEFAULT), new BsonDocument("_id", new BsonInt32(1)), null, 0, Optional::empty);
        assertFalse(command[0].containsKey("readConcern"), "the server's default is not sent");
        assertFalse(command[0].containsKey("maxTimeMS"), "no limit is not sent");
    }

    @SuppressWarnings("unchecked")
    private static <T> T proxy(Class<T> type, java.util.function.BiFunction<java.lang.reflect.Method, Object[], Object> answer) {
        return (T) Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] {type}, (self, method, args) -> answer.apply(method, args));
    }

    private static MongoClient client(Mono<?> answer) {
        return client(answer, new BsonDocument[1]);
    }

    /** A client whose databases answer every runCommand with {@code answer}, keeping the last command in {@code sent}. */
    private static MongoClient client(Mono<?> answer, BsonDocument[] sent) {
        MongoDatabase[] database = new MongoDatabase[1];
        database[0] = proxy(MongoDatabase.class, (method, args) -> switch (method.getName()) {
            case "withCodecRegistry" -> database[0];
            case "runCommand" -> {
                sent[0] = (BsonDocument) args[0];
                yield answer;
            }
            default -> throw new UnsupportedOperationException(method.getName());
        });
        return proxy(MongoClient.class, (method, args) -> method.getName().equals("getCodecRegistry")
                ? CodecRegistries.fromRegistries(CodecRegistries.fromCodecs(new DomainDocumentCodec(false)),
                        MongoClientSettings.getDefaultCodecRegistry())
                : database[0]);
    }

    @Test
    void aCursorTheServerKeptOpenIsKilled() {
        BsonDocument[] command = new BsonDocument[1];
        Document found = new Document(Map.of("_id", 1));
        FindFirst first = new FindFirst(client(Mono.just(new FindFirst.Reply(true, found, 77)), command));
        assertEquals(Optional.of(found), first.find(collection(ReadConcern.DEFAULT), new BsonDocument(), null, 0,
                Optional::empty));
        assertEquals(new BsonDocument("killCursors", new BsonString("items"))
                .append("cursors", new BsonArray(List.of(new BsonInt64(77)))), command[0]);
    }

    @Test
    void withAClientSideOperationTimeoutTheDriversFindIsUsed() {
        BsonDocument[] command = new BsonDocument[1];
        FindFirst first = new FindFirst(client(Mono.just(new FindFirst.Reply(true, null, 0)), command));
        Optional<Document> answer = Optional.of(new Document(Map.of("_id", 1)));
        assertSame(answer, first.find(collection(ReadConcern.DEFAULT, 500L), new BsonDocument(), null, 250, () -> answer));
        assertNull(command[0], "no command of its own: the driver sets maxTimeMS from timeoutMS");
    }

    private static MongoCollection<Document> collection(ReadConcern readConcern) {
        return collection(readConcern, null);
    }

    @SuppressWarnings("unchecked")
    private static MongoCollection<Document> collection(ReadConcern readConcern, Long timeoutMillis) {
        return proxy(MongoCollection.class, (method, args) -> switch (method.getName()) {
            case "getNamespace" -> new MongoNamespace("firstdb", "items");
            case "getReadConcern" -> readConcern;
            case "getReadPreference" -> ReadPreference.primary();
            case "getTimeout" -> timeoutMillis;
            default -> throw new UnsupportedOperationException(method.getName());
        });
    }
}
