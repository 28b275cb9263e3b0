package dev.mangrove.adapter.mongo;

import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.Indexes;
import com.mongodb.reactivestreams.client.MongoClient;
import com.mongodb.reactivestreams.client.MongoCollection;
import com.mongodb.reactivestreams.client.MongoDatabase;
import com.mongodb.reactivestreams.client.gridfs.GridFSBucket;
import com.mongodb.reactivestreams.client.gridfs.GridFSBuckets;
import dev.mangrove.application.port.out.FileStore;
import dev.mangrove.domain.error.ErrorKind;
import dev.mangrove.domain.error.MangroveException;
import dev.mangrove.domain.resource.Namespace;
import org.bson.BsonBinary;
import org.bson.BsonDateTime;
import org.bson.BsonDocument;
import org.bson.BsonInt32;
import org.bson.BsonInt64;
import org.bson.BsonObjectId;
import org.bson.BsonString;
import org.bson.BsonValue;
import org.bson.types.ObjectId;
import reactor.core.Exceptions;
import reactor.core.publisher.Flux;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.stream.Stream;

/**
 * GridFS buckets in the format every GridFS driver reads (docs/files.md): {@code {bucket}.files} documents and
 * {@code {bucket}.chunks} of {@value #CHUNK_SIZE} bytes. Buckets are dropped and files deleted with the driver's
 * {@link GridFSBucket}. Uploads write the chunks themselves, at most {@value #IN_FLIGHT} inserts in flight, so that
 * memory stays bounded whatever the file size (the driver's own upload keeps up to 256 chunk inserts in flight) and
 * the files document carries the SHA-256 from its first write. Downloads read only the chunks of the range asked,
 * at most {@value #DOWNLOAD_BATCH_BYTES} bytes of chunks requested ahead of the client.
 */
final class MongoFileStore implements FileStore {
    /** GridFS's default chunk size: 255 KiB. */
    static final int CHUNK_SIZE = 255 * 1024;
    /** How many chunk inserts an upload keeps in flight. */
    static final int IN_FLIGHT = 8;
    /** How many bytes of chunks a download asks the server for at a time (16 chunks of 255 KiB; at least 1 chunk). */
    static final int DOWNLOAD_BATCH_BYTES = 16 * CHUNK_SIZE;

    private final MongoClient client;
    private final MongoCatalogStore catalog;

    MongoFileStore(MongoClient client, MongoCatalogStore catalog) {
        this.client = Objects.requireNonNull(client, "client");
        this.catalog = Objects.requireNonNull(catalog, "catalog");
    }

    @Override
    public void prepareBucket(Namespace bucket) {
        try {
            Blocking.single(files(bucket).createIndex(Indexes.ascending("filename", "uploadDate")));
            Blocking.single(chunks(bucket).createIndex(Indexes.ascending("files_id", "n"), new IndexOptions().unique(true)));
        } catch (RuntimeException e) {
            throw MongoErrors.map(e, bucket);
        }
    }

    @Override
    public void dropBucket(Namespace bucket) {
        catalog.forget(bucket);
        catalog.forget(chunksNamespace(bucket));
        try {
            Blocking.first(gridFs(bucket).drop());
        } catch (RuntimeException e) {
            throw MongoErrors.map(e, bucket);
        }
        catalog.forget(bucket);
        catalog.forget(chunksNamespace(bucket));
    }

    @Override
    public UploadedFile upload(Namespace bucket, Object id, NewFile file, InputStream content, long maxBytes) {
        BsonValue fileId = id == null ? new BsonObjectId(new ObjectId()) : BsonValues.toBsonValue(id);
        MessageDigest sha = sha256();
        MongoCollection<BsonDocument> chunks = chunks(bucket);
        ArrayDeque<CompletableFuture<?>> inFlight = new ArrayDeque<>();
        long length = 0;
        int n = 0;
        try {
            while (true) {
                byte[] chunk = readChunk(content, maxBytes - length);
                if (chunk.length == 0) {
                    break;
                }
                length += chunk.length;
                if (length > maxBytes) {
                    throw MangroveException.of(ErrorKind.PAYLOAD_TOO_LARGE, "file-too-large",
                            "The file is larger than the " + maxBytes + " bytes allowed (mangrove.files.max-size)");
                }
                sha.update(chunk);
                BsonDocument document = new BsonDocument("files_id", fileId).append("n", new BsonInt32(n++))
                        .append("data", new BsonBinary(chunk));
                if (inFlight.size() >= IN_FLIGHT) {
                    await(inFlight.removeFirst());
                }
                inFlight.addLast(Blocking.firstAsync(chunks.insertOne(document)));
                if (chunk.length < CHUNK_SIZE) {
                    break;
                }
            }
            while (!inFlight.isEmpty()) {
                await(inFlight.removeFirst());
            }
            String digest = HexFormat.of().formatHex(sha.digest());
            BsonDocument filesDocument = new BsonDocument("_id", fileId)
                    .append("length", new BsonInt64(length))
                    .append("chunkSize", new BsonInt32(CHUNK_SIZE))
                    .append("uploadDate", new BsonDateTime(System.currentTimeMillis()))
                    .append("filename", new BsonString(file.filename()))
                    .append("contentType", new BsonString(file.contentType()))
                    .append("metadata", BsonValues.toBsonDocument(file.metadata().fields()))
                    .append("sha256", new BsonString(digest));
            Blocking.single(files(bucket).insertOne(filesDocument));
            return new UploadedFile(BsonValues.fromBsonValue(fileId), length, digest);
        } catch (RuntimeException e) {
            for (CompletableFuture<?> pending : inFlight) {
                try {
                    pending.join();
                } catch (RuntimeException ignored) {
                    // the chunks written are deleted below whatever became of this insert
                }
            }
            try {
                Blocking.first(chunks.deleteMany(new BsonDocument("files_id", fileId)));
            } catch (RuntimeException cleanup) {
                e.addSuppressed(cleanup);
            }
            throw e instanceof MangroveException known ? known : MongoErrors.map(e, bucket);
        }
    }

    /**
     * Reads up to one chunk, or one byte more than {@code room} when the content goes on beyond it: straight into the
     * array the chunk document keeps (a shorter copy only for the last chunk).
     */
    private static byte[] readChunk(InputStream content, long room) {
        int size = room >= CHUNK_SIZE ? CHUNK_SIZE : (int) Math.max(0, room) + 1; // no overflow at Long.MAX_VALUE
        try {
            byte[] chunk = new byte[size];
            int n = content.readNBytes(chunk, 0, size);
            return n == size ? chunk : Arrays.copyOf(chunk, n);
        } catch (IOException e) {
            throw aborted(e);
        } catch (MangroveException e) {
            throw e;
        } catch (RuntimeException e) {
            // the server's request stream fails this way when the client goes away
            throw aborted(e);
        }
    }

    private static MangroveException aborted(Exception cause) {
        return MangroveException.badRequest("upload-aborted", "The upload was interrupted before its end; nothing was "
                + "stored").withCause(cause);
    }

    private static void await(CompletableFuture<?> insert) {
        try {
            insert.get();
        } catch (InterruptedException e) {
            throw Blocking.interrupted(e);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            throw cause instanceof RuntimeException runtime ? runtime : new IllegalStateException(cause);
        }
    }

    @Override
    public void download(Namespace bucket, Object id, int chunkSize, long offset, long length, OutputStream target) {
        if (chunkSize < 1) {
            throw MangroveException.of(ErrorKind.INTERNAL, "corrupt-file", "The file has an invalid chunk size");
        }
        long first = offset / chunkSize;
        long last = (offset + length - 1) / chunkSize;
        BsonDocument filter = new BsonDocument("files_id", BsonValues.toBsonValue(id))
                .append("n", new BsonDocument("$gte", new BsonInt64(first)).append("$lte", new BsonInt64(last)));
        int batch = Math.max(1, DOWNLOAD_BATCH_BYTES / chunkSize);
        Stream<BsonDocument> stream = Flux.from(chunks(bucket).find(filter).sort(new BsonDocument("n", new BsonInt32(1)))
                .batchSize(batch)).toStream(batch);
        try (stream) {
            Iterator<BsonDocument> it = stream.iterator();
            long expected = first;
            long position = first * chunkSize;
            long remaining = length;
            while (remaining > 0) {
                BsonDocument chunk = next(it, bucket).orElseThrow(() -> corrupt("a chunk is missing"));
                if (chunk.getNumber("n").longValue() != expected) {
                    throw corrupt("a chunk is missing");
                }
                byte[] data = chunk.getBinary("data").getData();
                int from = (int) Math.max(0, offset - position);
                int to = (int) Math.min(data.length, from + remaining);
                if (to <= from && remaining > 0) {
                    throw corrupt("a chunk is shorter than the file says");
                }
                target.write(data, from, to - from);
                remaining -= to - from;
                position += data.length;
                expected++;
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Optional<BsonDocument> next(Iterator<BsonDocument> it, Namespace bucket) {
        try {
            return it.hasNext() ? Optional.of(it.next()) : Optional.empty();
        } catch (RuntimeException e) {
            Throwable cause = Exceptions.unwrap(e);
            if (cause instanceof InterruptedException) {
                throw Blocking.interrupted(cause);
            }
            throw MongoErrors.map(cause, bucket);
        }
    }

    private static MangroveException corrupt(String what) {
        return MangroveException.of(ErrorKind.INTERNAL, "corrupt-file", "The file cannot be read: " + what);
    }

    @Override
    public boolean delete(Namespace bucket, Object id) {
        BsonValue fileId = BsonValues.toBsonValue(id);
        try {
            // the driver's delete removes the files document, then the chunks; chunks left by an upload that never
            // wrote its files document are removed too
            Blocking.first(gridFs(bucket).delete(fileId));
            return true;
        } catch (com.mongodb.MongoGridFSException missing) {
            Blocking.first(chunks(bucket).deleteMany(new BsonDocument("files_id", fileId)));
            return false;
        } catch (RuntimeException e) {
            throw MongoErrors.map(e, bucket);
        }
    }

    private GridFSBucket gridFs(Namespace bucket) {
        MongoDatabase database = client.getDatabase(bucket.database().value());
        return GridFSBuckets.create(database, bucket.collection().bucketName());
    }

    private MongoCollection<BsonDocument> files(Namespace bucket) {
        return client.getDatabase(bucket.database().value()).getCollection(bucket.collection().value(), BsonDocument.class);
    }

    private MongoCollection<BsonDocument> chunks(Namespace bucket) {
        return client.getDatabase(bucket.database().value())
                .getCollection(chunksNamespace(bucket).collection().value(), BsonDocument.class);
    }

    private static Namespace chunksNamespace(Namespace bucket) {
        return new Namespace(bucket.database(),
                new dev.mangrove.domain.resource.CollectionName(bucket.collection().bucketName() + ".chunks"));
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }
}
