package dev.mangrove.application.port.out;

/**
 * What a single-document write did.
 *
 * @param matched  whether an existing document matched
 * @param upserted whether a new document was created
 */
public record WriteOutcome(boolean matched, boolean upserted) {
}
