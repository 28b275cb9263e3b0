package dev.mangrove.bootstrap;

import com.mongodb.client.model.ReplaceOneModel;
import com.mongodb.client.model.WriteModel;
import com.mongodb.reactivestreams.client.MongoClient;
import com.mongodb.reactivestreams.client.MongoClients;
import com.mongodb.reactivestreams.client.MongoCollection;
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
 * The embedded H2 file stays within 3x its live data plus a small floor after churn
 * (docs/operations.md#size-of-the-embedded-store): the same 2,000 documents of about 1 KB replaced twelve
 * times in commands of 20 (each one a commit) grew the file to 60 times its live data, and it stayed there,
 * before compaction and an oplog cap (issue 20, item 11; here 1,000 documents replaced three times, which
 * is enough to see it). The upkeep is driven by hand (one round per call), with no retention, so that freed
 * chunks can be reused at once instead of after 45 s.
 */
class EmbeddedStoreSizeTest {
    private static final int DOCUMENTS = 1_000;
    private static final int ROUNDS = 3;
    private static final int PER_COMMAND = 20;
    private static final long OPLOG_CAP = 1024 * 1024;
    private static final long FLOOR = 2 * 1024 * 1024;

    @TempDir
    Path dataDir;

    @Test
    void theFileStaysWithinThreeTimesItsLiveDataAfterChurn() {
        EmbeddedStoreSettings settings = new EmbeddedStoreSettings(OPLOG_CAP, Duration.ofHours(1), Duration.ZERO);
        try (EmbeddedBackend backend = EmbeddedBackend.start(dataDir, false, settings);
             MongoClient client = MongoClients.create(backend.uri())) {
            MongoCollection<Document> docs = client.getDatabase("churn").getCollection("docs");
            String filler = "x".repeat(1000);
            for (int round = 0; round <= ROUNDS; round++) {
                List<WriteModel<Document>> batch = new ArrayList<>();
                for (int i = 0; i < DOCUMENTS; i++) {
                    Document doc = new Document("_id", i).append("round", round).append("filler", filler);
                    batch.add(new ReplaceOneModel<>(new Document("_id", i), doc,
                            new com.mongodb.client.model.ReplaceOptions().upsert(true)));
                    if (batch.size() == PER_COMMAND) {
                        Mono.from(docs.bulkWrite(batch)).block();
                        batch = new ArrayList<>();
                    }
                }
            }
            long live = ((Number) Mono.from(client.getDatabase("churn").runCommand(new Document("collStats", "docs")))
                    .block().get("size")).longValue();
            long grown = backend.fileSize();
            long bound = 3 * (live + OPLOG_CAP) + FLOOR;
            for (int round = 0; round < 10 && backend.fileSize() > bound; round++) {
                backend.upkeep();
            }
            assertTrue(backend.oplogSize() <= OPLOG_CAP, "oplog " + backend.oplogSize() + " over its cap " + OPLOG_CAP);
            assertTrue(backend.fileSize() <= bound, "file " + backend.fileSize() + " bytes for " + live
                    + " bytes live (bound " + bound + "; " + grown + " after the churn)");
        }
    }

    @Test
    void theOplogIsCappedInMemoryToo() {
        EmbeddedStoreSettings settings = new EmbeddedStoreSettings(OPLOG_CAP, Duration.ofHours(1), Duration.ZERO);
        try (EmbeddedBackend backend = EmbeddedBackend.start(dataDir, true, settings);
             MongoClient client = MongoClients.create(backend.uri())) {
            MongoCollection<Document> docs = client.getDatabase("churn").getCollection("docs");
            String filler = "x".repeat(1000);
            List<Document> batch = new ArrayList<>();
            for (int i = 0; i < 3_000; i++) {
                batch.add(new Document("_id", i).append("filler", filler));
            }
            Mono.from(docs.insertMany(batch)).block();
            assertTrue(backend.oplogSize() > OPLOG_CAP, "the oplog keeps every insert until the upkeep runs");

            assertTrue(backend.upkeep() > 0);

            assertTrue(backend.oplogSize() <= OPLOG_CAP, "oplog " + backend.oplogSize() + " over its cap " + OPLOG_CAP);
            assertTrue(backend.oplogSize() >= OPLOG_CAP / 2, "the newest entries are kept: " + backend.oplogSize());
            assertEquals(3_000L, Mono.from(docs.countDocuments()).block(), "the documents themselves are untouched");
        }
    }
}
