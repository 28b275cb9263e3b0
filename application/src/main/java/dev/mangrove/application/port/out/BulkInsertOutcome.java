package dev.mangrove.application.port.out;

import dev.mangrove.domain.error.ErrorDetail;

import java.util.List;

/**
 * What a bulk insert wrote: every element is either among the inserted ids or among the errors.
 *
 * @param insertedIds the ids written, in request order
 * @param errors      the elements that failed, by index
 */
public record BulkInsertOutcome(List<Object> insertedIds, List<ErrorDetail> errors) {
    public BulkInsertOutcome {
        insertedIds = java.util.Collections.unmodifiableList(new java.util.ArrayList<>(insertedIds));
        errors = List.copyOf(errors);
    }
}
