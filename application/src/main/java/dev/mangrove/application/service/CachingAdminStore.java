package dev.mangrove.application.service;

import dev.mangrove.application.port.out.AdminStore;
import dev.mangrove.domain.document.Document;
import dev.mangrove.domain.resource.DatabaseName;
import dev.mangrove.domain.resource.Namespace;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * The metadata of databases and collections remembered for a short time (docs/operations.md#running-several-instances):
 * every write asks whether its collection is bound to a JSON Schema, and every collection read reads its metadata
 * for the {@code ETag}, which cost one MongoDB round trip per request. A change made through this instance applies
 * to its next request at once (the entry is dropped); one made through another instance (or in MongoDB directly)
 * applies within {@code ttl}. A compare-and-swap that finds the metadata changed drops the entry too.
 */
public final class CachingAdminStore implements AdminStore {
    /** More entries than this and the expired ones are dropped (then all, if that is not enough). */
    static final int MAX_ENTRIES = 10_000;
    private final AdminStore store;
    private final long ttlNanos;
    private final LongSupplier clock;
    private final ConcurrentHashMap<Key, Entry> entries = new ConcurrentHashMap<>();

    private CachingAdminStore(AdminStore store, Duration ttl, LongSupplier clock) {
        this.store = Objects.requireNonNull(store, "store");
        this.ttlNanos = Objects.requireNonNull(ttl, "ttl").toNanos();
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** {@code store} with its metadata remembered for {@code ttl} ({@link Duration#ZERO}: not at all). */
    public static AdminStore create(AdminStore store, Duration ttl) {
        return ttl.isZero() ? store : new CachingAdminStore(store, ttl, System::nanoTime);
    }

    static CachingAdminStore create(AdminStore store, Duration ttl, LongSupplier clock) {
        return new CachingAdminStore(store, ttl, clock);
    }

    @Override
    public Optional<Document> metadata(DatabaseName database, String key) {
        Key k = new Key(database.value(), key);
        long now = clock.getAsLong();
        Entry cached = entries.get(k);
        if (cached != null && now - cached.readAt() < ttlNanos) {
            return cached.metadata();
        }
        Optional<Document> read = store.metadata(database, key);
        if (entries.size() >= MAX_ENTRIES) {
            entries.values().removeIf(e -> now - e.readAt() >= ttlNanos);
            if (entries.size() >= MAX_ENTRIES) {
                entries.clear();
            }
        }
        entries.put(k, new Entry(read, now));
        return read;
    }

    @Override
    public void saveMetadata(DatabaseName database, String key, Document metadata) {
        try {
            store.saveMetadata(database, key, metadata);
        } finally {
            entries.remove(new Key(database.value(), key));
        }
    }

    @Override
    public boolean saveMetadataIfUnchanged(DatabaseName database, String key, Document current, Document metadata) {
        try {
            return store.saveMetadataIfUnchanged(database, key, current, metadata);
        } finally {
            entries.remove(new Key(database.value(), key)); // stored, or changed meanwhile: read it again
        }
    }

    @Override
    public void checkMetadata(Document metadata) {
        store.checkMetadata(metadata);
    }

    @Override
    public void deleteMetadata(DatabaseName database, String key) {
        try {
            store.deleteMetadata(database, key);
        } finally {
            entries.remove(new Key(database.value(), key));
        }
    }

    @Override
    public void createCollection(Namespace namespace, Document options) {
        try {
            store.createCollection(namespace, options);
        } finally {
            forget(namespace.database().value());
        }
    }

    @Override
    public void dropCollection(Namespace namespace) {
        try {
            store.dropCollection(namespace);
        } finally {
            forget(namespace.database().value());
        }
    }

    @Override
    public void dropDatabase(DatabaseName database) {
        try {
            store.dropDatabase(database);
        } finally {
            forget(database.value());
        }
    }

    /** The entries held now. */
    int size() {
        return entries.size();
    }

    private void forget(String database) {
        entries.keySet().removeIf(k -> k.database().equals(database));
    }

    private record Key(String database, String key) {
    }

    private record Entry(Optional<Document> metadata, long readAt) {
    }
}
