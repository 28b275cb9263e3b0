package dev.mangrove.application.port.in;

/** Updates and deletes the documents a filter selects (docs/writes.md#bulk-update-and-delete). */
public interface BulkWriteDocumentsUseCase {
    /** Updates the selected documents; a 400 {@code force-required} when the server requires force and it is missing. */
    BulkUpdateResult updateAll(UpdateDocumentsCommand command);

    /** Deletes the selected documents and says how many; a 400 {@code force-required} as for updates. */
    long deleteAll(DeleteDocumentsCommand command);
}
