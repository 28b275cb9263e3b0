package dev.mangrove.application.port.in;

/** Replaces, patches and deletes single documents (docs/api.md#documents). */
public interface WriteDocumentUseCase {
    /** Replaces (or, by write mode, inserts) a document. */
    WriteResult replace(ReplaceDocumentCommand command);

    /** Patches (or, with upsert, creates) a document. */
    WriteResult patch(PatchDocumentCommand command);

    /** Deletes a document; a 404 when there is none. */
    void delete(DeleteDocumentCommand command);
}
