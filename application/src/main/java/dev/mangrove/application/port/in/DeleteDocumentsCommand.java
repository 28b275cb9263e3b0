package dev.mangrove.application.port.in;

import dev.mangrove.domain.query.Filter;
import dev.mangrove.domain.resource.Namespace;
import dev.mangrove.domain.write.BulkWrites;

import java.util.Objects;

/**
 * Delete every document a filter selects (SPEC §5.3); an absent filter, or an empty one without
 * {@code force}, is refused with 403 {@code unfiltered-bulk-write}.
 *
 * @param namespace   the collection
 * @param filter      the documents to delete
 * @param filterGiven whether the request named a filter at all
 * @param force       whether the client confirmed the write with {@code force}
 */
public record DeleteDocumentsCommand(Namespace namespace, Filter filter, boolean filterGiven, boolean force) {
    public DeleteDocumentsCommand {
        Objects.requireNonNull(namespace, "namespace");
        Objects.requireNonNull(filter, "filter");
        BulkWrites.checkFiltered(filter, filterGiven, force, "delete");
    }
}
