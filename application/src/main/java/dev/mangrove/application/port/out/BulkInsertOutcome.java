package dev.mangrove.application.port.out;

import dev.mangrove.domain.error.ErrorDetail;

import java.util.List;

/**
 * What a bulk insert wrote: every element is either among the inserted ids or among the errors.
 *
 * @param insertedIds the ids written, in request order
 * @param errors      the elements that failed, by index
 * @param matchedCount how many elements replaced an existing document ({@code wm=update|upsert}; 0 for inserts)
 */
public record BulkInsertOutcome(List<Object> insertedIds, List<ErrorDetail> errors, long matchedCount) {
    public BulkInsertOutcome {
        insertedIds = java.util.Collections.unmodifiableList(new java.util.ArrayList<>(insertedIds));
        errors = List.copyOf(errors);
    }

    /** The outcome of plain inserts. */
    public BulkInsertOutcome(List<Object> insertedIds, List<ErrorDetail> errors) {
        this(insertedIds, errors, 0);
    }
}
