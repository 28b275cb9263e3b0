package dev.mangrove.bootstrap;

import dev.mangrove.adapter.http.AccessLog;

import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.logging.ErrorManager;
import java.util.logging.Formatter;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogManager;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
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
 *
 * <p>When the logging configuration sends the access log's logger to this handler alone, {@link #accessLog()} gives
 * the server an access log that skips the logging API: a request queues its line's parts (no log record, no text),
 * and this handler's thread builds and formats the line (docs/performance.md#reference-route-sixth-pass).
 */
public final class AsyncAccessLogHandler extends Handler {
    private static final AtomicLong DROPPED = new AtomicLong();
    /** The most lines written at once. */
    private static final int BATCH = 1024;
    /**
     * How long the writer collects lines while they keep coming: a line reaches the console at most this much later,
     * and each batch's wake-up and write are shared by more lines (20 rather than 5 ms halved the writer's CPU per
     * line at 3,000 requests/s, docs/performance.md#reference-route-sixth-pass).
     */
    private static final long BUSY_PAUSE_MILLIS = 20;
    /** Log records and {@link Entry access-log entries}, at most {@link #capacity} ({@link #queued} counts them). */
    private final Queue<Object> queue = new ConcurrentLinkedQueue<>();
    private final AtomicInteger queued = new AtomicInteger();
    private final int capacity;
    private final Sink out;
    private final Thread writer;
    private volatile boolean closed;
    /** Set by the writer before it parks with nothing to write: a line queued then wakes it. */
    private volatile boolean idle;

    /** Created by {@link LogManager} from the logging configuration. */
    public AsyncAccessLogHandler() {
        this(System.err, configuredCapacity());
    }

    AsyncAccessLogHandler(OutputStream target, int capacity) {
        this(target, capacity, formatter(LogManager.getLogManager().getProperty(
                AsyncAccessLogHandler.class.getName() + ".formatter")));
    }

    AsyncAccessLogHandler(OutputStream target, int capacity, Formatter formatter) {
        LogManager manager = LogManager.getLogManager();
        this.capacity = capacity;
        this.out = new Sink(target, formatter, this);
        String level = manager.getProperty(AsyncAccessLogHandler.class.getName() + ".level");
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
        enqueue(record);
    }

    /**
     * The server's access log: straight into this handler's queue when the configuration sends logger
     * {@value AccessLog#LOGGER} to one {@code AsyncAccessLogHandler} only (no parent handlers, no filters), as the
     * bundled one does; else {@link AccessLog#SYSTEM_LOGGER}. The logger's and this handler's levels are still
     * checked for every line.
     */
    static AccessLog accessLog() {
        Logger logger = Logger.getLogger(AccessLog.LOGGER);
        Handler[] handlers = logger.getHandlers();
        if (logger.getUseParentHandlers() || logger.getFilter() != null || handlers.length != 1
                || !(handlers[0] instanceof AsyncAccessLogHandler handler) || handler.getFilter() != null) {
            return AccessLog.SYSTEM_LOGGER;
        }
        return new Direct(logger, handler);
    }

    /** An access-log line's parts, queued by the request and made into a line by the writer. */
    private record Entry(long epochMillis, String method, String route, int status, long nanos, String requestId,
                         String note) {
    }

    private record Direct(Logger logger, AsyncAccessLogHandler handler) implements AccessLog {
        private static final int INFO = Level.INFO.intValue();

        @Override
        public void request(String method, String route, int status, long nanos, String requestId, String note) {
            if (logger.isLoggable(Level.INFO) && !handler.closed && INFO >= handler.getLevel().intValue()) {
                handler.enqueue(new Entry(System.currentTimeMillis(), method, route, status, nanos, requestId, note));
            }
        }
    }

    /** Queues a record or entry unless the queue is full (then counts it dropped); wakes an idle writer. */
    private void enqueue(Object line) {
        if (queued.incrementAndGet() > capacity) {
            queued.decrementAndGet();
            DROPPED.incrementAndGet();
            return;
        }
        queue.offer(line);
        if (idle) {
            LockSupport.unpark(writer);
        }
    }

    /** Waits (briefly) until the lines queued so far are written. */
    @Override
    public void flush() {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (queued.get() > 0 && writer.isAlive() && System.nanoTime() < deadline) {
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
        List<Object> batch = new ArrayList<>(BATCH);
        while (!closed) {
            try {
                if (take(batch) == 0) {
                    idle = true;
                    if (queue.isEmpty() && !closed) { // checked after idle is set: a line queued since then unparks
                        LockSupport.parkNanos(this, TimeUnit.SECONDS.toNanos(1));
                    }
                    idle = false;
                    continue;
                }
                synchronized (out) {
                    writeBatch(batch);
                    out.flush();
                }
                boolean full = batch.size() == BATCH;
                batch.clear();
                if (!full) {
                    // while lines keep coming, collect them for a moment rather than parking: a request then never
                    // has to wake this thread (an unpark per line cost 4 % of a health probe's CPU)
                    Thread.sleep(BUSY_PAUSE_MILLIS);
                }
            } catch (InterruptedException e) {
                return; // close() writes what is left
            } catch (RuntimeException e) {
                reportError("access log line not written", e, ErrorManager.WRITE_FAILURE);
                batch.clear();
            }
        }
    }

    /** Moves up to {@link #BATCH} queued lines into {@code batch}; returns how many. */
    private int take(List<Object> batch) {
        int taken = 0;
        for (Object line; taken < BATCH && (line = queue.poll()) != null; taken++) {
            batch.add(line);
        }
        queued.addAndGet(-taken);
        return taken;
    }

    private List<Object> drainAll() {
        List<Object> rest = new ArrayList<>();
        for (Object line; (line = queue.poll()) != null; ) {
            rest.add(line);
        }
        queued.addAndGet(-rest.size());
        return rest;
    }

    private void writeBatch(List<Object> records) {
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
        private static final String INFO = Level.INFO.getLocalizedName();
        private static final String NEWLINE = System.lineSeparator();
        private static final int INITIAL = BATCH * 128;
        private static final int MAX_KEPT = 1 << 20;
        private final StringBuilder message = new StringBuilder(160);
        /** A batch's text and its characters, kept from batch to batch (a batch made 500 bytes of garbage per line). */
        private StringBuilder lines = new StringBuilder(INITIAL);
        private char[] chars = new char[INITIAL];
        private final Writer text;
        private final Formatter formatter;
        private final Handler owner;
        private boolean headWritten;

        Sink(OutputStream target, Formatter formatter, Handler owner) {
            this.text = new OutputStreamWriter(target);
            this.formatter = formatter;
            this.owner = owner;
        }

        void write(List<Object> records) throws IOException {
            if (records.isEmpty()) {
                return;
            }
            lines.setLength(0);
            if (!headWritten) {
                lines.append(formatter.getHead(owner));
                headWritten = true;
            }
            for (Object record : records) {
                if (record instanceof Entry entry) {
                    format(entry);
                } else {
                    lines.append(formatter.format((LogRecord) record));
                }
            }
            if (chars.length < lines.length()) {
                chars = new char[Math.max(lines.length(), chars.length * 2)];
            }
            lines.getChars(0, lines.length(), chars, 0);
            text.write(chars, 0, lines.length());
            if (lines.capacity() > MAX_KEPT) { // a batch with a long stack trace: do not keep its buffers
                lines = new StringBuilder(INITIAL);
                chars = new char[INITIAL];
            }
        }

        /** An entry as the formatter prints the {@code INFO} record of its line (without making one for the bundled one). */
        private void format(Entry entry) {
            if (formatter instanceof LogLineFormatter oneLine) {
                message.setLength(0);
                AccessLog.append(message, entry.method(), entry.route(), entry.status(), entry.nanos(),
                        entry.requestId(), entry.note());
                oneLine.append(lines, entry.epochMillis(), INFO, AccessLog.LOGGER, message).append(NEWLINE);
                return;
            }
            LogRecord record = new LogRecord(Level.INFO, AccessLog.line(entry.method(), entry.route(), entry.status(),
                    entry.nanos(), entry.requestId(), entry.note()));
            record.setLoggerName(AccessLog.LOGGER);
            record.setInstant(Instant.ofEpochMilli(entry.epochMillis()));
            lines.append(formatter.format(record));
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
