package dev.mangrove.application.port.in;

import dev.mangrove.domain.resource.Namespace;
import dev.mangrove.domain.write.Precondition;

import java.util.Objects;

/**
 * Delete one document.
 *
 * @param namespace    the collection
 * @param id           the document id
 * @param precondition the {@code If-Match} the current document must satisfy
 */
public record DeleteDocumentCommand(Namespace namespace, Object id, Precondition precondition) {
    public DeleteDocumentCommand {
        Objects.requireNonNull(namespace, "namespace");
        Objects.requireNonNull(precondition, "precondition");
    }

    /** An unconditional delete. */
    public DeleteDocumentCommand(Namespace namespace, Object id) {
        this(namespace, id, Precondition.NONE);
    }
}
