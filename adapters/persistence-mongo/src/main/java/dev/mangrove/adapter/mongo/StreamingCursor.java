package dev.mangrove.adapter.mongo;

import dev.mangrove.application.port.out.DocumentCursor;
import dev.mangrove.domain.document.Document;
import dev.mangrove.domain.error.MangroveException;
import org.reactivestreams.Publisher;
import reactor.core.Exceptions;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import java.util.Iterator;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.function.Function;
import java.util.stream.Stream;

/**
 * A blocking cursor over a reactive publisher, on Reactor's bounded blocking iterator
 * ({@code Flux.toStream(batch)}): it requests {@code batch} documents, then tops up as the consumer drains
 * them, so at most {@code batch} documents are ever buffered or in flight; closing it early cancels the
 * subscription, which kills the server-side cursor. A failure is thrown after the documents that came
 * before it (Reactor's iterator alone would throw it at once and drop them).
 */
final class StreamingCursor implements DocumentCursor {
    /** Stands, in the stream, for the failure that ended it. */
    private static final Document FAILED = new Document(Map.of());

    private final Stream<Document> stream;
    private final Iterator<Document> documents;
    private final Function<Throwable, MangroveException> errors;
    private volatile Throwable failure;
    private volatile boolean closed;
    private boolean done;
    private Document ahead;

    private StreamingCursor(Publisher<Document> publisher, int batch, Function<Throwable, MangroveException> errors) {
        this.errors = Objects.requireNonNull(errors, "errors");
        this.stream = Flux.from(publisher)
                .onErrorResume(e -> {
                    failure = e;
                    return Mono.just(FAILED);
                })
                .toStream(batch);
        this.documents = stream.iterator();
    }

    /**
     * Subscribes to the publisher and waits for its first signal, so that a query that cannot even start
     * fails here rather than in the middle of a response.
     *
     * @param publisher the documents
     * @param batch     how many documents to request at a time
     * @param errors    maps a failure signalled by the publisher to the domain failure
     */
    static StreamingCursor open(Publisher<Document> publisher, int batch,
                                Function<Throwable, MangroveException> errors) {
        if (batch < 1) {
            throw new IllegalArgumentException("batch must be positive");
        }
        StreamingCursor cursor = new StreamingCursor(publisher, batch, errors);
        try {
            cursor.hasNext();
        } catch (RuntimeException e) {
            cursor.close();
            throw e;
        }
        return cursor;
    }

    @Override
    public boolean hasNext() {
        if (closed) {
            return false;
        }
        if (ahead != null) {
            return true;
        }
        if (done) {
            return false;
        }
        Document next;
        try {
            if (!documents.hasNext()) {
                done = true;
                return false;
            }
            next = documents.next();
        } catch (RuntimeException e) {
            done = true;
            Throwable cause = Exceptions.unwrap(e);
            if (cause instanceof InterruptedException) {
                close();
                throw Blocking.interrupted(cause);
            }
            throw errors.apply(cause);
        }
        if (next == FAILED) {
            done = true;
            throw errors.apply(failure);
        }
        ahead = next;
        return true;
    }

    @Override
    public Document next() {
        if (!hasNext()) {
            throw new NoSuchElementException();
        }
        Document next = ahead;
        ahead = null;
        return next;
    }

    @Override
    public void close() {
        if (!closed) {
            closed = true;
            ahead = null;
            if (!done) {
                stream.close(); // cancels the subscription
            }
        }
    }
}
