package dev.mangrove.adapter.mongo;

import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Updates;
import com.mongodb.reactivestreams.client.MongoCollection;
import dev.mangrove.application.port.out.ChangeEvent;
import dev.mangrove.application.port.out.ChangeFeed;
import dev.mangrove.domain.document.Document;
import dev.mangrove.domain.error.MangroveException;
import dev.mangrove.domain.resource.CollectionName;
import dev.mangrove.domain.resource.DatabaseName;
import dev.mangrove.domain.resource.Namespace;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Change streams on mongo-java-server with its oplog on, as the embedded backend runs it. */
class MongoChangeStreamStoreTest {
    private static final Namespace NS = new Namespace(new DatabaseName("cs"), new CollectionName("items"));
    private InMemoryMongo mongo;
    private MongoCollection<org.bson.Document> items;

    @BeforeEach
    void start() {
        mongo = new InMemoryMongo(true);
        mongo.server.enableOplog();
        items = mongo.backend.client().getDatabase("cs").getCollection("items");
        Mono.from(items.insertOne(new org.bson.Document("_id", "before"))).block();
    }

    @AfterEach
    void stop() {
        mongo.close();
    }

    private static List<ChangeEvent> take(ChangeFeed feed, int n) {
        List<ChangeEvent> out = new ArrayList<>();
        for (int tries = 0; out.size() < n && tries < 200; tries++) {
            feed.next(Duration.ofMillis(100)).ifPresent(out::add);
        }
        return out;
    }

    @Test
    void deliversInsertUpdateDeleteAfterItOpenedAndResumesAfterAToken() {
        ChangeStreamStoreFixture fixture = new ChangeStreamStoreFixture();
        try (ChangeFeed feed = mongo.backend.changeStreams().watch(NS, List.of(), null)) {
            Mono.from(items.insertOne(new org.bson.Document("_id", "a").append("n", 1))).block();
            Mono.from(items.updateOne(Filters.eq("_id", "a"), Updates.set("n", 2))).block();
            Mono.from(items.deleteOne(Filters.eq("_id", "a"))).block();
            List<ChangeEvent> events = take(feed, 3);
            assertEquals(List.of("insert", "update", "delete"),
                    events.stream().map(e -> e.event().get("operationType")).toList(), "not the insert of 'before'");
            assertEquals("a", field(events.get(0).event().get("fullDocument"), "_id"));
            assertEquals("a", field(events.get(2).event().get("documentKey"), "_id"));
            fixture.token = events.get(0).token();
        }
        try (ChangeFeed resumed = mongo.backend.changeStreams().watch(NS, List.of(), fixture.token)) {
            assertEquals(List.of("update", "delete"), take(resumed, 2).stream()
                    .map(e -> e.event().get("operationType")).toList());
            assertEquals(Optional.empty(), resumed.next(Duration.ofMillis(200)));
        }
    }

    @Test
    void aTokenTheOplogDoesNotHoldIsLostNotAReplayFromTheStart() {
        MangroveException e = assertThrows(MangroveException.class,
                () -> mongo.backend.changeStreams().watch(NS, List.of(), "0badc0de").close());
        assertEquals("resume-token-not-found", e.code());
    }

    @Test
    void appliesTheStages() {
        List<Map<String, Object>> stages = List.of(Map.of("$match", Map.of("fullDocument.n", Map.of("$gt", 5))));
        try (ChangeFeed feed = mongo.backend.changeStreams().watch(NS, stages, null)) {
            Mono.from(items.insertOne(new org.bson.Document("_id", "small").append("n", 1))).block();
            Mono.from(items.insertOne(new org.bson.Document("_id", "big").append("n", 9))).block();
            List<ChangeEvent> events = take(feed, 1);
            assertEquals("big", field(events.get(0).event().get("fullDocument"), "_id"));
            assertEquals(Optional.empty(), feed.next(Duration.ofMillis(200)));
        }
    }

    @Test
    void aTokenThatIsNotOneFailsClearly() {
        MangroveException e = assertThrows(MangroveException.class, () -> {
            try (ChangeFeed feed = mongo.backend.changeStreams().watch(NS, List.of(), "zz-not-a-token")) {
                feed.next(Duration.ofMillis(500));
            }
        });
        assertNotNull(e.code());
        assertTrue(e.kind().ordinal() >= 0);
    }

    private static Object field(Object document, String name) {
        return document instanceof Document d ? d.get(name) : ((Map<?, ?>) document).get(name);
    }

    private static final class ChangeStreamStoreFixture {
        String token;
    }
}
