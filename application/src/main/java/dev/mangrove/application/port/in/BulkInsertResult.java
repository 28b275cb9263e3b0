package dev.mangrove.application.port.in;

import dev.mangrove.domain.error.ErrorDetail;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * What inserting many documents did: every element is either among the inserted ids or among the errors.
 *
 * @param insertedIds the ids written, in request order
 * @param errors      the elements that failed, by index
 * @param matchedCount how many elements replaced an existing document ({@code wm=update|upsert}; 0 for inserts)
 */
public record BulkInsertResult(List<Object> insertedIds, List<ErrorDetail> errors, long matchedCount) {
    public BulkInsertResult {
        insertedIds = Collections.unmodifiableList(new ArrayList<>(insertedIds));
        errors = List.copyOf(errors);
    }

    /** The result of plain inserts. */
    public BulkInsertResult(List<Object> insertedIds, List<ErrorDetail> errors) {
        this(insertedIds, errors, 0);
    }
}
