package dev.mangrove.bootstrap;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.logging.Formatter;
import java.util.logging.LogRecord;

/**
 * The one-line log format of the bundled {@code logging.properties}:
 * {@code 2026-11-23T12:57:13.123Z INFO    dev.mangrove.access: GET /{db}/{coll}/{id} 200 1.2ms id=…},
 * the time in UTC. It is what {@link java.util.logging.SimpleFormatter} printed with
 * {@code %1$tFT%1$tT.%1$tLZ %4$-7s %3$s: %5$s%6$s%n}, built with a StringBuilder instead: that
 * formatter looks up the caller's class on every record (a stack walk, although the format does not
 * print it) and parses its pattern with {@code String.format}, which made the access log cost about
 * as much CPU as a request's own work on the cheapest requests.
 */
public final class LogLineFormatter extends Formatter {
    /** The text of the last second formatted ({@code 2026-11-23T12:57:13.}): lines come many to a second. */
    private volatile Second last = new Second(Long.MIN_VALUE, "");

    private record Second(long epochSecond, String text) {
    }

    @Override
    public String format(LogRecord record) {
        StringBuilder out = new StringBuilder(160);
        append(out, record.getInstant().toEpochMilli(), record.getLevel().getLocalizedName(), record.getLoggerName(),
                formatMessage(record));
        if (record.getThrown() != null) {
            StringWriter trace = new StringWriter();
            try (PrintWriter writer = new PrintWriter(trace)) {
                writer.println();
                record.getThrown().printStackTrace(writer);
            }
            out.append(trace);
        }
        return out.append(System.lineSeparator()).toString();
    }

    /**
     * Appends a line without its line separator, as {@link #format} prints a record of that time, level name, logger
     * and message with no stack trace (the access log's handler formats its lines with it, without a record).
     */
    StringBuilder append(StringBuilder out, long epochMillis, String level, String logger, CharSequence message) {
        long epochSecond = Math.floorDiv(epochMillis, 1000);
        Second second = last;
        if (second.epochSecond() != epochSecond) {
            StringBuilder text = new StringBuilder(20);
            LocalDateTime t = LocalDateTime.ofEpochSecond(epochSecond, 0, ZoneOffset.UTC);
            pad(text, t.getYear(), 4).append('-');
            pad(text, t.getMonthValue(), 2).append('-');
            pad(text, t.getDayOfMonth(), 2).append('T');
            pad(text, t.getHour(), 2).append(':');
            pad(text, t.getMinute(), 2).append(':');
            pad(text, t.getSecond(), 2).append('.');
            second = new Second(epochSecond, text.toString());
            last = second;
        }
        out.append(second.text());
        pad(out, (int) Math.floorMod(epochMillis, 1000), 3).append("Z ");
        out.append(level);
        for (int i = level.length(); i < 7; i++) {
            out.append(' ');
        }
        return out.append(' ').append(logger).append(": ").append(message);
    }

    /** Appends {@code value} (not negative) with leading zeros to {@code width} digits, without making a string. */
    private static StringBuilder pad(StringBuilder out, int value, int width) {
        int digits = 1;
        for (int rest = value / 10; rest > 0; rest /= 10) {
            digits++;
        }
        for (int i = digits; i < width; i++) {
            out.append('0');
        }
        return out.append(value);
    }
}
