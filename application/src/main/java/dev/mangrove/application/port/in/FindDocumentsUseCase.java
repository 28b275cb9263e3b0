package dev.mangrove.application.port.in;

import dev.mangrove.application.port.out.DocumentCursor;

/** Reads documents of a collection as a stream the caller must close. */
public interface FindDocumentsUseCase {
    /** Opens a cursor over the documents the query selects. */
    DocumentCursor find(FindDocumentsQuery query);
}
