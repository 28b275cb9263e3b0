package dev.mangrove.application.service;

/**
 * Settings that govern writes.
 *
 * @param createCollections whether a write to a missing collection creates it (MongoDB semantics)
 */
public record WritePolicy(boolean createCollections) {
    /** MongoDB's own behaviour. */
    public static final WritePolicy DEFAULT = new WritePolicy(true);
}
