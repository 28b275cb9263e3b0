package dev.mangrove.application.port.in;

import dev.mangrove.domain.document.Document;

/** Reads one document. */
public interface GetDocumentUseCase {
    /** The document; a 404 {@code document-not-found} when there is none. */
    Document get(GetDocumentQuery query);
}
