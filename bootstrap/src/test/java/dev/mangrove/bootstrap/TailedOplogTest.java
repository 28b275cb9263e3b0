package dev.mangrove.bootstrap;

import com.mongodb.reactivestreams.client.MongoClient;
import com.mongodb.reactivestreams.client.MongoClients;
import com.mongodb.reactivestreams.client.MongoDatabase;
import org.bson.Document;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import reactor.core.publisher.Mono;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The in-memory embedded backend's change streams read only the oplog entries after their last event
 * (docs/performance.md#change-streams): mongo-java-server scans its whole oplog on every {@code getMore}, which
 * at 25 {@code getMore}s a second per stream grew with the oplog up to its cap. Raw commands, as Mangrove's
 * embedded change-stream feed sends them.
 */
class TailedOplogTest {
    private static final long OPLOG_CAP = 1024 * 1024;

    @TempDir
    Path dataDir;

    @Test
    void aGetMoreReadsOnlyTheEntriesAfterItsLastEvent() {
        try (EmbeddedBackend backend = EmbeddedBackend.start(dataDir, true);
             MongoClient client = MongoClients.create(backend.uri())) {
            MongoDatabase db = client.getDatabase("tail");
            insert(db, 0, 2_000);
            TailedOplog oplog = backend.tailedOplog().orElseThrow();
            long cursor = open(db, new Document());
            long before = oplog.entriesRead();
            List<Integer> seen = new ArrayList<>();
            for (int round = 0; round < 20; round++) {
                insert(db, 10_000 + round * 3, 3);
                seen.addAll(ids(getMore(db, cursor)));
            }
            List<Integer> expected = new ArrayList<>();
            for (int round = 0; round < 20; round++) {
                for (int i = 0; i < 3; i++) {
                    expected.add(10_000 + round * 3 + i);
                }
            }
            assertEquals(expected, seen, "every event once, in order");
            long read = oplog.entriesRead() - before;
            // a scan reads 2,000+ entries per getMore (40,000+ here); the tail reads an event's entry and the last one
            assertTrue(read <= 20 * 3 * 2, read + " entries read for 60 events");
        }
    }

    @Test
    void concurrentWritersLoseNoEventToAStreamReadingMeanwhile() throws Exception {
        try (EmbeddedBackend backend = EmbeddedBackend.start(dataDir, true);
             MongoClient client = MongoClients.create(backend.uri())) {
            MongoDatabase db = client.getDatabase("tail");
            long cursor = open(db, new Document());
            int writes = 4_000;
            java.util.concurrent.CompletableFuture<Void> writers = java.util.concurrent.CompletableFuture.runAsync(() ->
                    reactor.core.publisher.Flux.range(0, writes)
                            .flatMap(i -> db.getCollection("docs").insertOne(new Document("_id", i)), 32)
                            .blockLast());
            List<Integer> seen = new ArrayList<>();
            while (!writers.isDone()) {
                seen.addAll(ids(getMore(db, cursor)));
            }
            writers.get();
            for (List<Document> batch = getMore(db, cursor); !batch.isEmpty(); batch = getMore(db, cursor)) {
                seen.addAll(ids(batch));
            }
            assertEquals(writes, seen.size(), "each write's event once");
            assertEquals(writes, new java.util.HashSet<>(seen).size(), "no event twice");
        }
    }

    @Test
    void aStreamResumesAfterATokenAndTrimmedEntriesLeaveTheIndex() {
        EmbeddedStoreSettings settings = new EmbeddedStoreSettings(OPLOG_CAP, Duration.ofHours(1), Duration.ZERO);
        try (EmbeddedBackend backend = EmbeddedBackend.start(dataDir, true, settings);
             MongoClient client = MongoClients.create(backend.uri())) {
            MongoDatabase db = client.getDatabase("tail");
            long cursor = open(db, new Document());
            insert(db, 0, 3_000);
            List<Document> events = new ArrayList<>();
            for (List<Document> batch = getMore(db, cursor); !batch.isEmpty(); batch = getMore(db, cursor)) {
                events.addAll(batch);
            }
            assertEquals(3_000, events.size());
            assertTrue(backend.upkeep() > 0, "the oplog was over its cap");
            TailedOplog oplog = backend.tailedOplog().orElseThrow();
            long kept = ((Number) Mono.from(client.getDatabase("local").getCollection("oplog.rs").countDocuments())
                    .block()).longValue();
            assertEquals(kept, oplog.indexed(), "the index holds what the oplog holds");
            Document token = events.get(2_990).get("_id", Document.class);
            Document reply = command(db, new Document("resumeAfter", token));
            long resumed = ((Number) reply.get("id")).longValue();
            List<Integer> after = new ArrayList<>(ids(reply.getList("firstBatch", Document.class)));
            for (List<Document> batch = getMore(db, resumed); !batch.isEmpty(); batch = getMore(db, resumed)) {
                after.addAll(ids(batch));
            }
            assertEquals(List.of(2_991, 2_992, 2_993, 2_994, 2_995, 2_996, 2_997, 2_998, 2_999), after);
        }
    }

    private static void insert(MongoDatabase db, int first, int count) {
        List<Document> docs = new ArrayList<>();
        for (int i = first; i < first + count; i++) {
            docs.add(new Document("_id", i).append("filler", "x".repeat(500)));
        }
        for (Document doc : docs) {
            Mono.from(db.getCollection("docs").insertOne(doc)).block();
        }
    }

    private static long open(MongoDatabase db, Document spec) {
        Document cursor = command(db, spec);
        assertTrue(cursor.getList("firstBatch", Document.class).isEmpty());
        return ((Number) cursor.get("id")).longValue();
    }

    private static Document command(MongoDatabase db, Document spec) {
        return Mono.from(db.runCommand(new Document("aggregate", "docs")
                .append("pipeline", List.of(new Document("$changeStream", spec)))
                .append("cursor", new Document("batchSize", 100)))).block().get("cursor", Document.class);
    }

    private static List<Document> getMore(MongoDatabase db, long cursor) {
        Document reply = Mono.from(db.runCommand(new Document("getMore", cursor).append("collection", "docs")
                .append("batchSize", 100))).block();
        return reply.get("cursor", Document.class).getList("nextBatch", Document.class);
    }

    private static List<Integer> ids(List<Document> events) {
        return events.stream().map(e -> e.get("documentKey", Document.class).getInteger("_id")).toList();
    }
}
