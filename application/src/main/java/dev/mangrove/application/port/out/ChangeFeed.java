package dev.mangrove.application.port.out;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

/** The events of one open change stream, in order; must be closed, which closes the server-side stream. */
public interface ChangeFeed extends AutoCloseable {
    /**
     * The next event, waiting at most {@code wait}; empty when none came in time.
     *
     * @throws dev.mangrove.domain.error.MangroveException when the stream failed (backend lost, token expired)
     */
    Optional<ChangeEvent> next(Duration wait);

    /**
     * The events available now, at most {@code max}, waiting at most {@code wait} for the first; empty when none
     * came in time. A feed that reads its events in batches hands a whole batch at once (its fan-out then wakes
     * each subscriber once per batch, not once per event).
     *
     * @throws dev.mangrove.domain.error.MangroveException when the stream failed (backend lost, token expired)
     */
    default List<ChangeEvent> nextBatch(Duration wait, int max) {
        return next(wait).map(List::of).orElse(List.of());
    }

    /** Closes the stream; safe to call more than once, from any thread. */
    @Override
    void close();
}
