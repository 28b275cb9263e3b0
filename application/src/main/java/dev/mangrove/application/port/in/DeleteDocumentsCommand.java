package dev.mangrove.application.port.in;

import dev.mangrove.domain.query.Filter;
import dev.mangrove.domain.resource.Namespace;
import dev.mangrove.domain.write.BulkWrites;
import dev.mangrove.domain.security.DataScope;

import java.util.Objects;

/**
 * Delete every document a filter selects (docs/writes.md#bulk-update-and-delete); an absent filter, or an empty one without
 * {@code force}, is refused with 403 {@code unfiltered-bulk-write}.
 *
 * @param namespace   the collection
 * @param filter      the documents to delete
 * @param filterGiven whether the request named a filter at all
 * @param force       whether the client confirmed the write with {@code force}
 * @param scope       the caller's data scope (docs/security.md), ANDed into the selection by the use case
 */
public record DeleteDocumentsCommand(Namespace namespace, Filter filter, boolean filterGiven, boolean force,
                                     DataScope scope) {
    public DeleteDocumentsCommand {
        Objects.requireNonNull(namespace, "namespace");
        Objects.requireNonNull(scope, "scope");
        Objects.requireNonNull(filter, "filter");
        BulkWrites.checkFiltered(filter, filterGiven, force, "delete");
    }

    /** An unrestricted bulk delete. */
    public DeleteDocumentsCommand(Namespace namespace, Filter filter, boolean filterGiven, boolean force) {
        this(namespace, filter, filterGiven, force, DataScope.UNRESTRICTED);
    }
}
