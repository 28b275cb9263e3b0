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

class CollectionNameTest {

    @ParameterizedTest
    @ValueSource(strings = {"items", "rocket_engines", "a.b", "fs.files", "a b", "a/b", "a*b", "system", "systems.x",
            "caf\u00e9", "_properties", "_x"})
    void acceptsValidNames(String name) {
        assertEquals(name, new CollectionName(name).value());
        assertEquals(name, new CollectionName(name).toString());
    }

    @ParameterizedTest
    @ValueSource(strings = {"system.users", "system.views", "system.profile", "system."})
    void systemCollectionsAreForbidden(String name) {
        MangroveException e = assertThrows(MangroveException.class, () -> new CollectionName(name));
        assertEquals(ErrorKind.FORBIDDEN, e.kind());
        assertEquals("reserved-collection", e.code());
        assertFalse(CollectionName.isUserCollection(name));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "a$b", "$cmd", "a\u0000b"})
    void invalidNamesAreBadRequest(String name) {
        MangroveException e = assertThrows(MangroveException.class, () -> new CollectionName(name));
        assertEquals(ErrorKind.BAD_REQUEST, e.kind());
        assertEquals("invalid-collection-name", e.code());
        assertFalse(CollectionName.isUserCollection(name));
    }

    @Test
    void namesAreAtMostTwoHundredFiftyFiveBytes() {
        assertTrue(CollectionName.isUserCollection("c".repeat(255)));
        MangroveException e = assertThrows(MangroveException.class, () -> new CollectionName("c".repeat(256)));
        assertEquals(ErrorKind.BAD_REQUEST, e.kind());
        assertFalse(CollectionName.isUserCollection("\u00e9".repeat(128)));
    }

    @Test
    void userCollectionsExcludeReservedUnderscoreAndSystemNames() {
        assertTrue(CollectionName.isUserCollection("items"));
        assertTrue(CollectionName.isUserCollection("fs.files"));
        assertTrue(CollectionName.isUserCollection("my_items"));
        assertFalse(CollectionName.isUserCollection(CollectionName.PROPERTIES));
        assertFalse(CollectionName.isUserCollection("_anything"));
        assertFalse(CollectionName.isUserCollection("system.js"));
    }

    @Test
    void namespaceValidatesBothNames() {
        Namespace ns = Namespace.of("shop", "items");
        assertEquals("shop", ns.database().value());
        assertEquals("items", ns.collection().value());
        assertEquals(ErrorKind.FORBIDDEN, assertThrows(MangroveException.class, () -> Namespace.of("local", "items")).kind());
        assertEquals(ErrorKind.FORBIDDEN, assertThrows(MangroveException.class, () -> Namespace.of("shop", "system.users")).kind());
        assertEquals(ErrorKind.BAD_REQUEST, assertThrows(MangroveException.class, () -> Namespace.of("sh.op", "items")).kind());
    }
}
