package dev.mangrove.application.port.in;

/**
 * What updating the documents a filter selects did.
 *
 * @param matchedCount  how many documents the filter selected
 * @param modifiedCount how many of them the update changed
 */
public record BulkUpdateResult(long matchedCount, long modifiedCount) {
    public BulkUpdateResult {
        if (matchedCount < 0 || modifiedCount < 0 || modifiedCount > matchedCount) {
            throw new IllegalArgumentException("invalid counts " + matchedCount + "/" + modifiedCount);
        }
    }
}
