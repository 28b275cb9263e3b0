package dev.mangrove.adapter.mongo;

import dev.mangrove.application.port.out.DocumentCursor;
import dev.mangrove.domain.document.Document;
import dev.mangrove.domain.error.ErrorKind;
import dev.mangrove.domain.error.MangroveException;
import org.reactivestreams.Publisher;
import org.reactivestreams.Subscriber;
import org.reactivestreams.Subscription;

import java.util.ArrayDeque;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Function;

/**
 * A blocking cursor over a reactive publisher with backpressure: it requests documents in batches as the
 * consumer drains them, so at most {@code 2 × batch} documents are ever buffered or in flight; closing it
 * cancels the subscription, which kills the server-side cursor.
 */
final class StreamingCursor implements DocumentCursor, Subscriber<Document> {
    private final int batch;
    private final int capacity;
    private final Function<Throwable, MangroveException> errors;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    private final ArrayDeque<Document> buffer;

    // all guarded by lock
    private Subscription subscription;
    private long outstanding;
    private boolean completed;
    private Throwable failure;
    private boolean closed;
    private int maxBuffered;
    private long requested;

    private StreamingCursor(int batch, Function<Throwable, MangroveException> errors) {
        if (batch < 1) {
            throw new IllegalArgumentException("batch must be positive");
        }
        this.batch = batch;
        this.capacity = 2 * batch;
        this.errors = Objects.requireNonNull(errors, "errors");
        this.buffer = new ArrayDeque<>(capacity);
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
        StreamingCursor cursor = new StreamingCursor(batch, errors);
        publisher.subscribe(cursor);
        try {
            cursor.awaitFirstSignal();
        } catch (RuntimeException e) {
            cursor.close();
            throw e;
        }
        return cursor;
    }

    private void awaitFirstSignal() {
        lock.lock();
        try {
            while (buffer.isEmpty() && !completed && failure == null && !closed) {
                awaitChange();
            }
            if (buffer.isEmpty() && failure != null) {
                throw errors.apply(failure);
            }
        } finally {
            lock.unlock();
        }
    }

    @Override
    public void onSubscribe(Subscription s) {
        Objects.requireNonNull(s, "subscription");
        boolean cancel;
        lock.lock();
        try {
            cancel = subscription != null || closed;
            if (subscription == null) {
                subscription = s;
                if (!closed) {
                    outstanding = batch;
                    requested = batch;
                }
            }
        } finally {
            lock.unlock();
        }
        if (cancel) {
            s.cancel();
        } else {
            s.request(batch);
        }
    }

    @Override
    public void onNext(Document document) {
        Objects.requireNonNull(document, "document");
        Subscription toCancel = null;
        lock.lock();
        try {
            if (closed || completed || failure != null) {
                return;
            }
            if (outstanding == 0 || buffer.size() >= capacity) {
                failure = new IllegalStateException("the publisher sent more documents than were requested");
                toCancel = subscription;
            } else {
                outstanding--;
                buffer.addLast(document);
                maxBuffered = Math.max(maxBuffered, buffer.size());
            }
            changed.signalAll();
        } finally {
            lock.unlock();
        }
        if (toCancel != null) {
            toCancel.cancel();
        }
    }

    @Override
    public void onError(Throwable t) {
        lock.lock();
        try {
            if (failure == null && !completed) {
                failure = Objects.requireNonNull(t, "failure");
            }
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    @Override
    public void onComplete() {
        lock.lock();
        try {
            completed = true;
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    @Override
    public boolean hasNext() {
        lock.lock();
        try {
            while (true) {
                if (closed) {
                    return false;
                }
                if (!buffer.isEmpty()) {
                    return true;
                }
                if (failure != null) {
                    throw errors.apply(failure);
                }
                if (completed) {
                    return false;
                }
                awaitChange();
            }
        } finally {
            lock.unlock();
        }
    }

    @Override
    public Document next() {
        if (!hasNext()) {
            throw new NoSuchElementException();
        }
        Document document;
        long more = 0;
        Subscription s;
        lock.lock();
        try {
            document = buffer.pollFirst();
            if (document == null) {
                throw new NoSuchElementException();
            }
            if (!completed && failure == null && !closed && buffer.size() + outstanding + batch <= capacity) {
                more = batch;
                outstanding += batch;
                requested += batch;
            }
            s = subscription;
        } finally {
            lock.unlock();
        }
        if (more > 0) {
            s.request(more);
        }
        return document;
    }

    @Override
    public void close() {
        Subscription toCancel;
        lock.lock();
        try {
            if (closed) {
                return;
            }
            closed = true;
            buffer.clear();
            toCancel = completed || failure != null ? null : subscription;
            changed.signalAll();
        } finally {
            lock.unlock();
        }
        if (toCancel != null) {
            toCancel.cancel();
        }
    }

    /** The most documents ever held in the buffer at once. */
    int maxBuffered() {
        lock.lock();
        try {
            return maxBuffered;
        } finally {
            lock.unlock();
        }
    }

    /** How many documents were requested from the publisher in total. */
    long requested() {
        lock.lock();
        try {
            return requested;
        } finally {
            lock.unlock();
        }
    }

    private void awaitChange() {
        try {
            changed.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            Subscription toCancel = closed || completed ? null : subscription;
            closed = true;
            buffer.clear();
            if (toCancel != null) {
                toCancel.cancel();
            }
            throw MangroveException.of(ErrorKind.UNAVAILABLE, "backend-unavailable",
                    "The request was interrupted while reading from the database").withRetryAfter(MongoErrors.RETRY_AFTER).withCause(e);
        }
    }
}
