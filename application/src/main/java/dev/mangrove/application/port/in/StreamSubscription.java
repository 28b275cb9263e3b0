package dev.mangrove.application.port.in;

import dev.mangrove.domain.document.Document;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

/** One client's subscription to a change stream: its events in order, then how it ended. */
public interface StreamSubscription extends AutoCloseable {
    /** The next signal, waiting at most {@code wait}; empty when nothing came in time (time for a heartbeat). */
    Optional<Signal> next(Duration wait);

    /**
     * Every signal waiting now, in order, waiting at most {@code wait} for the first; empty when nothing came in
     * time. An {@link End} is always the last of the list and stays the answer from then on. A client sends them
     * in one write.
     */
    default List<Signal> drain(Duration wait) {
        return next(wait).map(List::of).orElse(List.of());
    }

    /**
     * Like {@link #drain}, with the events grouped in {@link Batch}es: a batch the stream handed to all its
     * subscribers at once is the same object for each of them (its encodings are shared: one encoding per batch
     * for all the clients), so a client writes a whole batch with one write. Only {@link Batch}es and, last, an
     * {@link End}.
     */
    default List<Signal> drainBatches(Duration wait) {
        List<Signal> out = new java.util.ArrayList<>();
        List<Event> events = new java.util.ArrayList<>();
        for (Signal signal : drain(wait)) {
            if (signal instanceof Event event) {
                events.add(event);
            } else {
                if (!events.isEmpty()) {
                    out.add(new Batch(List.copyOf(events)));
                    events.clear();
                }
                out.add(signal);
            }
        }
        if (!events.isEmpty()) {
            out.add(new Batch(List.copyOf(events)));
        }
        return out;
    }

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
    record Event(String token, Document event, Encodings encodings) implements Signal {
        /** An event with no encoding yet. */
        public Event(String token, Document event) {
            this(token, event, new Encodings());
        }
    }

    /**
     * Events in order, handed over together; the subscribers of one stream receive the same batch object, so an
     * encoding of the whole batch (its SSE frames, one after the other) is made once for them all.
     *
     * @param events    the events, in order (not empty)
     * @param encodings the batch's encodings, shared like an event's
     */
    record Batch(List<Event> events, Encodings encodings) implements Signal {
        /** A batch with no encoding yet. */
        public Batch(List<Event> events) {
            this(events, new Encodings());
        }
    }

    /**
     * The encodings of one event (its JSON in a mode, its SSE frame), computed by the first subscriber that needs
     * one and reused by every other subscriber that receives the same event object: the subscribers of one
     * server-side stream share its events, and a stream serves one view (one data scope), so users' views never mix.
     */
    final class Encodings {
        private final java.util.concurrent.ConcurrentHashMap<Object, Object> byKey =
                new java.util.concurrent.ConcurrentHashMap<>(4);

        /** The encoding under {@code key}, computed once. */
        @SuppressWarnings("unchecked")
        public <T> T get(Object key, java.util.function.Function<Object, T> encode) {
            Object known = byKey.get(key);
            if (known == null) {
                // not computeIfAbsent: one encoding may be built from another (an SSE frame from the JSON); two
                // subscribers racing on a new event may both encode it, and both get the first one kept
                Object made = encode.apply(key);
                known = byKey.putIfAbsent(key, made);
                if (known == null) {
                    known = made;
                }
            }
            return (T) known;
        }

        @Override
        public boolean equals(Object other) {
            return other instanceof Encodings; // an event is its token and document, whatever was encoded
        }

        @Override
        public int hashCode() {
            return 0;
        }
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
