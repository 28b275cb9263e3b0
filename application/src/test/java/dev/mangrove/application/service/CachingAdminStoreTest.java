package dev.mangrove.application.service;

import dev.mangrove.application.port.out.AdminStore;
import dev.mangrove.domain.document.Document;
import dev.mangrove.domain.resource.DatabaseName;
import dev.mangrove.domain.resource.Namespace;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;

class CachingAdminStoreTest {
    private static final DatabaseName DB = Namespace.of("shop", "x").database();
    private final AtomicLong now = new AtomicLong();
    private final CountingStore store = new CountingStore();
    private final CachingAdminStore cache = CachingAdminStore.create(store, Duration.ofSeconds(1), now::get);

    @Test
    void readsTheBackendOncePerTtl() {
        store.saved.put("orders", doc("v", 1));
        Optional<Document> first = cache.metadata(DB, "orders");
        assertSame(first.get(), cache.metadata(DB, "orders").get());
        assertEquals(1, store.reads);
        store.saved.put("orders", doc("v", 2)); // changed elsewhere: seen once the entry is a second old
        now.addAndGet(Duration.ofMillis(999).toNanos());
        assertEquals(1, cache.metadata(DB, "orders").get().get("v"));
        now.addAndGet(Duration.ofMillis(1).toNanos());
        assertEquals(2, cache.metadata(DB, "orders").get().get("v"));
        assertEquals(2, store.reads);
    }

    @Test
    void aChangeThroughThisInstanceAppliesAtOnce() {
        assertFalse(cache.metadata(DB, "orders").isPresent());
        cache.saveMetadata(DB, "orders", doc("jsonSchema", Map.of("schemaId", "s")));
        assertEquals(Map.of("schemaId", "s"), cache.metadata(DB, "orders").get().get("jsonSchema"));
        cache.deleteMetadata(DB, "orders");
        assertFalse(cache.metadata(DB, "orders").isPresent());
        cache.saveMetadataIfUnchanged(DB, "orders", null, doc("v", 3));
        assertEquals(3, cache.metadata(DB, "orders").get().get("v"));
        store.saved.put("orders", doc("v", 4));
        cache.dropCollection(Namespace.of("shop", "orders"));
        assertEquals(4, cache.metadata(DB, "orders").get().get("v"), "a drop forgets the database's entries");
        assertEquals(5, store.reads, "one read after each change, none in between");
    }

    @Test
    void staysBounded() {
        for (int i = 0; i < CachingAdminStore.MAX_ENTRIES * 3; i++) {
            cache.metadata(DB, "c" + i);
        }
        assertEquals(true, cache.size() <= CachingAdminStore.MAX_ENTRIES, "entries: " + cache.size());
    }

    private static Document doc(String key, Object value) {
        Map<String, Object> fields = new HashMap<>();
        fields.put(key, value);
        return new Document(fields);
    }

    private static final class CountingStore implements AdminStore {
        final Map<String, Document> saved = new HashMap<>();
        int reads;

        @Override
        public void createCollection(Namespace namespace, Document options) {
        }

        @Override
        public void dropCollection(Namespace namespace) {
        }

        @Override
        public void dropDatabase(DatabaseName database) {
        }

        @Override
        public Optional<Document> metadata(DatabaseName database, String key) {
            reads++;
            return Optional.ofNullable(saved.get(key));
        }

        @Override
        public void saveMetadata(DatabaseName database, String key, Document metadata) {
            saved.put(key, metadata);
        }

        @Override
        public boolean saveMetadataIfUnchanged(DatabaseName database, String key, Document current, Document metadata) {
            saved.put(key, metadata);
            return true;
        }

        @Override
        public void deleteMetadata(DatabaseName database, String key) {
            saved.remove(key);
        }
    }
}
