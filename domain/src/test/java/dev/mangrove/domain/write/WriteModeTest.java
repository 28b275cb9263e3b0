package dev.mangrove.domain.write;

import dev.mangrove.domain.error.ErrorKind;
import dev.mangrove.domain.error.MangroveException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class WriteModeTest {

    @Test
    void parsesEveryModeInAnyCase() {
        assertEquals(WriteMode.INSERT, WriteMode.parse("insert", WriteMode.UPDATE));
        assertEquals(WriteMode.UPDATE, WriteMode.parse("UPDATE", WriteMode.INSERT));
        assertEquals(WriteMode.UPSERT, WriteMode.parse("Upsert", WriteMode.UPDATE));
    }

    @Test
    void absentModeGivesTheFallback() {
        assertEquals(WriteMode.UPSERT, WriteMode.parse(null, WriteMode.UPSERT));
        assertEquals(WriteMode.UPDATE, WriteMode.parse("", WriteMode.UPDATE));
    }

    @ParameterizedTest
    @ValueSource(strings = {"merge", "replace", "ins", " insert", "true"})
    void unknownModeIsBadRequestListingAllowedValues(String text) {
        MangroveException e = assertThrows(MangroveException.class, () -> WriteMode.parse(text, WriteMode.UPDATE));
        assertEquals(ErrorKind.BAD_REQUEST, e.kind());
        assertEquals("invalid-write-mode", e.code());
        assertTrue(e.detail().contains("insert, update, upsert"), e.detail());
    }
}
