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
    private final MVStore store;
    private final ReentrantLock syncLock = new ReentrantLock();
    /** Tickets taken by commands after their change was applied in memory. */
    private final AtomicLong tickets = new AtomicLong();
    /** Every ticket up to this one is committed and synced; guarded by {@link #syncLock}. */
    private long durable;

    private DurableH2Backend(MVStore store) {
        super(store);
        this.store = store;
    }

    /**
     * Opens (or creates) the store in {@code file}. MVStore's background commit is off: a background
     * commit hands its write to an executor and returns, so a later commit could find nothing unsaved and
     * sync before that write reached the file; here every commit is {@link #awaitDurable}'s.
     */
    static DurableH2Backend open(String file) {
        MVStore store = new MVStore.Builder().fileName(file).autoCommitDisabled().open();
        // MVStore keeps chunks without live data for 45 s (its default) before reusing their space: a
        // shorter retention made the file grow less but lost acknowledged writes after a SIGKILL
        return new DurableH2Backend(store);
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
