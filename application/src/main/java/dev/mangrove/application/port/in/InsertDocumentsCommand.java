package dev.mangrove.application.port.in;

import dev.mangrove.domain.document.Document;
import dev.mangrove.domain.resource.Namespace;
import dev.mangrove.domain.write.NewDocuments;

import java.util.List;
import java.util.Objects;

/**
 * Insert many documents; every element is validated before anything is written.
 *
 * @param namespace the collection
 * @param documents the validated documents
 */
public record InsertDocumentsCommand(Namespace namespace, List<Document> documents) {
    public InsertDocumentsCommand {
        Objects.requireNonNull(namespace, "namespace");
        documents = List.copyOf(NewDocuments.checkAll(documents));
    }

    /** A command from raw array elements, any of which may not be a document (→ 400 naming its index). */
    public static InsertDocumentsCommand of(Namespace namespace, List<?> elements) {
        return new InsertDocumentsCommand(namespace, NewDocuments.checkAll(elements));
    }
}
