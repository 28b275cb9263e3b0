package dev.mangrove.application.port.in;

/** Inserts documents into a collection (SPEC §5.1). */
public interface InsertDocumentsUseCase {
    /** Inserts one document; returns its id. A duplicate {@code _id} is a 409. */
    Object insert(InsertDocumentCommand command);

    /** Inserts many documents; each is reported as written or failed, none silently. */
    BulkInsertResult insertAll(InsertDocumentsCommand command);
}
