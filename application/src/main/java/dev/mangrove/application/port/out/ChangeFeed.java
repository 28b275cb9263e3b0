package dev.mangrove.application.port.out;

import java.time.Duration;
import java.util.Optional;

/** The events of one open change stream, in order; must be closed, which closes the server-side stream. */
public interface ChangeFeed extends AutoCloseable {
    /**
     * The next event, waiting at most {@code wait}; empty when none came in time.
     *
     * @throws dev.mangrove.domain.error.MangroveException when the stream failed (backend lost, token expired)
     */
    Optional<ChangeEvent> next(Duration wait);

    /** Closes the stream; safe to call more than once, from any thread. */
    @Override
    void close();
}
