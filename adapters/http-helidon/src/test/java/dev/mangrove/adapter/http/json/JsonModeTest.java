package dev.mangrove.adapter.http.json;

import dev.mangrove.domain.error.ErrorKind;
import dev.mangrove.domain.error.MangroveException;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class JsonModeTest {
    @Test
    void absentOrEmptyMeansRelaxed() {
        assertEquals(JsonMode.RELAXED, JsonMode.parse(null));
        assertEquals(JsonMode.RELAXED, JsonMode.parse(""));
    }

    @Test
    void readsModesCaseInsensitively() {
        assertEquals(JsonMode.RELAXED, JsonMode.parse("relaxed"));
        assertEquals(JsonMode.CANONICAL, JsonMode.parse("canonical"));
        assertEquals(JsonMode.CANONICAL, JsonMode.parse("CANONICAL"));
        assertEquals(JsonMode.RELAXED, JsonMode.parse("Relaxed"));
    }

    @Test
    void readsRestheartsNamesAsTheNearestExtendedJson() {
        assertEquals(JsonMode.CANONICAL, JsonMode.parse("EXTENDED"));
        assertEquals(JsonMode.CANONICAL, JsonMode.parse("strict"));
        assertEquals(JsonMode.CANONICAL, JsonMode.parse("Shell"));
        assertEquals(JsonMode.RELAXED, JsonMode.parse("RELAXED"));
    }

    @Test
    void rejectsUnknownModeListingTheAllowedOnes() {
        MangroveException e = assertThrows(MangroveException.class, () -> JsonMode.parse("loose"));
        assertEquals(ErrorKind.BAD_REQUEST, e.kind());
        assertEquals("invalid-json-mode", e.code());
        assertEquals("Unknown jsonMode 'loose'; allowed: relaxed, canonical (RESTHeart's extended, strict and shell"
                + " answer canonical)", e.detail());
    }
}
