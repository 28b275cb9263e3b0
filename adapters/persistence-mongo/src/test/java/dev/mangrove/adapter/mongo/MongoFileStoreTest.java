package dev.mangrove.adapter.mongo;

import com.mongodb.reactivestreams.client.MongoClient;
import com.mongodb.reactivestreams.client.MongoClients;
import dev.mangrove.application.port.out.FileStore;
import dev.mangrove.domain.document.Document;
import dev.mangrove.domain.error.ErrorKind;
import dev.mangrove.domain.error.MangroveException;
import dev.mangrove.domain.resource.Namespace;
import org.bson.BsonDocument;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Random;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** Uploads (docs/files.md): chunks in order with the SHA-256 of the whole content, nothing left behind on failure. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class MongoFileStoreTest {
    private static final int CHUNK = MongoFileStore.CHUNK_SIZE;
    private static InMemoryMongo mongo;
    private static MongoClient client;
    private static FileStore files;

    @BeforeAll
    static void start() {
        mongo = new InMemoryMongo(true);
        client = MongoClients.create(mongo.uri);
        files = mongo.backend.files();
    }

    @AfterAll
    static void stop() {
        client.close();
        mongo.close();
    }

    private static byte[] random(int size, long seed) {
        byte[] content = new byte[size];
        new Random(seed).nextBytes(content);
        return content;
    }

    private static FileStore.NewFile file() {
        return new FileStore.NewFile("f.bin", "application/octet-stream", Document.empty());
    }

    private static long chunks(Namespace bucket) {
        String name = bucket.collection().bucketName() + ".chunks";
        return Blocking.single(client.getDatabase(bucket.database().value()).getCollection(name)
                .countDocuments(new BsonDocument()));
    }

    /** Hands the content out a few bytes at a time, as a request body arrives, and fails after {@code failAfter}. */
    private static InputStream arriving(byte[] content, long failAfter) {
        return new InputStream() {
            private int given;

            @Override
            public int read() {
                throw new UnsupportedOperationException();
            }

            @Override
            public int read(byte[] b, int off, int len) {
                if (given >= failAfter) {
                    throw new UncheckedIOException(new IOException("connection reset"));
                }
                if (given == content.length) {
                    return -1;
                }
                int n = (int) Math.min(Math.min(Math.min(len, 8000), content.length - given), failAfter - given);
                System.arraycopy(content, given, b, off, n);
                given += n;
                return n;
            }
        };
    }

    @Test
    void aFileOfManyChunksRoundTripsWithTheSha256OfItsWholeContent() throws Exception {
        Namespace bucket = Namespace.of("filestore", "many.files");
        files.prepareBucket(bucket);
        byte[] content = random(23 * CHUNK + 1234, 1);

        FileStore.UploadedFile uploaded = files.upload(bucket, null, file(), arriving(content, Long.MAX_VALUE),
                Long.MAX_VALUE);

        assertEquals(content.length, uploaded.length());
        assertEquals(HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content)),
                uploaded.sha256());
        assertEquals(24, chunks(bucket));
        ByteArrayOutputStream downloaded = new ByteArrayOutputStream();
        files.download(bucket, uploaded.id(), CHUNK, 0, content.length, downloaded);
        assertArrayEquals(content, downloaded.toByteArray());
    }

    @Test
    void aFileOfExactlyOneChunkAndAnEmptyFileHaveTheirSha256() throws Exception {
        Namespace bucket = Namespace.of("filestore", "edges.files");
        files.prepareBucket(bucket);
        for (byte[] content : new byte[][] {random(CHUNK, 2), new byte[0]}) {
            FileStore.UploadedFile uploaded = files.upload(bucket, null, file(), arriving(content, Long.MAX_VALUE),
                    Long.MAX_VALUE);

            assertEquals(HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content)),
                    uploaded.sha256());
        }
    }

    @Test
    void aContentThatFailsMidwayLeavesNoChunk() {
        Namespace bucket = Namespace.of("filestore", "aborted.files");
        files.prepareBucket(bucket);
        byte[] content = random(12 * CHUNK, 3);

        MangroveException e = assertThrows(MangroveException.class,
                () -> files.upload(bucket, null, file(), arriving(content, 9L * CHUNK + 100), Long.MAX_VALUE));

        assertEquals(ErrorKind.BAD_REQUEST, e.kind());
        assertEquals(0, chunks(bucket));
    }

    @Test
    void aContentLargerThanAllowedIsRefusedAtTheLimitAndLeavesNoChunk() {
        Namespace bucket = Namespace.of("filestore", "large.files");
        files.prepareBucket(bucket);
        byte[] content = random(12 * CHUNK, 4);

        MangroveException e = assertThrows(MangroveException.class,
                () -> files.upload(bucket, null, file(), arriving(content, Long.MAX_VALUE), 10L * CHUNK + 7));

        assertEquals(ErrorKind.PAYLOAD_TOO_LARGE, e.kind());
        assertEquals(0, chunks(bucket));
    }

    @Test
    void aContentOfExactlyTheLimitIsStored() throws Exception {
        Namespace bucket = Namespace.of("filestore", "limit.files");
        files.prepareBucket(bucket);
        byte[] content = random(3 * CHUNK + 7, 5);

        FileStore.UploadedFile uploaded = files.upload(bucket, null, file(), arriving(content, Long.MAX_VALUE),
                content.length);

        assertEquals(content.length, uploaded.length());
        assertEquals(4, chunks(bucket));
    }
}
