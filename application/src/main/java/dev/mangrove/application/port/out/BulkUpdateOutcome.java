package dev.mangrove.application.port.out;

/**
 * What an update of many documents did.
 *
 * @param matchedCount  how many documents the filter selected
 * @param modifiedCount how many of them the update changed
 */
public record BulkUpdateOutcome(long matchedCount, long modifiedCount) {
    public BulkUpdateOutcome {
        if (matchedCount < 0 || modifiedCount < 0 || modifiedCount > matchedCount) {
            throw new IllegalArgumentException("invalid counts " + matchedCount + "/" + modifiedCount);
        }
    }
}
