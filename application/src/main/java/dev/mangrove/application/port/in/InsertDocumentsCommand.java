package dev.mangrove.application.port.in;

import dev.mangrove.domain.document.Document;
import dev.mangrove.domain.resource.Namespace;
import dev.mangrove.domain.write.NewDocuments;
import dev.mangrove.domain.security.DataScope;

import java.util.List;
import java.util.Objects;

/**
 * Insert many documents; every element is validated before anything is written.
 *
 * @param namespace the collection
 * @param documents the validated documents
 * @param scope     the caller's data scope, whose {@code mergeRequest} is set on every document
 */
public record InsertDocumentsCommand(Namespace namespace, List<Document> documents, DataScope scope) {
    public InsertDocumentsCommand {
        Objects.requireNonNull(namespace, "namespace");
        Objects.requireNonNull(scope, "scope");
        documents = List.copyOf(NewDocuments.checkAll(documents));
    }

    /** An unrestricted insert. */
    public InsertDocumentsCommand(Namespace namespace, List<Document> documents) {
        this(namespace, documents, DataScope.UNRESTRICTED);
    }

    /** A command from raw array elements, any of which may not be a document (→ 400 naming its index). */
    public static InsertDocumentsCommand of(Namespace namespace, List<?> elements) {
        return of(namespace, elements, DataScope.UNRESTRICTED);
    }

    /** A command from raw array elements within a data scope. */
    public static InsertDocumentsCommand of(Namespace namespace, List<?> elements, DataScope scope) {
        return new InsertDocumentsCommand(namespace, NewDocuments.checkAll(elements), scope);
    }
}
