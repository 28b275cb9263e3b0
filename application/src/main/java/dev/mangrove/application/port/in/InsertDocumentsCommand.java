package dev.mangrove.application.port.in;

import dev.mangrove.domain.document.Document;
import dev.mangrove.domain.error.ErrorDetail;
import dev.mangrove.domain.error.ErrorKind;
import dev.mangrove.domain.error.MangroveException;
import dev.mangrove.domain.resource.Namespace;
import dev.mangrove.domain.write.NewDocuments;
import dev.mangrove.domain.security.DataScope;
import dev.mangrove.domain.write.WriteMode;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.BooleanSupplier;

/**
 * Insert many documents; every element is validated before anything is written.
 *
 * @param namespace the collection
 * @param documents the validated documents
 * @param scope     the caller's data scope, whose {@code mergeRequest} is set on every document
 * @param mode      {@code wm}: insert (the default), update (replace existing {@code _id}s only) or upsert
 *                  (replace or insert), as RESTHeart's POST (docs/api.md#write-modes-on-post)
 * @param stillWanted whether the client still waits for the answer: once false, writing stops between chunks
 *                    (docs/operations.md#limits)
 */
public record InsertDocumentsCommand(Namespace namespace, List<Document> documents, DataScope scope, WriteMode mode,
                                     BooleanSupplier stillWanted) {
    public InsertDocumentsCommand {
        Objects.requireNonNull(namespace, "namespace");
        Objects.requireNonNull(stillWanted, "stillWanted");
        Objects.requireNonNull(scope, "scope");
        Objects.requireNonNull(mode, "mode");
        documents = List.copyOf(NewDocuments.checkAll(documents));
        if (mode == WriteMode.UPDATE) {
            List<ErrorDetail> missing = new ArrayList<>();
            for (int i = 0; i < documents.size(); i++) {
                if (!documents.get(i).hasId()) {
                    missing.add(ErrorDetail.at(i, ErrorKind.BAD_REQUEST, "invalid-document",
                            "wm=update replaces the document with the element's _id: it needs an _id"));
                }
            }
            if (!missing.isEmpty()) {
                throw MangroveException.badRequest("invalid-body", missing.size()
                        + " element(s) have no _id, which wm=update needs; nothing was written").withErrors(missing);
            }
        }
    }

    /** An insert whose client is not watched. */
    public InsertDocumentsCommand(Namespace namespace, List<Document> documents, DataScope scope, WriteMode mode) {
        this(namespace, documents, scope, mode, () -> true);
    }

    /** A plain insert ({@code wm=insert}). */
    public InsertDocumentsCommand(Namespace namespace, List<Document> documents, DataScope scope) {
        this(namespace, documents, scope, WriteMode.INSERT);
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
        return of(namespace, elements, scope, WriteMode.INSERT);
    }

    /** A command from raw array elements within a data scope, with a write mode ({@code wm}). */
    public static InsertDocumentsCommand of(Namespace namespace, List<?> elements, DataScope scope, WriteMode mode) {
        return new InsertDocumentsCommand(namespace, NewDocuments.checkAll(elements), scope, mode);
    }

    /** Like {@link #of(Namespace, List, DataScope, WriteMode)}, stopping when the client goes away. */
    public static InsertDocumentsCommand of(Namespace namespace, List<?> elements, DataScope scope, WriteMode mode,
                                            BooleanSupplier stillWanted) {
        return new InsertDocumentsCommand(namespace, NewDocuments.checkAll(elements), scope, mode, stillWanted);
    }
}
