package dev.mangrove.application.port.in;

import dev.mangrove.domain.resource.Namespace;
import dev.mangrove.domain.write.Precondition;
import dev.mangrove.domain.security.DataScope;

import java.util.Objects;

/**
 * Delete one document.
 *
 * @param namespace    the collection
 * @param id           the document id
 * @param precondition the {@code If-Match} the current document must satisfy
 * @param scope        the caller's data scope (docs/security.md): documents outside its filters cannot be deleted
 */
public record DeleteDocumentCommand(Namespace namespace, Object id, Precondition precondition, DataScope scope) {
    public DeleteDocumentCommand {
        Objects.requireNonNull(namespace, "namespace");
        Objects.requireNonNull(scope, "scope");
        Objects.requireNonNull(precondition, "precondition");
    }

    /** An unconditional delete. */
    public DeleteDocumentCommand(Namespace namespace, Object id) {
        this(namespace, id, Precondition.NONE);
    }

    /** An unrestricted delete. */
    public DeleteDocumentCommand(Namespace namespace, Object id, Precondition precondition) {
        this(namespace, id, precondition, DataScope.UNRESTRICTED);
    }
}
