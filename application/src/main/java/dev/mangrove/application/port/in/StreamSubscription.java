package dev.mangrove.application.port.in;

import dev.mangrove.domain.document.Document;

import java.time.Duration;
import java.util.Optional;

/** One client's subscription to a change stream: its events in order, then how it ended. */
public interface StreamSubscription extends AutoCloseable {
    /** The next signal, waiting at most {@code wait}; empty when nothing came in time (time for a heartbeat). */
    Optional<Signal> next(Duration wait);

    /** Leaves the stream; safe to call more than once. */
    @Override
    void close();

    /** What a subscriber receives. */
    sealed interface Signal {
    }

    /**
     * An event to send.
     *
     * @param token its resume token
     * @param event the event as the client may see it
     */
    record Event(String token, Document event) implements Signal {
    }

    /**
     * The end of the subscription; nothing follows.
     *
     * @param reason why
     * @param code   a stable problem code ({@code client-too-slow}, {@code backend-unavailable}, ...)
     * @param detail what happened, for the client
     */
    record End(Reason reason, String code, String detail) implements Signal {
    }

    /** Why a subscription ended. */
    enum Reason {
        /** The client did not keep up: its queue overflowed. */
        TOO_SLOW,
        /** The change stream failed (backend lost, resume token expired, ...). */
        FAILED,
        /** The server is stopping. */
        SHUTDOWN
    }
}
