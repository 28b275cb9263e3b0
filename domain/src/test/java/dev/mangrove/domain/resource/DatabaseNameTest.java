package dev.mangrove.domain.resource;

import dev.mangrove.domain.error.ErrorKind;
import dev.mangrove.domain.error.MangroveException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DatabaseNameTest {

    @ParameterizedTest
    @ValueSource(strings = {"shop", "Shop", "my-db", "my_db", "db1", "caf\u00e9", "a", "admin2", "ADMIN", "_x"})
    void acceptsValidNames(String name) {
        assertEquals(name, new DatabaseName(name).value());
        assertEquals(name, new DatabaseName(name).toString());
        assertTrue(DatabaseName.isServable(name));
    }

    @ParameterizedTest
    @ValueSource(strings = {"admin", "config", "local"})
    void reservedDatabasesAreForbidden(String name) {
        MangroveException e = assertThrows(MangroveException.class, () -> new DatabaseName(name));
        assertEquals(ErrorKind.FORBIDDEN, e.kind());
        assertEquals("reserved-database", e.code());
        assertFalse(DatabaseName.isServable(name));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "a/b", "a\\b", "a.b", "a\"b", "a$b", "a*b", "a b", "a\u0000b", ".", "$", "*"})
    void invalidNamesAreBadRequest(String name) {
        MangroveException e = assertThrows(MangroveException.class, () -> new DatabaseName(name));
        assertEquals(ErrorKind.BAD_REQUEST, e.kind());
        assertEquals("invalid-database-name", e.code());
        assertFalse(DatabaseName.isServable(name));
    }

    @Test
    void nulIsShownEscapedInTheDetail() {
        MangroveException e = assertThrows(MangroveException.class, () -> new DatabaseName("a\u0000b"));
        assertTrue(e.detail().contains("a\\0b"), e.detail());
        assertFalse(e.detail().contains("\u0000"));
    }

    @Test
    void namesAreAtMostSixtyThreeBytes() {
        assertTrue(DatabaseName.isServable("d".repeat(63)));
        MangroveException e = assertThrows(MangroveException.class, () -> new DatabaseName("d".repeat(64)));
        assertEquals(ErrorKind.BAD_REQUEST, e.kind());
        assertEquals("invalid-database-name", e.code());
    }

    @Test
    void lengthIsCountedInUtf8Bytes() {
        assertTrue(DatabaseName.isServable("\u00e9".repeat(31)));   // 62 bytes
        assertFalse(DatabaseName.isServable("\u00e9".repeat(32)));  // 64 bytes
    }
}
