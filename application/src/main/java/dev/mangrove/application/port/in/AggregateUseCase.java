package dev.mangrove.application.port.in;

/** Runs aggregation pipelines (docs/plugins.md#aggregate). */
public interface AggregateUseCase {
    /** The results of a checked pipeline, streamed; the caller closes the cursor. */
    ResultCursor aggregate(AggregateQuery query);
}
