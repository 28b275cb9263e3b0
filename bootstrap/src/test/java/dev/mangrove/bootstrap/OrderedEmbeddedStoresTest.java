package dev.mangrove.bootstrap;

import com.mongodb.client.model.Filters;
import com.mongodb.reactivestreams.client.MongoClient;
import com.mongodb.reactivestreams.client.MongoClients;
import com.mongodb.reactivestreams.client.MongoCollection;
import org.bson.Document;
import org.bson.conversions.Bson;
import org.bson.types.Decimal128;
import org.bson.types.ObjectId;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import java.math.BigDecimal;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

/**
 * Reads sorted by {@code _id} alone walk the embedded stores' ordered id index: every page must be exactly the
 * page a full sort gives (the sort {@code {_id: 1, none: 1}} is not "by _id alone", so it still sorts everything
 * and serves as the reference), for ids of mixed types, after inserts and deletes, and after a restart.
 */
class OrderedEmbeddedStoresTest {

    @TempDir
    Path dataDir;

    @ParameterizedTest(name = "in memory: {0}")
    @ValueSource(booleans = {true, false})
    void pagesByIdEqualThePagesOfAFullSort(boolean inMemory) {
        try (EmbeddedBackend backend = EmbeddedBackend.start(dataDir, inMemory);
             MongoClient client = MongoClients.create(backend.uri())) {
            MongoCollection<Document> items = client.getDatabase("t").getCollection("items");
            List<Document> docs = new ArrayList<>();
            for (int i = 0; i < 150; i++) {
                docs.add(new Document("_id", id(i)).append("n", i).append("even", i % 2 == 0));
            }
            Collections.shuffle(docs, new Random(7));
            Mono.from(items.insertMany(docs.subList(0, 100))).block();
            // a first ordered read builds the index; later writes must keep it right
            assertSamePages(items);
            Mono.from(items.insertMany(docs.subList(100, 150))).block();
            Mono.from(items.deleteMany(Filters.lt("n", 20))).block();
            Mono.from(items.updateMany(Filters.eq("even", true), new Document("$inc", new Document("n", 1000)))).block();
            Mono.from(items.replaceOne(Filters.eq("_id", id(31)), new Document("n", -1).append("even", false))).block();
            assertSamePages(items);
            // a null id once failed its insert (500) once the index was built: the index's map takes no null key
            MongoCollection<Document> nulls = client.getDatabase("t").getCollection("nulls");
            Mono.from(nulls.insertMany(docs.subList(0, 30))).block();
            assertSamePages(nulls);
            Mono.from(nulls.insertOne(new Document("_id", null).append("n", 500).append("even", false))).block();
            Mono.from(nulls.insertOne(new Document("_id", new org.bson.types.MinKey()).append("n", 501).append("even", false)))
                    .block();
            assertSamePages(nulls);
            Mono.from(nulls.deleteOne(Filters.eq("_id", null))).block();
            assertSamePages(nulls);
        }
        if (!inMemory) { // the index of a reopened file is rebuilt from its documents
            try (EmbeddedBackend backend = EmbeddedBackend.start(dataDir, false);
                 MongoClient client = MongoClients.create(backend.uri())) {
                assertSamePages(client.getDatabase("t").getCollection("items"));
            }
        }
    }

    private static Object id(int i) {
        return switch (i % 6) {
            case 0 -> i;
            case 1 -> (long) i * 1_000_000_000L;
            case 2 -> "s" + (char) ('a' + i % 26) + i;
            case 3 -> new ObjectId(String.format("%024x", i * 7919L));
            case 4 -> i + 0.5;
            default -> new Decimal128(new BigDecimal(i).negate());
        };
    }

    private static void assertSamePages(MongoCollection<Document> items) {
        int total = Math.toIntExact(Mono.from(items.countDocuments()).block());
        assertFalse(total == 0);
        for (Bson filter : List.of(new Document(), Filters.eq("even", false), Filters.gte("n", 1000))) {
            for (int direction : new int[] {1, -1}) {
                List<Object> reference = ids(items, filter, new Document("_id", direction).append("none", 1), 0, 0);
                assertEquals(reference, ids(items, filter, new Document("_id", direction), 0, 0), "whole " + filter);
                for (int skip : new int[] {0, 7, 40, total}) {
                    for (int limit : new int[] {1, 10, 33}) {
                        List<Object> expected = reference.subList(Math.min(skip, reference.size()),
                                Math.min(skip + limit, reference.size()));
                        assertEquals(expected, ids(items, filter, new Document("_id", direction), skip, limit),
                                "filter " + filter + " direction " + direction + " skip " + skip + " limit " + limit);
                    }
                }
            }
        }
    }

    private static List<Object> ids(MongoCollection<Document> items, Bson filter, Bson sort, int skip, int limit) {
        return Flux.from(items.find(filter).sort(sort).skip(skip).limit(limit)).map(d -> (Object) java.util.Optional.ofNullable(d.get("_id")))
                .collectList().block();
    }
}
