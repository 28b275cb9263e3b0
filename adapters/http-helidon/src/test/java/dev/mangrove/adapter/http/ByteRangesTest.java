package dev.mangrove.adapter.http;

import dev.mangrove.domain.error.ErrorKind;
import dev.mangrove.domain.error.MangroveException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class ByteRangesTest {
    @ParameterizedTest
    @CsvSource({
            "'bytes=0-9',          0,   9",
            "'bytes=10-',          10,  999",
            "'bytes=-100',         900, 999",
            "'bytes=-5000',        0,   999",
            "'bytes=990-5000',     990, 999",
            "'bytes=999-999',      999, 999",
            "'BYTES=1-2',          1,   2",
            "' bytes=0-0 ',        0,   0",
    })
    void readsEveryFormOfASingleRange(String header, long first, long last) {
        assertEquals(Optional.of(List.of(new ByteRanges.Range(first, last))), ByteRanges.parse(header, 1000));
    }

    @Test
    void keepsEverySatisfiableRangeOfSeveral() {
        assertEquals(Optional.of(List.of(new ByteRanges.Range(0, 1), new ByteRanges.Range(998, 999))),
                ByteRanges.parse("bytes=0-1, 2000-3000, -2", 1000));
    }

    @ParameterizedTest
    @ValueSource(strings = {"items=0-1", "bytes=", "bytes=a-b", "bytes=5-1", "bytes=1", "bytes=--1", "bytes=1-2-3",
            "bytes=99999999999999999999-", "bytes=0-1,0-1,0-1,0-1,0-1,0-1,0-1,0-1,0-1,0-1,0-1,0-1,0-1,0-1,0-1,0-1,0-1"})
    void ignoresWhatDoesNotParse(String header) {
        assertEquals(Optional.empty(), ByteRanges.parse(header, 1000));
    }

    @Test
    void ignoresNoHeader() {
        assertEquals(Optional.empty(), ByteRanges.parse(null, 1000));
    }

    @ParameterizedTest
    @ValueSource(strings = {"bytes=1000-", "bytes=1000-2000", "bytes=-0", "bytes=5000-, 1000-1001"})
    void refusesRangesOutsideTheContent(String header) {
        MangroveException e = assertThrows(MangroveException.class, () -> ByteRanges.parse(header, 1000));
        assertEquals(ErrorKind.RANGE_NOT_SATISFIABLE, e.kind());
        assertEquals(416, FailureStatuses.code(e.kind()));
    }

    @Test
    void anEmptyContentSatisfiesNoRange() {
        assertThrows(MangroveException.class, () -> ByteRanges.parse("bytes=0-", 0));
        assertThrows(MangroveException.class, () -> ByteRanges.parse("bytes=-1", 0));
    }

    @Test
    void formatsContentRange() {
        assertEquals("bytes 5-9/10", new ByteRanges.Range(5, 9).contentRange(10));
        assertEquals(5, new ByteRanges.Range(5, 9).length());
    }
}
