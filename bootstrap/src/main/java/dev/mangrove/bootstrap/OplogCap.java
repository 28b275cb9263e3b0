package dev.mangrove.bootstrap;

import de.bwaldvogel.mongo.MongoBackend;
import de.bwaldvogel.mongo.MongoCollection;
import de.bwaldvogel.mongo.MongoDatabase;
import de.bwaldvogel.mongo.bson.BsonTimestamp;
import de.bwaldvogel.mongo.bson.Document;
import de.bwaldvogel.mongo.wire.bson.BsonEncoder;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;

import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Caps the embedded backend's oplog ({@code local.oplog.rs}, which mongo-java-server keeps for change streams
 * and never trims): once it holds more than its maximum, the oldest entries are deleted until it holds
 * three quarters of it (docs/operations.md#size-of-the-embedded-store). A change stream cannot resume from a
 * token older than the oldest entry kept.
 */
final class OplogCap {
    static final String DATABASE = "local";
    static final String COLLECTION = "oplog.rs";
    private final MongoBackend backend;
    private final long maxBytes;

    OplogCap(MongoBackend backend, long maxBytes) {
        this.backend = Objects.requireNonNull(backend, "backend");
        this.maxBytes = maxBytes;
    }

    /** The oplog's size in BSON bytes as the backend counts it, 0 without an oplog. */
    long size() {
        MongoCollection<?> oplog = oplog();
        return oplog == null ? 0 : ((Number) oplog.getStats().get("size")).longValue();
    }

    /** Deletes the oldest entries if the oplog is over its maximum; returns how many. */
    int trim() {
        MongoCollection<?> oplog = oplog();
        if (oplog == null || size() <= maxBytes) {
            return 0;
        }
        // newest first; entries are written in timestamp order, but their _ids (random) do not keep it
        List<Document> entries = oplog.queryAllAsStream()
                .sorted(Comparator.comparing((Document d) -> (BsonTimestamp) d.get("ts")).reversed())
                .toList();
        Optional<TailedOplog> tailed = backend instanceof TailedOplog.Host host ? host.tailedOplog() : Optional.empty();
        long target = maxBytes / 4 * 3;
        long kept = 0;
        int removed = 0;
        for (Document entry : entries) {
            if (kept <= target) {
                kept += bsonSize(entry);
            } else {
                // one entry at a time: writers (which append to the oplog) wait for one removal at most
                oplog.removeDocument(entry);
                tailed.ifPresent(index -> index.forget(entry));
                removed++;
            }
        }
        return removed;
    }

    private MongoCollection<?> oplog() {
        MongoDatabase local = backend.resolveDatabase(DATABASE);
        return local == null ? null : local.resolveCollection(COLLECTION, false);
    }

    private static int bsonSize(Document document) {
        ByteBuf buffer = Unpooled.buffer();
        try {
            BsonEncoder.encodeDocument(document, buffer);
            return buffer.writerIndex();
        } finally {
            buffer.release();
        }
    }
}
