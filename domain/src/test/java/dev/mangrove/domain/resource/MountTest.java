package dev.mangrove.domain.resource;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class MountTest {

    @Test
    void starServesEveryDatabase() {
        Mount mount = Mount.of("*", "/");
        assertEquals(Mount.Target.ALL_DATABASES, mount.target());
        assertEquals("/", mount.where());
        assertEquals(List.of(), mount.whereSegments());
    }

    @Test
    void oneSegmentServesADatabase() {
        Mount mount = Mount.of("/inventory", "/products");
        assertEquals(Mount.Target.DATABASE, mount.target());
        assertEquals("inventory", mount.databaseName());
    }

    @Test
    void twoSegmentsServeACollection() {
        Mount mount = Mount.of("/shop/rocket_engines", "/api/rockets");
        assertEquals(Mount.Target.COLLECTION, mount.target());
        assertEquals("shop", mount.databaseName());
        assertEquals("rocket_engines", mount.collectionName());
        assertEquals(List.of("api", "rockets"), mount.whereSegments());
    }

    @Test
    void whereIsNormalised() {
        assertEquals("/api/rockets", Mount.of("*", "/api//rockets/").where());
        assertEquals("/", Mount.of("*", "//").where());
    }

    @ParameterizedTest
    @ValueSource(strings = {"api", "", "_api", "/api/_x", "/*", "/api/*"})
    void rejectsBadWhere(String where) {
        assertThrows(IllegalArgumentException.class, () -> Mount.of("*", where));
    }

    @ParameterizedTest
    @ValueSource(strings = {"db", "/", "/a/b/c", "/admin", "/local/x", "/shop/system.users", "/sh.op", "/shop/a$b", "**"})
    void rejectsBadWhat(String what) {
        assertThrows(IllegalArgumentException.class, () -> Mount.of(what, "/x"));
    }

    @Test
    void noLimitsByDefault() {
        Mount mount = Mount.of("*", "/");
        for (Level level : Level.values()) {
            for (Verb verb : Verb.values()) {
                assertEquals(true, mount.methods().allows(level, verb));
            }
        }
    }
}
