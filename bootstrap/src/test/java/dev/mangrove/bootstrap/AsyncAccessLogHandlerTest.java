package dev.mangrove.bootstrap;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CountDownLatch;
import java.util.logging.Level;
import java.util.logging.LogRecord;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class AsyncAccessLogHandlerTest {

    @Test
    void writesEveryQueuedLineInOrderWhenClosed() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        AsyncAccessLogHandler handler = new AsyncAccessLogHandler(out, 1_000);
        for (int i = 0; i < 500; i++) {
            handler.publish(new LogRecord(Level.INFO, "GET /{db} 200 line-" + i));
        }
        handler.close();
        String[] lines = out.toString(StandardCharsets.UTF_8).split("\n");
        assertEquals(500, lines.length);
        for (int i = 0; i < 500; i++) {
            assertTrue(lines[i].endsWith("line-" + i), lines[i]);
        }
    }

    @Test
    void dropsAndCountsLinesInsteadOfWaitingForASlowConsole() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        ByteArrayOutputStream written = new ByteArrayOutputStream();
        OutputStream stuck = new OutputStream() {
            @Override
            public void write(int b) {
                await(release);
                written.write(b);
            }

            @Override
            public void write(byte[] b, int off, int len) {
                await(release);
                written.write(b, off, len);
            }
        };
        AsyncAccessLogHandler handler = new AsyncAccessLogHandler(stuck, 4);
        long before = AsyncAccessLogHandler.dropped();
        for (int i = 0; i < 50; i++) { // the writer is stuck on its first line: the queue fills, then lines drop
            handler.publish(new LogRecord(Level.INFO, "line-" + i));
        }
        long dropped = AsyncAccessLogHandler.dropped() - before;
        // at most 9 lines are taken: one the writer is stuck on, 4 it drained into its batch, 4 in the queue
        assertTrue(dropped >= 50 - 9, "dropped only " + dropped + " although the console never took a line");
        release.countDown();
        handler.close();
        long lines = written.toString(StandardCharsets.UTF_8).lines().count();
        assertEquals(50 - dropped, lines, "every line not dropped is written");
    }

    @Test
    void ignoresLinesAfterClose() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        AsyncAccessLogHandler handler = new AsyncAccessLogHandler(out, 10);
        handler.close();
        handler.publish(new LogRecord(Level.INFO, "late"));
        assertEquals("", out.toString(StandardCharsets.UTF_8));
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
