package dev.mangrove.bootstrap;

import org.h2.mvstore.MVStore;
import org.h2.mvstore.SingleFileStore;

import java.util.HashMap;

/**
 * H2's single-file store with the compaction that MVStore's background thread would run (it is off: see
 * {@link DurableH2Backend#open}) callable by Mangrove (docs/operations.md#size-of-the-embedded-store):
 * {@link #housekeeping} rewrites the live pages of old, mostly empty chunks into new ones, and
 * {@link #moveChunksDown} moves chunks from the end of the file into free space nearer its start and
 * truncates the free end. Each step holds the store lock for a bounded amount of bytes.
 */
final class CompactingFileStore extends SingleFileStore {
    /** The most bytes of chunks one {@link #moveChunksDown} moves. */
    static final long MOVE_BYTES = 16L * 1024 * 1024;
    private volatile int retention;

    CompactingFileStore() {
        super(new HashMap<>());
    }

    /** Sets how long freed space is kept before reuse, and remembers it for {@link #moveChunksDown}. */
    void retention(int millis) {
        retention = millis;
        setRetentionTime(millis);
    }

    /** One round of H2's housekeeping; needs a commit afterwards to write what it rewrote. */
    void housekeeping() {
        try {
            doHousekeeping(getMvStore());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * Moves up to {@link #MOVE_BYTES} of chunks from the end of the file into free space nearer its start,
     * then truncates the file after its last used block. MVStore's only public way in under its store lock is
     * {@link MVStore#compactFile}, which also sets the retention time to 0 for good: {@link #compactStore}
     * below puts the retention back first and moves chunks instead of H2's full compaction.
     */
    void moveChunksDown() {
        MVStore store = getMvStore();
        try {
            store.compactFile(1);
        } finally {
            setRetentionTime(retention);
        }
    }

    @Override
    protected void compactStore(int fillRate, long maxCompactTime, int maxWriteSize, MVStore store) {
        setRetentionTime(retention);
        compactMoveChunks(101, MOVE_BYTES, store);
    }
}
