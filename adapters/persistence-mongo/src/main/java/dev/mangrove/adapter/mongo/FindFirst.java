package dev.mangrove.adapter.mongo;

import com.mongodb.MongoException;
import com.mongodb.MongoExecutionTimeoutException;
import com.mongodb.MongoInterruptedException;
import com.mongodb.MongoTimeoutException;
import com.mongodb.ReadConcern;
import com.mongodb.reactivestreams.client.MongoClient;
import com.mongodb.reactivestreams.client.MongoCollection;
import com.mongodb.reactivestreams.client.MongoDatabase;
import dev.mangrove.domain.document.Document;
import org.bson.BsonArray;
import org.bson.BsonBoolean;
import org.bson.BsonDocument;
import org.bson.BsonInt32;
import org.bson.BsonInt64;
import org.bson.BsonReader;
import org.bson.BsonString;
import org.bson.BsonType;
import org.bson.BsonWriter;
import org.bson.codecs.Codec;
import org.bson.codecs.DecoderContext;
import org.bson.codecs.EncoderContext;
import org.bson.codecs.configuration.CodecRegistries;
import org.bson.codecs.configuration.CodecRegistry;

import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * The first document matching a filter, read as the {@code find} command the driver's {@code find(..).first()} sends
 * ({@code limit: 1, singleBatch: true}) through {@code runCommand}, its reply decoded straight into the domain
 * document. The driver's {@code find} builds a new reply codec on every call (a codec registry and a look-up for every
 * BSON type), about 5 % of the CPU of a GET by id (docs/performance.md#reference-route-seventh-pass); this reads
 * the same reply with one codec made once.
 * <p>
 * For reads outside transactions only (a transaction's session goes through the driver's {@code find}), and
 * without a client-side operation timeout ({@code timeoutMS} in the connection string: the driver then sets
 * {@code maxTimeMS} itself, and the driver's {@code find} is used). The collection's read preference and read concern
 * apply as they do to {@code find}. {@code runCommand} is not a retryable read: any driver failure other than a time
 * limit is answered by the driver's {@code find} ({@code fallback}), which retries as the driver does and fails as it
 * would.
 */
final class FindFirst {
    /** The most databases whose command handles are kept (the collections' cache has the same bound). */
    private static final int DATABASES = 1024;

    private final MongoClient client;
    private volatile CodecRegistry registry;
    private final ConcurrentHashMap<String, MongoDatabase> databases = new ConcurrentHashMap<>();

    /** Reads through {@code client}, decoding documents with its registry's codec of the domain document. */
    FindFirst(MongoClient client) {
        this.client = Objects.requireNonNull(client, "client");
    }

    /**
     * The first document of {@code collection} matching {@code filter}, projected by {@code projection} (none when
     * null), within {@code maxTimeMillis} on the server (none when 0); {@code fallback} when the command cannot tell.
     */
    Optional<Document> find(MongoCollection<Document> collection, BsonDocument filter, BsonDocument projection,
                            long maxTimeMillis, Supplier<Optional<Document>> fallback) {
        if (collection.getTimeout(TimeUnit.MILLISECONDS) != null) {
            return fallback.get(); // a client-side operation timeout (timeoutMS) sets maxTimeMS itself
        }
        BsonDocument command = new BsonDocument("find", new BsonString(collection.getNamespace().getCollectionName()));
        ReadConcern readConcern = collection.getReadConcern();
        if (!readConcern.isServerDefault()) {
            command.append("readConcern", readConcern.asDocument());
        }
        command.append("filter", filter);
        if (projection != null) {
            command.append("projection", projection);
        }
        command.append("limit", new BsonInt32(1)).append("singleBatch", BsonBoolean.TRUE);
        if (maxTimeMillis > 0) {
            command.append("maxTimeMS", new BsonInt64(maxTimeMillis));
        }
        MongoDatabase database = database(collection.getNamespace().getDatabaseName());
        Reply reply;
        try {
            reply = Blocking.first(database.runCommand(command, collection.getReadPreference(), Reply.class))
                    .orElse(null);
        } catch (MongoExecutionTimeoutException | MongoTimeoutException | MongoInterruptedException e) {
            throw e; // a time limit reached, or the caller gone: trying again would only take longer
        } catch (MongoException e) {
            return fallback.get();
        }
        if (reply == null || !reply.cursor()) {
            return fallback.get(); // not the reply of a find: let the driver read it
        }
        if (reply.cursorId() != 0) {
            close(database, collection.getNamespace().getCollectionName(), reply.cursorId());
        }
        return Optional.ofNullable(reply.first());
    }

    private MongoDatabase database(String name) {
        MongoDatabase known = databases.get(name);
        if (known != null) {
            return known;
        }
        CodecRegistry replies = registry;
        if (replies == null) { // made at the first read: the client's registry is its codecs, and this one's
            CodecRegistry clients = client.getCodecRegistry();
            replies = CodecRegistries.fromRegistries(
                    CodecRegistries.fromCodecs(new ReplyCodec(clients.get(Document.class))), clients);
            registry = replies;
        }
        MongoDatabase created = client.getDatabase(name).withCodecRegistry(replies);
        if (databases.size() >= DATABASES) {
            databases.clear();
        }
        databases.put(name, created);
        return created;
    }

    /** Kills a cursor the server kept open despite {@code singleBatch}, without waiting for the answer. */
    private static void close(MongoDatabase database, String collection, long cursorId) {
        BsonDocument kill = new BsonDocument("killCursors", new BsonString(collection))
                .append("cursors", new BsonArray(java.util.List.of(new BsonInt64(cursorId))));
        // a failure is left alone: the server drops an idle cursor by itself after its timeout
        Blocking.firstAsync(database.runCommand(kill, BsonDocument.class));
    }

    /**
     * What a {@code find} reply holds for this read.
     *
     * @param cursor   whether the reply had a {@code cursor} (a reply without one is not a find's)
     * @param first    the first document of the first batch, null when it is empty
     * @param cursorId the cursor's id, 0 once the server closed it
     */
    record Reply(boolean cursor, Document first, long cursorId) {
    }

    /** Reads {@code {cursor: {firstBatch: [...], id}, ...}}, decoding the first document only. */
    static final class ReplyCodec implements Codec<Reply> {
        private final Codec<Document> documents;

        ReplyCodec(Codec<Document> documents) {
            this.documents = documents;
        }

        @Override
        public Reply decode(BsonReader reader, DecoderContext context) {
            boolean cursor = false;
            Document first = null;
            long cursorId = 0;
            reader.readStartDocument();
            while (reader.readBsonType() != BsonType.END_OF_DOCUMENT) {
                if (!reader.readName().equals("cursor") || reader.getCurrentBsonType() != BsonType.DOCUMENT) {
                    reader.skipValue();
                    continue;
                }
                cursor = true;
                reader.readStartDocument();
                while (reader.readBsonType() != BsonType.END_OF_DOCUMENT) {
                    String name = reader.readName();
                    if (name.equals("firstBatch") && reader.getCurrentBsonType() == BsonType.ARRAY) {
                        reader.readStartArray();
                        while (reader.readBsonType() != BsonType.END_OF_DOCUMENT) {
                            if (first == null && reader.getCurrentBsonType() == BsonType.DOCUMENT) {
                                first = documents.decode(reader, context);
                            } else {
                                reader.skipValue();
                            }
                        }
                        reader.readEndArray();
                    } else if (name.equals("id") && reader.getCurrentBsonType() == BsonType.INT64) {
                        cursorId = reader.readInt64();
                    } else {
                        reader.skipValue();
                    }
                }
                reader.readEndDocument();
            }
            reader.readEndDocument();
            return new Reply(cursor, first, cursorId);
        }

        @Override
        public void encode(BsonWriter writer, Reply value, EncoderContext context) {
            throw new UnsupportedOperationException("a find reply is only read");
        }

        @Override
        public Class<Reply> getEncoderClass() {
            return Reply.class;
        }
    }
}
