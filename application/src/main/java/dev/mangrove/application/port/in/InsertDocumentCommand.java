package dev.mangrove.application.port.in;

import dev.mangrove.domain.document.Document;
import dev.mangrove.domain.resource.Namespace;
import dev.mangrove.domain.write.NewDocuments;

import java.util.Objects;

/**
 * Insert one document.
 *
 * @param namespace the collection
 * @param document  the document; a top-level {@code $} key is rejected here
 */
public record InsertDocumentCommand(Namespace namespace, Document document) {
    public InsertDocumentCommand {
        Objects.requireNonNull(namespace, "namespace");
        Objects.requireNonNull(document, "document");
        NewDocuments.checkOne(document);
    }
}
