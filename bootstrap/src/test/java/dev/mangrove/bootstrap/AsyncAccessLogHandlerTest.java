package dev.mangrove.bootstrap;

import dev.mangrove.adapter.http.AccessLog;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.function.Consumer;
import java.util.logging.ConsoleHandler;
import java.util.logging.Formatter;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
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

    @Test
    void theServersAccessLogQueuesStraightHereAndPrintsWhatTheLoggingApiWould() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        AsyncAccessLogHandler handler = new AsyncAccessLogHandler(out, 100);
        withAccessLogger(List.of(handler), false, logger -> {
            AccessLog log = AsyncAccessLogHandler.accessLog();
            assertNotSame(AccessLog.SYSTEM_LOGGER, log, "the logger sends its lines to this handler alone");
            long from = System.currentTimeMillis();
            log.request("GET", "/{db}/{coll}/{docid}", 200, 1_234_567, "ab", null);
            log.request("GET", "unmatched", 414, 0, "cd", "refused before routing: uri-too-long");
            logger.setLevel(Level.WARNING);
            log.request("GET", "/{db}", 200, 0, "logger-level-off", null);
            logger.setLevel(Level.INFO);
            handler.setLevel(Level.SEVERE);
            log.request("GET", "/{db}", 200, 0, "handler-level-off", null);
            handler.setLevel(Level.ALL);
            handler.flush();
            long to = System.currentTimeMillis();
            List<String> lines = out.toString(StandardCharsets.UTF_8).lines().toList();
            assertEquals(2, lines.size(), "the logger's and the handler's levels are checked per line: " + lines);
            String[] messages = {"GET /{db}/{coll}/{docid} 200 1.2ms id=ab",
                    "GET unmatched 414 0.0ms id=cd refused before routing: uri-too-long"};
            for (int i = 0; i < 2; i++) {
                Instant at = Instant.parse(lines.get(i).substring(0, lines.get(i).indexOf(' ')));
                assertTrue(at.toEpochMilli() >= from && at.toEpochMilli() <= to, "the time the line was queued: " + at);
                LogRecord same = new LogRecord(Level.INFO, messages[i]);
                same.setLoggerName(AccessLog.LOGGER);
                same.setInstant(at);
                assertEquals(new LogLineFormatter().format(same), lines.get(i) + System.lineSeparator());
            }
        });
        handler.close();
    }

    @Test
    void anotherFormatterGetsTheRecordOfEachLine() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        Formatter plain = new Formatter() {
            @Override
            public String format(LogRecord record) {
                return record.getLoggerName() + "|" + record.getLevel() + "|" + record.getMessage() + "|"
                        + record.getInstant().toEpochMilli() + "\n";
            }
        };
        AsyncAccessLogHandler handler = new AsyncAccessLogHandler(out, 100, plain);
        long from = System.currentTimeMillis();
        withAccessLogger(List.of(handler), false, logger -> AsyncAccessLogHandler.accessLog()
                .request("POST", "/{db}/{coll}", 201, 6_000_000, "ef", null));
        handler.close();
        String[] parts = out.toString(StandardCharsets.UTF_8).trim().split("\\|");
        assertEquals("dev.mangrove.access", parts[0]);
        assertEquals("INFO", parts[1]);
        assertEquals("POST /{db}/{coll} 201 6.0ms id=ef", parts[2]);
        assertTrue(Long.parseLong(parts[3]) >= from, parts[3]);
    }

    @Test
    void anyOtherConfigurationKeepsTheLoggingApi() {
        AsyncAccessLogHandler one = new AsyncAccessLogHandler(new ByteArrayOutputStream(), 10);
        AsyncAccessLogHandler two = new AsyncAccessLogHandler(new ByteArrayOutputStream(), 10);
        try {
            withAccessLogger(List.of(one), true, logger -> assertSame(AccessLog.SYSTEM_LOGGER,
                    AsyncAccessLogHandler.accessLog(), "lines also go to the parent's handlers"));
            withAccessLogger(List.of(one, two), false, logger -> assertSame(AccessLog.SYSTEM_LOGGER,
                    AsyncAccessLogHandler.accessLog(), "two handlers"));
            withAccessLogger(List.of(new ConsoleHandler()), false, logger -> assertSame(AccessLog.SYSTEM_LOGGER,
                    AsyncAccessLogHandler.accessLog(), "another handler"));
            withAccessLogger(List.of(one), false, logger -> {
                logger.setFilter(record -> true);
                assertSame(AccessLog.SYSTEM_LOGGER, AsyncAccessLogHandler.accessLog(), "a filter on the logger");
            });
            withAccessLogger(List.of(one), false, logger -> {
                one.setFilter(record -> true);
                assertSame(AccessLog.SYSTEM_LOGGER, AsyncAccessLogHandler.accessLog(), "a filter on the handler");
            });
        } finally {
            one.close();
            two.close();
        }
    }

    @Test
    void everyLineFromManyThreadsIsWrittenOnce() throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        AsyncAccessLogHandler handler = new AsyncAccessLogHandler(out, 100_000);
        withAccessLogger(List.of(handler), false, logger -> {
            AccessLog log = AsyncAccessLogHandler.accessLog();
            List<Thread> threads = new ArrayList<>();
            for (int t = 0; t < 8; t++) {
                String prefix = "t" + t + "-";
                threads.add(Thread.ofVirtual().start(() -> {
                    for (int i = 0; i < 2_000; i++) {
                        log.request("GET", "/{db}", 200, 0, prefix + i, null);
                        if (i % 500 == 0) {
                            Thread.yield();
                        }
                    }
                }));
            }
            for (Thread thread : threads) {
                join(thread);
            }
        });
        handler.close();
        List<String> lines = out.toString(StandardCharsets.UTF_8).lines().toList();
        Set<String> ids = new HashSet<>();
        for (String line : lines) {
            ids.add(line.substring(line.indexOf("id=") + 3));
        }
        assertEquals(16_000, lines.size());
        assertEquals(16_000, ids.size(), "no line twice");
    }

    /** Runs {@code body} with the access logger sending to {@code handlers} only, then restores it. */
    private static void withAccessLogger(List<Handler> handlers, boolean parents, Consumer<Logger> body) {
        Logger logger = Logger.getLogger(AccessLog.LOGGER);
        Handler[] before = logger.getHandlers();
        boolean parentsBefore = logger.getUseParentHandlers();
        Level levelBefore = logger.getLevel();
        try {
            for (Handler handler : before) {
                logger.removeHandler(handler);
            }
            handlers.forEach(logger::addHandler);
            logger.setUseParentHandlers(parents);
            logger.setLevel(Level.INFO);
            body.accept(logger);
        } finally {
            handlers.forEach(logger::removeHandler);
            for (Handler handler : before) {
                logger.addHandler(handler);
            }
            logger.setUseParentHandlers(parentsBefore);
            logger.setLevel(levelBefore);
            logger.setFilter(null);
        }
    }

    private static void join(Thread thread) {
        try {
            thread.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
