package dev.mangrove.application.service;

import dev.mangrove.domain.query.Projection;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

class UsersCollectionGuardTest {
    @Test
    void noProjectionBecomesAnExclusionOfThePassword() {
        assertEquals(Map.of("password", 0), UsersCollectionGuard.hidePassword(Projection.none()).spec());
    }

    @Test
    void anExclusionGainsThePassword() {
        assertEquals(Map.of("notes", 0, "password", 0),
                UsersCollectionGuard.hidePassword(new Projection(Map.of("notes", 0))).spec());
    }

    @Test
    void anInclusionLosesThePassword() {
        assertEquals(Map.of("roles", 1), UsersCollectionGuard.hidePassword(
                new Projection(Map.of("roles", 1, "password", 1))).spec());
        assertEquals(Map.of("_id", 1), UsersCollectionGuard.hidePassword(
                new Projection(Map.of("password.x", 1))).spec());
    }
}
