package dev.mangrove.application.service;

import dev.mangrove.application.port.in.AccessDecision;
import dev.mangrove.application.port.in.AccessRequest;
import dev.mangrove.domain.resource.Verb;
import dev.mangrove.domain.security.DataScope;
import dev.mangrove.domain.security.Principal;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RootRoleAuthorizationTest {
    private final RootRoleAuthorization authorization = new RootRoleAuthorization("admin");

    private static AccessRequest request(Principal principal) {
        return new AccessRequest(principal, Verb.DELETE, "/shop", Optional.empty(), Map.of());
    }

    @Test
    void theRootRoleMayDoEverythingUnrestricted() {
        AccessDecision decision = authorization.authorize(request(new Principal("ann", List.of("x", "admin"))));
        assertTrue(decision.allowed());
        assertEquals(DataScope.UNRESTRICTED, decision.scope());
        assertTrue(decision.scope().isUnrestricted());
    }

    @Test
    void otherUsersAndTheAnonymousCallerAreDenied() {
        assertFalse(authorization.authorize(request(new Principal("bob", List.of("reader")))).allowed());
        AccessDecision anonymous = authorization.authorize(request(Principal.anonymous()));
        assertFalse(anonymous.allowed());
        assertFalse(anonymous.reason().isBlank());
        assertTrue(Principal.anonymous().isAnonymous());
        assertTrue(Principal.anonymous().hasRole(Principal.UNAUTHENTICATED_ROLE));
    }
}
