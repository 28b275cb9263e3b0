package dev.mangrove.bootstrap;

import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.logging.ErrorManager;
import java.util.logging.Formatter;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogManager;
import java.util.logging.LogRecord;
import java.util.logging.StreamHandler;

/**
 * The access log's JUL handler (docs/operations.md#logs): a request only puts its line in a bounded queue
 * and never waits for the console; one writer thread formats and writes the lines in batches, flushing
 * once per batch. When the queue is full the line is dropped and counted
 * ({@code mangrove_access_log_dropped_total}), so a slow terminal or pipe can never slow requests down.
 * Closing (at the end of the graceful stop) writes every queued line first.
 *
 * <p>Configured from {@code logging.properties}: {@code dev.mangrove.bootstrap.AsyncAccessLogHandler.capacity}
 * (lines, default 16384), {@code .level}, {@code .formatter} (default {@link LogLineFormatter}); lines go
 * to standard error, like the other log lines.
 */
public final class AsyncAccessLogHandler extends Handler {
    private static final AtomicLong DROPPED = new AtomicLong();
    private static final int BATCH = 256;
    private static final long BUSY_PAUSE_MILLIS = 5;
    private final BlockingQueue<LogRecord> queue;
    private final Sink out;
    private final Thread writer;
    private volatile boolean closed;

    /** Created by {@link LogManager} from the logging configuration. */
    public AsyncAccessLogHandler() {
        this(System.err, configuredCapacity());
    }

    AsyncAccessLogHandler(OutputStream target, int capacity) {
        String prefix = AsyncAccessLogHandler.class.getName();
        LogManager manager = LogManager.getLogManager();
        this.queue = new ArrayBlockingQueue<>(capacity);
        this.out = new Sink(target, formatter(manager.getProperty(prefix + ".formatter")), this);
        String level = manager.getProperty(prefix + ".level");
        setLevel(level == null ? Level.ALL : Level.parse(level.trim()));
        this.writer = Thread.ofPlatform().daemon().name("mangrove-access-log").start(this::drain);
    }

    /** Lines dropped since start because the queue was full. */
    static long dropped() {
        return DROPPED.get();
    }

    @Override
    public void publish(LogRecord record) {
        if (closed || !isLoggable(record)) {
            return;
        }
        if (!queue.offer(record)) {
            DROPPED.incrementAndGet();
        }
    }

    /** Waits (briefly) until the lines queued so far are written. */
    @Override
    public void flush() {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (!queue.isEmpty() && writer.isAlive() && System.nanoTime() < deadline) {
            Thread.onSpinWait();
            Thread.yield();
        }
        synchronized (out) {
            out.flush();
        }
    }

    /** Writes every queued line, then stops the writer. */
    @Override
    public void close() {
        closed = true;
        writer.interrupt();
        try {
            writer.join(TimeUnit.SECONDS.toMillis(5));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        synchronized (out) {
            writeBatch(drainAll());
            try {
                out.tail();
            } catch (IOException e) {
                reportError("access log tail not written", e, ErrorManager.CLOSE_FAILURE);
            }
            out.flush();
        }
    }

    private void drain() {
        List<LogRecord> batch = new ArrayList<>(BATCH);
        boolean busy = false;
        boolean full = false;
        while (!closed) {
            try {
                if (busy) {
                    // while lines keep coming, collect them for a moment instead of waiting on the queue: a request
                    // then never has to wake this thread (an unpark per line cost 4 % of a health probe's CPU)
                    if (!full) {
                        Thread.sleep(BUSY_PAUSE_MILLIS);
                    }
                    queue.drainTo(batch, BATCH);
                    if (batch.isEmpty()) {
                        busy = false;
                        continue;
                    }
                } else {
                    LogRecord first = queue.poll(1, TimeUnit.SECONDS);
                    if (first == null) {
                        continue;
                    }
                    batch.add(first);
                    queue.drainTo(batch, BATCH - 1);
                    busy = true;
                }
                synchronized (out) {
                    writeBatch(batch);
                    out.flush();
                }
                full = batch.size() == BATCH;
                batch.clear();
            } catch (InterruptedException e) {
                return; // close() writes what is left
            } catch (RuntimeException e) {
                reportError("access log line not written", e, ErrorManager.WRITE_FAILURE);
                batch.clear();
            }
        }
    }

    private List<LogRecord> drainAll() {
        List<LogRecord> rest = new ArrayList<>();
        queue.drainTo(rest);
        return rest;
    }

    private void writeBatch(List<LogRecord> records) {
        try {
            out.write(records);
        } catch (IOException | RuntimeException e) {
            reportError("access log lines not written", e, ErrorManager.WRITE_FAILURE);
        }
    }

    /**
     * The console side: formats a batch of lines into one text and writes it at once (a {@link StreamHandler} took its
     * lock, checked its level and wrote for every line: about 1 % of a health probe's CPU).
     */
    private static final class Sink {
        private final Writer text;
        private final Formatter formatter;
        private final Handler owner;
        private boolean headWritten;

        Sink(OutputStream target, Formatter formatter, Handler owner) {
            this.text = new OutputStreamWriter(target);
            this.formatter = formatter;
            this.owner = owner;
        }

        void write(List<LogRecord> records) throws IOException {
            if (records.isEmpty()) {
                return;
            }
            StringBuilder lines = new StringBuilder(records.size() * 120);
            if (!headWritten) {
                lines.append(formatter.getHead(owner));
                headWritten = true;
            }
            for (LogRecord record : records) {
                lines.append(formatter.format(record));
            }
            text.write(lines.toString());
        }

        /** Writes the formatter's tail (most write none) after the last lines. */
        void tail() throws IOException {
            if (headWritten) {
                text.write(formatter.getTail(owner));
            }
        }

        void flush() {
            try {
                text.flush();
            } catch (IOException e) {
                // the console went away: nothing to report to
            }
        }
    }

    private static int configuredCapacity() {
        String value = LogManager.getLogManager().getProperty(AsyncAccessLogHandler.class.getName() + ".capacity");
        try {
            int capacity = value == null ? 16_384 : Integer.parseInt(value.trim());
            return Math.max(1, capacity);
        } catch (NumberFormatException e) {
            return 16_384;
        }
    }

    private static Formatter formatter(String className) {
        if (className != null) {
            try {
                return (Formatter) ClassLoader.getSystemClassLoader().loadClass(className.trim())
                        .getDeclaredConstructor().newInstance();
            } catch (ReflectiveOperationException | ClassCastException e) {
                // fall back to the bundled one-line format
            }
        }
        return new LogLineFormatter();
    }
}
