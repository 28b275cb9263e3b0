package dev.mangrove.application.port.in;

import dev.mangrove.domain.error.MangroveException;
import dev.mangrove.domain.resource.Namespace;
import dev.mangrove.domain.write.Precondition;
import dev.mangrove.domain.write.Update;
import dev.mangrove.domain.write.WriteMode;
import dev.mangrove.domain.security.DataScope;

import java.util.Objects;

/**
 * Update one document (PATCH).
 *
 * @param namespace      the collection
 * @param id             the document id from the URL
 * @param update         the change
 * @param mode           update or upsert ({@code insert} is for PUT and POST only)
 * @param returnDocument whether the new document is wanted back
 * @param precondition   the {@code If-Match} the current document must satisfy
 * @param scope          the caller's data scope (docs/security.md): write filter, merged fields, hidden fields
 */
public record PatchDocumentCommand(Namespace namespace, Object id, Update update, WriteMode mode,
                                   boolean returnDocument, Precondition precondition, DataScope scope) {
    public PatchDocumentCommand {
        Objects.requireNonNull(namespace, "namespace");
        Objects.requireNonNull(scope, "scope");
        Objects.requireNonNull(precondition, "precondition");
        Objects.requireNonNull(update, "update");
        Objects.requireNonNull(mode, "mode");
        if (mode == WriteMode.INSERT) {
            throw MangroveException.badRequest("invalid-write-mode",
                    "wm=insert does not apply to PATCH; use update or upsert (or PUT/POST to insert)");
        }
    }

    /** An unconditional patch. */
    public PatchDocumentCommand(Namespace namespace, Object id, Update update, WriteMode mode, boolean returnDocument) {
        this(namespace, id, update, mode, returnDocument, Precondition.NONE);
    }

    /** An unrestricted patch. */
    public PatchDocumentCommand(Namespace namespace, Object id, Update update, WriteMode mode, boolean returnDocument,
                                Precondition precondition) {
        this(namespace, id, update, mode, returnDocument, precondition, DataScope.UNRESTRICTED);
    }
}
