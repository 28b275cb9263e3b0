package dev.mangrove.application.port.in;

/**
 * What a POST of one document did.
 *
 * @param id      the document's {@code _id}
 * @param created true when it was inserted, false when it replaced an existing document
 */
public record SavedDocument(Object id, boolean created) {
}
