package dev.mangrove.bootstrap;

import de.bwaldvogel.mongo.backend.h2.H2Backend;
import de.bwaldvogel.mongo.bson.Document;
import de.bwaldvogel.mongo.exception.MongoServerException;
import io.netty.channel.Channel;
import org.h2.mvstore.MVStore;

import java.util.Locale;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;

/**
 * mongo-java-server's H2 backend, answering a command that changed the store only once the change is
 * committed and synced to disk (docs/operations.md#durability). H2 MVStore otherwise commits in the
 * background about once a second, so a crash lost the writes acknowledged in that last second.
 * Concurrent commands share one commit and one sync (group commit).
 */
final class DurableH2Backend extends H2Backend {
    /** Commands that never change the store: answered without waiting for a sync. */
    private static final Set<String> READ_ONLY = Set.of("find", "getmore", "count", "distinct", "listcollections",
            "listindexes", "listdatabases", "ping", "hello", "ismaster", "buildinfo", "killcursors", "endsessions",
            "dbstats", "collstats", "serverstatus", "getparameter", "getlasterror", "getlog", "hostinfo",
            "getcmdlineopts", "whatsmyuri", "connectionstatus", "getfreemonitoringstatus", "currentop");
    /** More than MVStore's versions to keep (5), so that one {@link #compact} can free what died before it. */
    private static final int IDLE_COMMITS = 8;
    /** Below this share of live bytes in the chunks (or of used blocks in the file), {@link #compact} frees more. */
    private static final int SPARSE_BELOW_FILL_RATE = 50;
    private final MVStore store;
    private final CompactingFileStore file;
    /** Written by {@link #compact} only, to commit when nothing else does; not a database (no "databases." prefix). */
    private final org.h2.mvstore.MVMap<String, Long> upkeepMap;
    private final ReentrantLock syncLock = new ReentrantLock();
    /** Tickets taken by commands after their change was applied in memory. */
    private final AtomicLong tickets = new AtomicLong();
    /** Every ticket up to this one is committed and synced; guarded by {@link #syncLock}. */
    private long durable;

    private DurableH2Backend(MVStore store, CompactingFileStore file) {
        super(store);
        this.store = store;
        this.file = file;
        this.upkeepMap = store.openMap("mangrove.upkeep");
    }

    /**
     * Opens (or creates) the store in {@code file}. MVStore's background commit is off: a background
     * commit hands its write to an executor and returns, so a later commit could find nothing unsaved and
     * sync before that write reached the file; here every commit is {@link #awaitDurable}'s, and the
     * background thread's other job, compaction, is {@link #compact}'s.
     *
     * @param retention how long space freed by a commit is kept before reuse: MVStore's default of 45 s in
     *                  production (a shorter retention made the file grow less but lost acknowledged writes
     *                  after a SIGKILL); tests shorten it to see compaction without waiting
     */
    static DurableH2Backend open(String file, java.time.Duration retention) {
        CompactingFileStore fileStore = new CompactingFileStore();
        fileStore.open(file, false, null);
        MVStore store;
        try {
            store = new MVStore.Builder().adoptFileStore(fileStore).autoCommitDisabled().open();
        } catch (RuntimeException e) {
            fileStore.close();
            throw e;
        }
        fileStore.retention(Math.toIntExact(retention.toMillis()));
        return new DurableH2Backend(store, fileStore);
    }

    /**
     * One round of compaction (docs/operations.md#size-of-the-embedded-store): H2's housekeeping rewrites the
     * live pages of old sparse chunks and moves chunks towards the start of the file, then a durable commit
     * writes the rewritten pages, frees the chunks they left (once older than the retention time) and
     * truncates the free end of the file. Requests go on meanwhile: each step holds the store lock for a
     * bounded amount of work.
     */
    void compact() {
        file.housekeeping();
        awaitDurable();
        // a dead chunk's space is freed by a later commit (once MVStore keeps no version that reads it): with no
        // writes coming, commit a tick of our own while the chunks hold much dead or sparse space
        for (int i = 0; i < IDLE_COMMITS && file.getChunksFillRate() < SPARSE_BELOW_FILL_RATE; i++) {
            upkeepMap.put("tick", upkeepMap.getOrDefault("tick", 0L) + 1);
            awaitDurable();
        }
        if (file.getFillRate() < SPARSE_BELOW_FILL_RATE) {
            // much of the file is free: move the chunks at its end down, so that the end can be cut off; our
            // commits wait meanwhile (syncLock), so that none runs with the retention time H2 zeroes for it
            syncLock.lock();
            try {
                file.moveChunksDown();
            } finally {
                syncLock.unlock();
            }
            awaitDurable();
        }
    }

    /** The size of the file in bytes. */
    long fileSize() {
        return file.size();
    }

    /** Databases whose collections read in {@code _id} order without sorting everything ({@link IdOrder}). */
    @Override
    protected de.bwaldvogel.mongo.MongoDatabase openOrCreateDatabase(String databaseName) {
        return OrderedEmbeddedStores.h2Database(databaseName, getMvStore(), getCursorRegistry());
    }

    @Override
    public Document handleCommand(Channel channel, String database, String command, Document query) {
        try {
            return super.handleCommand(channel, database, command, query);
        } finally {
            // also after a failure: whatever part of the command was applied was reported, so it must be kept
            if (mayWrite(command, query)) {
                awaitDurable();
            }
        }
    }

    private static boolean mayWrite(String command, Document query) {
        String name = command.toLowerCase(Locale.ROOT);
        if (name.equals("aggregate")) {
            return query.get("pipeline") instanceof java.util.List<?> stages && stages.stream()
                    .anyMatch(stage -> stage instanceof Document d && (d.containsKey("$out") || d.containsKey("$merge")));
        }
        return !READ_ONLY.contains(name);
    }

    /** Returns once every change applied before the call is committed and synced, sharing the work with concurrent callers. */
    void awaitDurable() {
        long ticket = tickets.incrementAndGet();
        syncLock.lock();
        try {
            if (durable >= ticket) {
                return; // another caller's commit started after our change and covered it
            }
            long covered = tickets.get();
            try {
                // MVStore.commit() skips when another commit started since it read the version; commit
                // until nothing is left unsaved, then force it to the disk
                for (int tries = 0; store.commit() < 0 && store.hasUnsavedChanges() && tries < 100; tries++) {
                    Thread.onSpinWait();
                }
                store.sync();
            } catch (RuntimeException e) {
                throw new MongoServerException("the change could not be written to disk: " + e.getMessage());
            }
            durable = covered;
        } finally {
            syncLock.unlock();
        }
    }
}
