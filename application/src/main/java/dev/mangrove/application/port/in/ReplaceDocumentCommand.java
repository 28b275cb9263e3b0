package dev.mangrove.application.port.in;

import dev.mangrove.domain.document.Document;
import dev.mangrove.domain.error.MangroveException;
import dev.mangrove.domain.resource.Namespace;
import dev.mangrove.domain.write.NewDocuments;
import dev.mangrove.domain.write.Precondition;
import dev.mangrove.domain.write.WriteMode;
import dev.mangrove.domain.security.DataScope;

import java.util.Objects;

/**
 * Replace one document (PUT).
 *
 * @param namespace      the collection
 * @param id             the document id from the URL
 * @param replacement    the new document; its {@code _id}, if any, must equal {@code id}
 * @param mode           insert, update or upsert
 * @param returnDocument whether the new document is wanted back
 * @param precondition   the {@code If-Match} the current document must satisfy
 * @param scope          the caller's data scope (docs/security.md): write filter, merged fields, hidden fields
 */
public record ReplaceDocumentCommand(Namespace namespace, Object id, Document replacement, WriteMode mode,
                                     boolean returnDocument, Precondition precondition, DataScope scope) {
    public ReplaceDocumentCommand {
        Objects.requireNonNull(namespace, "namespace");
        Objects.requireNonNull(scope, "scope");
        Objects.requireNonNull(precondition, "precondition");
        Objects.requireNonNull(replacement, "replacement");
        Objects.requireNonNull(mode, "mode");
        NewDocuments.checkOne(replacement);
        if (replacement.hasId() && !Objects.equals(replacement.get(Document.ID), id)) {
            throw MangroveException.badRequest("id-mismatch", "The body's _id differs from the document id in the URL");
        }
    }

    /** An unconditional replacement. */
    public ReplaceDocumentCommand(Namespace namespace, Object id, Document replacement, WriteMode mode,
                                  boolean returnDocument) {
        this(namespace, id, replacement, mode, returnDocument, Precondition.NONE);
    }

    /** An unrestricted replacement. */
    public ReplaceDocumentCommand(Namespace namespace, Object id, Document replacement, WriteMode mode,
                                  boolean returnDocument, Precondition precondition) {
        this(namespace, id, replacement, mode, returnDocument, precondition, DataScope.UNRESTRICTED);
    }
}
