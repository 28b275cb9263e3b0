package dev.mangrove.application.port.in;

import dev.mangrove.domain.document.Document;
import dev.mangrove.domain.resource.Namespace;
import dev.mangrove.domain.write.NewDocuments;
import dev.mangrove.domain.security.DataScope;

import java.util.Objects;

/**
 * Insert one document.
 *
 * @param namespace the collection
 * @param document  the document; a top-level {@code $} key is rejected here
 * @param scope     the caller's data scope, whose {@code mergeRequest} is set on the document
 */
public record InsertDocumentCommand(Namespace namespace, Document document, DataScope scope) {
    public InsertDocumentCommand {
        Objects.requireNonNull(namespace, "namespace");
        Objects.requireNonNull(document, "document");
        Objects.requireNonNull(scope, "scope");
        NewDocuments.checkOne(document);
    }

    /** An unrestricted insert. */
    public InsertDocumentCommand(Namespace namespace, Document document) {
        this(namespace, document, DataScope.UNRESTRICTED);
    }
}
