// The ceiling of an upload through Helidon (bench/files.sh; docs/performance.md#file-transfers): the same Helidon SE
// 4.2.6 WebServer and MongoDB driver as Mangrove, with none of Mangrove's routing, multipart parsing or SHA-256.
//   java -Xmx256m -Xmn32m -cp "bootstrap/target/lib/*" bench/UploadCeiling.java PORT MONGO_URI
//   POST /drain   reads the request body as Mangrove does (request.content().inputStream(), 255 KiB at a time) and
//                 discards it: the cost of receiving a body over HTTP and nothing else
//   POST /chunks  reads it the same way and inserts each 255 KiB into bench.ceiling.chunks with the driver (at most 8
//                 inserts in flight, as Mangrove): the driver's GridFS chunk writes, fed through HTTP
//   DELETE /chunks  empties bench.ceiling.chunks (not timed by the bench)
// Each POST answers with the number of bytes read.
import com.mongodb.reactivestreams.client.MongoClient;
import com.mongodb.reactivestreams.client.MongoClients;
import com.mongodb.reactivestreams.client.MongoCollection;
import io.helidon.webserver.WebServer;
import io.helidon.webserver.WebServerConfig;
import org.bson.BsonBinary;
import org.bson.BsonDocument;
import org.bson.BsonInt32;
import org.bson.BsonObjectId;
import org.bson.types.ObjectId;
import org.reactivestreams.Publisher;
import org.reactivestreams.Subscriber;
import org.reactivestreams.Subscription;

import java.io.InputStream;
import java.net.StandardSocketOptions;
import java.util.ArrayDeque;
import java.util.concurrent.CompletableFuture;

public class UploadCeiling {
    static final int CHUNK = 255 * 1024;

    public static void main(String[] args) {
        int port = Integer.parseInt(args[0]);
        MongoClient client = MongoClients.create(args[1]);
        MongoCollection<BsonDocument> chunks = client.getDatabase("bench").getCollection("ceiling.chunks",
                BsonDocument.class);
        WebServerConfig.Builder server = WebServer.builder().port(port);
        if (args.length > 2) { // the listener's SO_RCVBUF (Helidon 4.2.6 sets 4096 unless told)
            server.putListenerSocketOption(StandardSocketOptions.SO_RCVBUF, Integer.parseInt(args[2]));
        }
        server.routing(r -> r
                .post("/drain", (req, res) -> {
                    long total = 0;
                    byte[] chunk = new byte[CHUNK];
                    try (InputStream in = req.content().inputStream()) {
                        for (int n = in.readNBytes(chunk, 0, CHUNK); n > 0; n = in.readNBytes(chunk, 0, CHUNK)) {
                            total += n;
                        }
                    }
                    res.send(total + "\n");
                })
                .post("/chunks", (req, res) -> {
                    long total = 0;
                    int n = 0;
                    BsonObjectId fileId = new BsonObjectId(new ObjectId());
                    ArrayDeque<CompletableFuture<Object>> inFlight = new ArrayDeque<>();
                    try (InputStream in = req.content().inputStream()) {
                        while (true) {
                            byte[] chunk = new byte[CHUNK];
                            int read = in.readNBytes(chunk, 0, CHUNK);
                            if (read == 0) {
                                break;
                            }
                            total += read;
                            if (read < CHUNK) {
                                chunk = java.util.Arrays.copyOf(chunk, read);
                            }
                            if (inFlight.size() >= 8) {
                                inFlight.removeFirst().join();
                            }
                            inFlight.addLast(first(chunks.insertOne(new BsonDocument("files_id", fileId)
                                    .append("n", new BsonInt32(n++)).append("data", new BsonBinary(chunk)))));
                        }
                    }
                    inFlight.forEach(CompletableFuture::join);
                    res.send(total + "\n");
                })
                .delete("/chunks", (req, res) -> {
                    first(chunks.deleteMany(new BsonDocument())).join();
                    res.send("ok\n");
                }))
                .build().start();
        System.out.println("ceiling listening on " + port);
    }

    /** The first item of a publisher, as a future. */
    @SuppressWarnings("unchecked")
    private static CompletableFuture<Object> first(Publisher<?> publisher) {
        CompletableFuture<Object> result = new CompletableFuture<>();
        ((Publisher<Object>) publisher).subscribe(new Subscriber<Object>() {
            public void onSubscribe(Subscription s) { s.request(1); }
            public void onNext(Object t) { result.complete(t); }
            public void onError(Throwable t) { result.completeExceptionally(t); }
            public void onComplete() { result.complete(null); }
        });
        return result;
    }
}
