package dev.mangrove.application.port.in;

import dev.mangrove.domain.query.Filter;
import dev.mangrove.domain.resource.Namespace;
import dev.mangrove.domain.write.BulkWrites;
import dev.mangrove.domain.write.Update;
import dev.mangrove.domain.security.DataScope;

import java.util.Objects;

/**
 * Update every document a filter selects (docs/writes.md#bulk-update-and-delete); an absent filter, or an empty one without
 * {@code force}, is refused with 403 {@code unfiltered-bulk-write}.
 *
 * @param namespace   the collection
 * @param filter      the documents to update
 * @param filterGiven whether the request named a filter at all
 * @param update      the change
 * @param force       whether the client confirmed the write with {@code force}
 * @param scope       the caller's data scope (docs/security.md), ANDed into the selection by the use case
 */
public record UpdateDocumentsCommand(Namespace namespace, Filter filter, boolean filterGiven, Update update,
                                     boolean force, DataScope scope) {
    public UpdateDocumentsCommand {
        Objects.requireNonNull(namespace, "namespace");
        Objects.requireNonNull(scope, "scope");
        Objects.requireNonNull(filter, "filter");
        Objects.requireNonNull(update, "update");
        BulkWrites.checkFiltered(filter, filterGiven, force, "update");
    }

    /** An unrestricted bulk update. */
    public UpdateDocumentsCommand(Namespace namespace, Filter filter, boolean filterGiven, Update update,
                                  boolean force) {
        this(namespace, filter, filterGiven, update, force, DataScope.UNRESTRICTED);
    }
}
