package dev.mangrove.application.port.in;

import dev.mangrove.application.port.out.DocumentCursor;

/** Runs aggregation pipelines (SPEC §7.2). */
public interface AggregateUseCase {
    /** The results of a checked pipeline, streamed; the caller closes the cursor. */
    DocumentCursor aggregate(AggregateQuery query);
}
