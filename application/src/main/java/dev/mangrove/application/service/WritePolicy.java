package dev.mangrove.application.service;

/**
 * Settings that govern writes.
 *
 * @param createCollections whether a write to a missing collection creates it (MongoDB semantics)
 * @param requireIfMatch    whether PUT, PATCH and DELETE of a document need an {@code If-Match} (else 428)
 * @param requireForce      whether bulk updates and deletes need {@code force} (else 400 with the count)
 * @param maxBatchSize      the most documents one bulk insert may hold (else 413, nothing written)
 */
public record WritePolicy(boolean createCollections, boolean requireIfMatch, boolean requireForce, int maxBatchSize) {
    /** The default of {@code mangrove.writes.max-batch-size}. */
    public static final int DEFAULT_MAX_BATCH_SIZE = 10_000;
    /** MongoDB's own behaviour. */
    public static final WritePolicy DEFAULT = new WritePolicy(true, false, false);

    public WritePolicy {
        if (maxBatchSize < 1) {
            throw new IllegalArgumentException("maxBatchSize must be positive");
        }
    }

    /** A policy with the default batch size. */
    public WritePolicy(boolean createCollections, boolean requireIfMatch, boolean requireForce) {
        this(createCollections, requireIfMatch, requireForce, DEFAULT_MAX_BATCH_SIZE);
    }

    /** A policy that only decides whether writes create collections. */
    public WritePolicy(boolean createCollections) {
        this(createCollections, false, false);
    }
}
