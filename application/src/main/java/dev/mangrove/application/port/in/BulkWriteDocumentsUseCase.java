package dev.mangrove.application.port.in;

/** Updates and deletes the documents a filter selects (SPEC §5.2, §5.3). */
public interface BulkWriteDocumentsUseCase {
    /** Updates the selected documents; a 400 {@code force-required} when the server requires force and it is missing. */
    BulkUpdateResult updateAll(UpdateDocumentsCommand command);

    /** Deletes the selected documents and says how many; a 400 {@code force-required} as for updates. */
    long deleteAll(DeleteDocumentsCommand command);
}
