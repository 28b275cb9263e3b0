package dev.mangrove.application.port.in;

import dev.mangrove.domain.document.Document;
import dev.mangrove.domain.document.ETag;

import java.util.Objects;
import java.util.Optional;

/**
 * The result of a PUT or PATCH of one document.
 *
 * @param created  whether the document was created
 * @param document the document after the write, when asked for
 * @param etag     the entity tag of the document the write produced, when known
 */
public record WriteResult(boolean created, Optional<Document> document, Optional<ETag> etag) {
    public WriteResult {
        Objects.requireNonNull(document, "document");
        Objects.requireNonNull(etag, "etag");
    }

    /** A result without an entity tag. */
    public WriteResult(boolean created, Optional<Document> document) {
        this(created, document, Optional.empty());
    }
}
