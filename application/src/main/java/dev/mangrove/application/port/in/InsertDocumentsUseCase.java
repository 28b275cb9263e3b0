package dev.mangrove.application.port.in;

/** Inserts documents into a collection (docs/api.md#inserts). */
public interface InsertDocumentsUseCase {
    /** Inserts one document; returns its id. A duplicate {@code _id} is a 409. */
    Object insert(InsertDocumentCommand command);

    /**
     * Writes one POSTed document as its {@code wm} says: inserts it, replaces the document with its {@code _id}
     * (404 when missing, nothing inserted), or either (docs/api.md#write-modes-on-post).
     */
    SavedDocument save(InsertDocumentCommand command);

    /** Inserts many documents (or replaces them, as {@code wm} says); each is reported as written or failed. */
    BulkInsertResult insertAll(InsertDocumentsCommand command);
}
