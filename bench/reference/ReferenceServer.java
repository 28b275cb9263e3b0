// The reference route of bench/reference.sh (issue 18): the bare minimum a Helidon SE server with the same MongoDB
// driver does for a document by id, an insert and a ping, with no routing table, security, ETag, Extended JSON or
// access log. Mangrove's figures are reported as ratios to this server's, measured in the same run.
// Run with the jars Mangrove ships (bootstrap/target/lib): java -cp 'bootstrap/target/lib/*' ReferenceServer.java PORT URI
import com.mongodb.client.model.Filters;
import com.mongodb.reactivestreams.client.MongoClient;
import com.mongodb.reactivestreams.client.MongoClients;
import com.mongodb.reactivestreams.client.MongoCollection;
import io.helidon.http.HeaderNames;
import io.helidon.webserver.WebServer;
import org.bson.Document;
import org.reactivestreams.Subscriber;
import org.reactivestreams.Subscription;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;

public class ReferenceServer {
    public static void main(String[] args) {
        int port = Integer.parseInt(args[0]);
        MongoClient client = MongoClients.create(args[1]);
        MongoCollection<Document> items = client.getDatabase("bench").getCollection("items");
        MongoCollection<Document> posts = client.getDatabase("bench").getCollection("posts");
        WebServer.builder().port(port).routing(r -> r
                .get("/ping", (req, res) -> res.send("ok"))
                .get("/bench/items/{id}", (req, res) -> {
                    int id = Integer.parseInt(req.path().pathParameters().get("id"));
                    Document found = first(items.find(Filters.eq("_id", id)).first());
                    if (found == null) {
                        res.status(404).send();
                        return;
                    }
                    res.header(HeaderNames.CONTENT_TYPE, "application/json");
                    res.send(found.toJson().getBytes(StandardCharsets.UTF_8));
                })
                .post("/bench/posts", (req, res) -> {
                    Document doc = Document.parse(req.content().as(String.class));
                    first(posts.insertOne(doc));
                    res.status(201).header(HeaderNames.LOCATION, "/bench/posts/" + doc.get("_id")).send();
                })
                // the bench empties the posted collection before each POST measurement (bench/reference.sh)
                .delete("/bench/posts", (req, res) -> {
                    first(posts.deleteMany(new Document()));
                    res.status(204).send();
                }))
                .build().start();
        System.out.println("reference listening on " + port);
    }

    /** The first item of a publisher, waited for on the calling (virtual) thread. */
    private static <T> T first(org.reactivestreams.Publisher<T> publisher) {
        CompletableFuture<T> result = new CompletableFuture<>();
        publisher.subscribe(new Subscriber<T>() {
            public void onSubscribe(Subscription s) { s.request(1); }
            public void onNext(T t) { result.complete(t); }
            public void onError(Throwable t) { result.completeExceptionally(t); }
            public void onComplete() { result.complete(null); }
        });
        return result.join();
    }
}
