package dev.mangrove.application.port.in;

import dev.mangrove.domain.document.Document;
import dev.mangrove.domain.error.MangroveException;
import dev.mangrove.domain.resource.Namespace;
import dev.mangrove.domain.write.NewDocuments;
import dev.mangrove.domain.security.DataScope;
import dev.mangrove.domain.write.WriteMode;

import java.util.Objects;

/**
 * Insert one document.
 *
 * @param namespace the collection
 * @param document  the document; a top-level {@code $} key is rejected here
 * @param scope     the caller's data scope, whose {@code mergeRequest} is set on the document
 * @param mode      {@code wm}: insert (the default), update (replace an existing {@code _id} only) or upsert
 *                  (replace or insert), as RESTHeart's POST (docs/api.md#write-modes-on-post)
 */
public record InsertDocumentCommand(Namespace namespace, Document document, DataScope scope, WriteMode mode) {
    public InsertDocumentCommand {
        Objects.requireNonNull(namespace, "namespace");
        Objects.requireNonNull(document, "document");
        Objects.requireNonNull(scope, "scope");
        Objects.requireNonNull(mode, "mode");
        NewDocuments.checkOne(document);
        if (mode == WriteMode.UPDATE && !document.hasId()) {
            throw MangroveException.badRequest("invalid-body",
                    "wm=update replaces the document with the body's _id: the body needs an _id");
        }
    }

    /** A plain insert ({@code wm=insert}). */
    public InsertDocumentCommand(Namespace namespace, Document document, DataScope scope) {
        this(namespace, document, scope, WriteMode.INSERT);
    }

    /** An unrestricted insert. */
    public InsertDocumentCommand(Namespace namespace, Document document) {
        this(namespace, document, DataScope.UNRESTRICTED);
    }
}
