package dev.mangrove.application.service;

/**
 * Settings that govern writes.
 *
 * @param createCollections whether a write to a missing collection creates it (MongoDB semantics)
 * @param requireIfMatch    whether PUT, PATCH and DELETE of a document need an {@code If-Match} (else 428)
 * @param requireForce      whether bulk updates and deletes need {@code force} (else 400 with the count)
 */
public record WritePolicy(boolean createCollections, boolean requireIfMatch, boolean requireForce) {
    /** MongoDB's own behaviour. */
    public static final WritePolicy DEFAULT = new WritePolicy(true, false, false);

    /** A policy that only decides whether writes create collections. */
    public WritePolicy(boolean createCollections) {
        this(createCollections, false, false);
    }
}
