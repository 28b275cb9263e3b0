package dev.mangrove.domain.resource;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class MountsTest {

    @Test
    void eachPairMountsOneHiddenCollectionUnderThePrefix() {
        List<Mount> mounts = Mounts.fromResources("rockets:rocket_engines,engines:engines", "shop", "/api");
        assertEquals(List.of(Mount.of("/shop/rocket_engines", "/api/rockets"), Mount.of("/shop/engines", "/api/engines")),
                mounts);
        MountTable table = MountTable.create(mounts);
        assertEquals(Namespace.of("shop", "rocket_engines"), table.resolve("/api/rockets/1").orElseThrow().namespace());
        assertEquals(Namespace.of("shop", "engines"), table.resolve("/api/engines").orElseThrow().namespace());
    }

    @Test
    void spacesAroundNamesAndEmptyEntriesAreIgnored() {
        assertEquals(List.of(Mount.of("/shop/rocket_engines", "/api/rockets"), Mount.of("/shop/b", "/api/a")),
                Mounts.fromResources(" rockets : rocket_engines , ,a:b, ", "shop", "/api/"));
    }

    @Test
    void aNameWithoutCollectionMountsTheCollectionOfThatName() {
        assertEquals(List.of(Mount.of("/shop/engines", "/api/engines")), Mounts.fromResources("engines", "shop", "/api"));
    }

    @Test
    void blankPrefixMountsAtTheRoot() {
        assertEquals(List.of(Mount.of("/shop/rocket_engines", "/rockets")),
                Mounts.fromResources("rockets:rocket_engines", "shop", ""));
        assertEquals(List.of(Mount.of("/shop/rocket_engines", "/rockets")),
                Mounts.fromResources("rockets:rocket_engines", "shop", null));
        assertEquals(List.of(Mount.of("/shop/rocket_engines", "/rockets")),
                Mounts.fromResources("rockets:rocket_engines", "shop", "/"));
    }

    @Test
    void starMountsEveryCollectionOfTheDatabaseByItsOwnName() {
        List<Mount> mounts = Mounts.fromResources(" * ", "shop", "/api");
        assertEquals(List.of(Mount.of("/shop", "/api")), mounts);
        MountTable table = MountTable.create(mounts);
        assertEquals(Namespace.of("shop", "engines"), table.resolve("/api/engines/1").orElseThrow().namespace());
        assertEquals(List.of(Mount.of("/shop", "/")), Mounts.fromResources("*", "shop", null));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", " ", ",", " , ", "rockets:", ":rocket_engines", "a/b:c", "_hidden:c", "*:c",
            "r:system.users", "r:a$b", "r:"})
    void badResourcesAreConfigurationErrors(String resources) {
        assertThrows(IllegalArgumentException.class, () -> Mounts.fromResources(resources, "shop", "/api"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", " ", "admin", "sh.op"})
    void badDatabaseIsAConfigurationError(String database) {
        assertThrows(IllegalArgumentException.class, () -> Mounts.fromResources("a:b", database, "/api"));
        assertThrows(IllegalArgumentException.class, () -> Mounts.fromResources("*", database, "/api"));
    }

    @Test
    void missingDatabaseIsAConfigurationError() {
        assertThrows(IllegalArgumentException.class, () -> Mounts.fromResources("a:b", null, "/api"));
    }

    @Test
    void prefixWithoutLeadingSlashIsAConfigurationError() {
        assertThrows(IllegalArgumentException.class, () -> Mounts.fromResources("a:b", "shop", "api"));
    }

    @Test
    void twoResourcesWithOneNameCannotBeMountedTogether() {
        List<Mount> mounts = Mounts.fromResources("a:x,a:y", "shop", "/api");
        assertThrows(IllegalArgumentException.class, () -> MountTable.create(mounts));
    }
}
