package dev.mangrove.adapter.http;

import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * A response body whose writes may block at most {@code mangrove.http.write-timeout} each (docs/operations.md#limits):
 * a client that stops reading a long stream fills the socket's buffers, the write blocks, and after the timeout the
 * connection is closed, which fails the write, ends the request and closes its cursor. One watchdog task per stream
 * looks at the write in progress a few times per timeout; writes themselves only note when they start and end.
 */
final class WriteDeadline extends FilterOutputStream {
    private static final ScheduledExecutorService WATCHDOG = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread thread = new Thread(r, "mangrove-write-deadline");
        thread.setDaemon(true);
        return thread;
    });

    private final long timeoutNanos;
    private final Runnable closeConnection;
    private final ScheduledFuture<?> watch;
    private volatile long writingSince;
    private volatile boolean expired;

    private WriteDeadline(OutputStream out, Duration timeout, Runnable closeConnection) {
        super(out);
        this.timeoutNanos = timeout.toNanos();
        this.closeConnection = Objects.requireNonNull(closeConnection, "closeConnection");
        long period = Math.max(1, timeout.toMillis() / 4);
        this.watch = WATCHDOG.scheduleAtFixedRate(this::check, period, period, TimeUnit.MILLISECONDS);
    }

    /** {@code out}, guarded by the timeout on the current request's connection (unguarded when it is not known). */
    static OutputStream guard(OutputStream out, Duration timeout) {
        return ClientPresence.closer().<OutputStream>map(close -> new WriteDeadline(out, timeout, close)).orElse(out);
    }

    private void check() {
        long since = writingSince;
        if (since != 0 && System.nanoTime() - since > timeoutNanos && !expired) {
            expired = true;
            watch.cancel(false);
            closeConnection.run();
        }
    }

    @Override
    public void write(int b) throws IOException {
        begin();
        try {
            out.write(b);
        } finally {
            writingSince = 0;
        }
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
        begin();
        try {
            out.write(b, off, len);
        } finally {
            writingSince = 0;
        }
    }

    @Override
    public void flush() throws IOException {
        begin();
        try {
            out.flush();
        } finally {
            writingSince = 0;
        }
    }

    @Override
    public void close() throws IOException {
        try {
            if (!expired) {
                begin();
                out.close();
            }
        } finally {
            writingSince = 0;
            watch.cancel(false);
        }
    }

    private void begin() throws IOException {
        if (expired) {
            throw new IOException("the client read nothing for longer than mangrove.http.write-timeout");
        }
        writingSince = System.nanoTime();
    }
}
