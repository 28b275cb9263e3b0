package dev.mangrove.application.port.in;

import dev.mangrove.domain.resource.Namespace;

import java.util.Objects;

/**
 * Delete one document.
 *
 * @param namespace the collection
 * @param id        the document id
 */
public record DeleteDocumentCommand(Namespace namespace, Object id) {
    public DeleteDocumentCommand {
        Objects.requireNonNull(namespace, "namespace");
    }
}
