package dev.mangrove.bootstrap;

import org.junit.jupiter.api.Test;

import java.io.InputStream;
import java.time.Instant;
import java.util.Properties;
import java.util.TimeZone;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.SimpleFormatter;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class LogLineFormatterTest {
    private static final String OLD_FORMAT = "%1$tFT%1$tT.%1$tLZ %4$-7s %3$s: %5$s%6$s%n";

    private static LogRecord record(Level level, String logger, String message, Instant at) {
        LogRecord record = new LogRecord(level, message);
        record.setLoggerName(logger);
        record.setInstant(at);
        return record;
    }

    @Test
    void printsWhatTheSimpleFormatterPatternPrintedInUtc() throws Exception {
        TimeZone zone = TimeZone.getDefault();
        String old = System.getProperty("java.util.logging.SimpleFormatter.format");
        TimeZone.setDefault(TimeZone.getTimeZone("UTC"));
        System.setProperty("java.util.logging.SimpleFormatter.format", OLD_FORMAT);
        try {
            SimpleFormatter simple = new SimpleFormatter();
            for (Instant at : new Instant[] {Instant.parse("2026-01-02T03:04:05.006Z"),
                    Instant.parse("2026-11-23T23:59:59.999999Z"), Instant.parse("0999-12-31T00:00:00Z")}) {
                for (Level level : new Level[] {Level.INFO, Level.WARNING, Level.SEVERE, Level.FINE}) {
                    LogRecord r = record(level, "dev.mangrove.access", "GET /{db}/{coll}/{id} 200 1.2ms id=ab", at);
                    assertEquals(simple.format(r), new LogLineFormatter().format(r));
                }
            }
            LogRecord withParams = record(Level.INFO, "x", "a {0} c", Instant.parse("2026-01-02T03:04:05Z"));
            withParams.setParameters(new Object[] {"b"});
            assertEquals(simple.format(withParams), new LogLineFormatter().format(withParams));
            LogRecord failed = record(Level.SEVERE, "x", "boom", Instant.parse("2026-01-02T03:04:05Z"));
            failed.setThrown(new IllegalStateException("broken"));
            assertEquals(simple.format(failed), new LogLineFormatter().format(failed));
        } finally {
            TimeZone.setDefault(zone);
            if (old == null) {
                System.clearProperty("java.util.logging.SimpleFormatter.format");
            } else {
                System.setProperty("java.util.logging.SimpleFormatter.format", old);
            }
        }
    }

    @Test
    void oneFormatterPrintsEachLinesOwnTimeAcrossSeconds() {
        LogLineFormatter reused = new LogLineFormatter();
        for (String at : new String[] {"2026-01-02T03:04:05.006Z", "2026-01-02T03:04:05.999Z", "2026-01-02T03:04:06.000Z",
                "2026-01-02T03:04:05.100Z", "2027-01-02T03:04:05.100Z", "0999-12-31T00:00:00.001Z"}) {
            LogRecord r = record(Level.INFO, "dev.mangrove.access", "GET / 200 0.1ms id=a", Instant.parse(at));
            assertEquals(new LogLineFormatter().format(r), reused.format(r), at);
            assertTrue(reused.format(r).startsWith(at.substring(0, 23) + "Z "), at);
        }
    }

    @Test
    void theTimeIsUtcWhateverTheDefaultZone() {
        TimeZone zone = TimeZone.getDefault();
        TimeZone.setDefault(TimeZone.getTimeZone("Asia/Kolkata"));
        try {
            String line = new LogLineFormatter().format(record(Level.INFO, "dev.mangrove.access", "m",
                    Instant.parse("2026-01-02T03:04:05.006Z")));
            assertEquals("2026-01-02T03:04:05.006Z INFO    dev.mangrove.access: m" + System.lineSeparator(), line);
        } finally {
            TimeZone.setDefault(zone);
        }
    }

    @Test
    void theBundledConfigurationUsesIt() throws Exception {
        Properties bundled = new Properties();
        try (InputStream in = Main.class.getResourceAsStream("/logging.properties")) {
            bundled.load(in);
        }
        assertEquals(LogLineFormatter.class.getName(), bundled.getProperty("java.util.logging.ConsoleHandler.formatter"));
        assertTrue(bundled.getProperty("dev.mangrove.level") != null);
    }
}
