package dev.mangrove.application.port.in;

import dev.mangrove.domain.document.Document;

import java.util.Optional;

/**
 * The result of a PUT or PATCH of one document.
 *
 * @param created  whether the document was created
 * @param document the document after the write, when asked for
 */
public record WriteResult(boolean created, Optional<Document> document) {
}
