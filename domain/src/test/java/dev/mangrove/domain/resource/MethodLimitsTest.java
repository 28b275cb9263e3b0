package dev.mangrove.domain.resource;

import org.junit.jupiter.api.Test;

import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class MethodLimitsTest {

    @Test
    void limitedLevelAllowsOnlyItsVerbsPlusOptions() {
        MethodLimits limits = MethodLimits.of(Map.of(Level.DOCUMENT, Set.of(Verb.GET, Verb.DELETE)));
        assertTrue(limits.allows(Level.DOCUMENT, Verb.GET));
        assertTrue(limits.allows(Level.DOCUMENT, Verb.DELETE));
        assertTrue(limits.allows(Level.DOCUMENT, Verb.OPTIONS));
        assertFalse(limits.allows(Level.DOCUMENT, Verb.PUT));
        assertFalse(limits.allows(Level.DOCUMENT, Verb.PATCH));
        assertFalse(limits.allows(Level.DOCUMENT, Verb.POST));
    }

    @Test
    void getImpliesHead() {
        MethodLimits limits = MethodLimits.of(Map.of(Level.COLLECTION, Set.of(Verb.GET)));
        assertTrue(limits.allows(Level.COLLECTION, Verb.HEAD));
        MethodLimits postOnly = MethodLimits.of(Map.of(Level.COLLECTION, Set.of(Verb.POST)));
        assertFalse(postOnly.allows(Level.COLLECTION, Verb.HEAD));
    }

    @Test
    void otherLevelsStayUnlimited() {
        MethodLimits limits = MethodLimits.of(Map.of(Level.DOCUMENT, Set.of(Verb.GET)));
        for (Verb verb : Verb.values()) {
            assertTrue(limits.allows(Level.COLLECTION, verb));
            assertTrue(limits.allows(Level.DATABASE, verb));
        }
        assertEquals(Optional.empty(), limits.limitFor(Level.COLLECTION));
        assertEquals(Optional.of(EnumSet.of(Verb.GET, Verb.HEAD)), limits.limitFor(Level.DOCUMENT));
    }

    @Test
    void emptyLimitForbidsAllButOptions() {
        MethodLimits limits = MethodLimits.of(Map.of(Level.DATABASE, Set.of()));
        for (Verb verb : List.of(Verb.GET, Verb.HEAD, Verb.POST, Verb.PUT, Verb.PATCH, Verb.DELETE)) {
            assertFalse(limits.allows(Level.DATABASE, verb), verb.name());
        }
        assertTrue(limits.allows(Level.DATABASE, Verb.OPTIONS));
    }

    @Test
    void verbOfIgnoresCaseAndRejectsUnknown() {
        assertEquals(Optional.of(Verb.PATCH), Verb.of("patch"));
        assertEquals(Optional.of(Verb.GET), Verb.of("GET"));
        assertEquals(Optional.empty(), Verb.of("TRACE"));
        assertEquals(Optional.empty(), Verb.of(""));
    }
}
