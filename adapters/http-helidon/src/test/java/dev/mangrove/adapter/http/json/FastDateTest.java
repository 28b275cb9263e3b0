package dev.mangrove.adapter.http.json;

import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.Locale;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

/** The hand-written date paths agree with java.time on every instant they handle. */
class FastDateTest {
    private static final DateTimeFormatter ISO_MILLIS =
            DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSS'Z'", Locale.ROOT).withZone(ZoneOffset.UTC);
    private static final long LAST_ISO_MILLIS = 253_402_300_799_999L;

    @Test
    void writingAndReadingAgreeWithJavaTimeFrom1970To9999() {
        Random random = new Random(7);
        for (int i = 0; i < 20_000; i++) {
            long millis = i < 3 ? new long[] {0, LAST_ISO_MILLIS, 951_782_400_000L}[i]
                    : (random.nextLong() & Long.MAX_VALUE) % (LAST_ISO_MILLIS + 1);
            Instant instant = Instant.ofEpochMilli(millis);
            String text = EjsonWriter.isoMillis(millis);
            assertEquals(ISO_MILLIS.format(instant), text);
            assertEquals(instant, EjsonReader.utcDate(text));
            assertEquals(instant.truncatedTo(ChronoUnit.SECONDS), EjsonReader.utcDate(text.substring(0, 19) + "Z"));
        }
    }

    @Test
    void readsEveryFractionLengthAndTruncatesToMilliseconds() {
        assertEquals(Instant.parse("2024-01-02T03:04:05.100Z"), EjsonReader.utcDate("2024-01-02T03:04:05.1Z"));
        assertEquals(Instant.parse("2024-01-02T03:04:05.120Z"), EjsonReader.utcDate("2024-01-02T03:04:05.12Z"));
        assertEquals(Instant.parse("2024-01-02T03:04:05.123Z"), EjsonReader.utcDate("2024-01-02T03:04:05.123999999Z"));
        assertEquals(Instant.parse("1969-12-31T23:59:59.999Z"), EjsonReader.utcDate("1969-12-31T23:59:59.9999Z"));
        assertEquals(Instant.parse("0000-01-01T00:00:00Z"), EjsonReader.utcDate("0000-01-01T00:00:00Z"));
    }

    @Test
    void leavesAnythingElseToTheFormatter() {
        for (String text : new String[] {"2024-02-30T00:00:00Z", "2024-01-02T24:00:00Z", "2024-01-02T03:04:05.Z",
                "2024-01-02T03:04:05+01:00", "2024-01-02t03:04:05z", "2024-01-02T03:04:05.1234567890Z",
                "+2024-01-02T03:04:05Z", "2024-1-02T03:04:05Z", "2024-01-02T03:04:5Z", "2024-01-02T03:04:05.1x3Z"}) {
            assertNull(EjsonReader.utcDate(text), text);
        }
    }
}
