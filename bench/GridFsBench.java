// The two helpers of bench/files.sh, run as a single-file program on the server's classpath:
//   java -cp "bootstrap/target/lib/*" bench/GridFsBench.java backend <port> <h2-file | memory>
//       a standalone mongo-java-server, in memory or on an H2 file (the backend both measured processes use)
//   java -Xmx256m -cp "bootstrap/target/lib/*" bench/GridFsBench.java reference <uri> <file>
//       the reference transfer: the reactive driver's own GridFS upload (uploadFromPublisher) of <file>
//       and download (downloadToPublisher) to nowhere; prints "upload <seconds>" and "download <seconds>"
//   java -Xmx1g -cp "bootstrap/target/lib/*" bench/GridFsBench.java serve <uri> <file>
//       the same transfers on request, so that bench/files.sh can interleave them with Mangrove's in one run: reads
//       "upload" or "download" lines on stdin and answers each, once done, with "done <heap peak above idle, MiB>"
import com.mongodb.reactivestreams.client.MongoClient;
import com.mongodb.reactivestreams.client.MongoClients;
import com.mongodb.reactivestreams.client.gridfs.GridFSBucket;
import com.mongodb.reactivestreams.client.gridfs.GridFSBuckets;
import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.h2.H2Backend;
import org.bson.types.ObjectId;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicLong;

public class GridFsBench {
    public static void main(String[] args) throws Exception {
        switch (args[0]) {
            case "backend" -> backend(Integer.parseInt(args[1]), args[2]);
            case "reference" -> reference(args[1], Path.of(args[2]));
            case "serve" -> serve(args[1], Path.of(args[2]));
            default -> throw new IllegalArgumentException("backend | reference | serve");
        }
    }

    static void backend(int port, String file) throws InterruptedException {
        MongoServer server = new MongoServer(file.equals("memory")
                ? new de.bwaldvogel.mongo.backend.memory.MemoryBackend() : new H2Backend(file));
        server.bind(new InetSocketAddress("127.0.0.1", port));
        System.out.println("backend listening on " + port);
        Thread.currentThread().join();
    }

    /** The peak heap used since the last reset, sampled every 20 ms (as the script samples the server's). */
    static final AtomicLong PEAK = new AtomicLong();

    static double cpuSeconds() {
        return ((com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory
                .getOperatingSystemMXBean()).getProcessCpuTime() / 1e9;
    }

    static long used() {
        return java.lang.management.ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }

    static void reference(String uri, Path file) throws IOException {
        Thread sampler = Thread.ofPlatform().daemon().start(() -> {
            while (true) {
                PEAK.accumulateAndGet(used(), Math::max);
                try {
                    Thread.sleep(20);
                } catch (InterruptedException e) {
                    return;
                }
            }
        });
        try (MongoClient client = MongoClients.create(uri)) {
            GridFSBucket bucket = GridFSBuckets.create(client.getDatabase("bench"), "reference");
            Mono.from(client.getDatabase("bench").runCommand(new org.bson.Document("ping", 1))).block();
            System.gc();
            long idle = used();
            PEAK.set(idle);
            double cpu = cpuSeconds();
            long start = System.nanoTime();
            Flux<ByteBuffer> source = Flux.using(() -> Files.newInputStream(file), in -> Flux.generate(sink -> {
                try {
                    byte[] buffer = in.readNBytes(255 * 1024);
                    if (buffer.length == 0) {
                        sink.complete();
                    } else {
                        sink.next(ByteBuffer.wrap(buffer));
                    }
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }), GridFsBench::closeQuietly);
            ObjectId id = Mono.from(bucket.uploadFromPublisher("reference.bin", source)).block();
            System.out.printf("upload %.3f %.1f%n", (System.nanoTime() - start) / 1e9, cpuSeconds() - cpu);
            System.out.printf("upload_heap_mib %d%n", (PEAK.get() - idle) >> 20);
            System.gc();
            idle = used();
            PEAK.set(idle);
            cpu = cpuSeconds();
            start = System.nanoTime();
            AtomicLong bytes = new AtomicLong();
            Flux.from(bucket.downloadToPublisher(id)).limitRate(2)
                    .doOnNext(b -> bytes.addAndGet(b.remaining())).blockLast();
            System.out.printf("download %.3f %.1f%n", (System.nanoTime() - start) / 1e9, cpuSeconds() - cpu);
            System.out.printf("download_heap_mib %d%n", (PEAK.get() - idle) >> 20);
            System.out.println("bytes " + bytes.get());
            Mono.from(bucket.delete(id)).block();
        }
        sampler.interrupt();
    }

    static Flux<ByteBuffer> fileContent(Path file) {
        return Flux.using(() -> Files.newInputStream(file), in -> Flux.generate(sink -> {
            try {
                byte[] buffer = in.readNBytes(255 * 1024);
                if (buffer.length == 0) {
                    sink.complete();
                } else {
                    sink.next(ByteBuffer.wrap(buffer));
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }), GridFsBench::closeQuietly);
    }

    static void serve(String uri, Path file) throws IOException {
        Thread.ofPlatform().daemon().start(() -> {
            while (true) {
                PEAK.accumulateAndGet(used(), Math::max);
                try {
                    Thread.sleep(20);
                } catch (InterruptedException e) {
                    return;
                }
            }
        });
        java.io.BufferedReader commands = new java.io.BufferedReader(new java.io.InputStreamReader(System.in));
        try (MongoClient client = MongoClients.create(uri)) {
            GridFSBucket bucket = GridFSBuckets.create(client.getDatabase("bench"), "reference");
            Mono.from(client.getDatabase("bench").runCommand(new org.bson.Document("ping", 1))).block();
            ObjectId id = null;
            System.out.println("ready");
            for (String command = commands.readLine(); command != null; command = commands.readLine()) {
                System.gc();
                long idle = used();
                PEAK.set(idle);
                switch (command.trim()) {
                    case "upload" -> {
                        if (id != null) {
                            Mono.from(bucket.delete(id)).block();
                        }
                        id = Mono.from(bucket.uploadFromPublisher("reference.bin", fileContent(file))).block();
                    }
                    case "download" -> {
                        AtomicLong bytes = new AtomicLong();
                        Flux.from(bucket.downloadToPublisher(id)).limitRate(2)
                                .doOnNext(b -> bytes.addAndGet(b.remaining())).blockLast();
                        if (bytes.get() != Files.size(file)) {
                            throw new IllegalStateException("downloaded " + bytes.get() + " bytes");
                        }
                    }
                    default -> throw new IllegalArgumentException(command);
                }
                System.out.println("done " + ((PEAK.get() - idle) >> 20));
            }
        }
    }

    private static void closeQuietly(InputStream in) {
        try {
            in.close();
        } catch (IOException ignored) {
            // nothing to do
        }
    }
}
