package dev.mangrove.adapter.http;

import org.junit.jupiter.api.Test;

import java.util.HashSet;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class AccessLogLineTest {
    @Test
    void printsMillisecondsWithOneDecimalLikeBefore() {
        assertEquals("GET /{db}/{coll}/{id} 200 1.2ms id=ab",
                AccessLog.line("GET", "/{db}/{coll}/{id}", 200, 1_234_567, "ab", null));
        assertEquals("POST /{db}/{coll} 201 0.0ms id=x", AccessLog.line("POST", "/{db}/{coll}", 201, 99_999, "x", null));
        assertEquals("GET /health/live 499 10.0ms id=x", AccessLog.line("GET", "/health/live", 499, 10_000_000, "x", null));
        for (long nanos : new long[] {0, 100_000, 950_000, 12_345_678, 987_654_321, 59_999_999_999L}) {
            assertEquals("GET r 200 " + (nanos / 100_000) / 10.0 + "ms id=i", AccessLog.line("GET", "r", 200, nanos, "i", null),
                    "the same text as the double formatting it replaces, at " + nanos + " ns");
        }
    }

    @Test
    void appendsTheNoteAfterTheRequestId() {
        assertEquals("GET unmatched 414 0.0ms id=x refused before routing: uri-too-long",
                AccessLog.line("GET", "unmatched", 414, 0, "x", "refused before routing: uri-too-long"));
        assertEquals("GET r 200 0.0ms id=i", AccessLog.line("GET", "r", 200, -5, "i", null),
                "a negative duration (a clock step) prints as zero");
    }

    @Test
    void generatedRequestIdsAreThirtyTwoHexDigitsAndDiffer() {
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < 1000; i++) {
            String id = RequestIds.generate();
            assertTrue(id.matches("[0-9a-f]{32}"), id);
            assertTrue(id.charAt(0) >= '8' && id.charAt(16) >= '8', "each half has its top bit set: " + id);
            seen.add(id);
        }
        assertEquals(1000, seen.size());
    }
}
