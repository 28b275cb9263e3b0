package dev.mangrove.domain.query;

import dev.mangrove.domain.error.ErrorKind;
import dev.mangrove.domain.error.MangroveException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class PageRequestTest {

    @ParameterizedTest
    @CsvSource({
            "1, 100, 0",
            "2, 100, 100",
            "3, 25, 50",
            "10, 0, 0",
            "1, 0, 0",
            "2147483648, 1000, 2147483647000",
    })
    void skipIsTheDocumentsOfEarlierPages(long number, int size, long skip) {
        assertEquals(skip, new PageRequest(number, size).skip());
    }

    @Test
    void hugePagesSkipEverythingInsteadOfOverflowing() {
        assertEquals(Long.MAX_VALUE, new PageRequest(Long.MAX_VALUE, 1000).skip());
        assertEquals(Long.MAX_VALUE, new PageRequest(Long.MAX_VALUE, Integer.MAX_VALUE).skip());
        // (2^62) * 4 = 2^64 wraps to exactly 0 in long arithmetic
        assertEquals(Long.MAX_VALUE, new PageRequest((1L << 62) + 1, 4).skip());
        // (2^61 + 1) * 8 wraps to a positive 8
        assertEquals(Long.MAX_VALUE, new PageRequest((1L << 61) + 2, 8).skip());
    }

    @Test
    void pageBelowOneIsBadRequest() {
        for (long number : new long[] {0, -1, Long.MIN_VALUE}) {
            MangroveException e = assertThrows(MangroveException.class, () -> new PageRequest(number, 10));
            assertEquals(ErrorKind.BAD_REQUEST, e.kind());
            assertEquals("invalid-page", e.code());
        }
    }

    @Test
    void negativePageSizeIsBadRequest() {
        for (int size : new int[] {-1, Integer.MIN_VALUE}) {
            MangroveException e = assertThrows(MangroveException.class, () -> new PageRequest(1, size));
            assertEquals(ErrorKind.BAD_REQUEST, e.kind());
            assertEquals("invalid-pagesize", e.code());
        }
    }
}
