package dev.mangrove.domain.security;

import java.util.List;
import java.util.Objects;

/**
 * The caller of a request: an authenticated user with its roles, or the anonymous caller, whose
 * only role is {@value #UNAUTHENTICATED_ROLE}.
 *
 * @param username the user name; empty for the anonymous caller
 * @param roles    the roles, in the order the realm or token gave them
 */
public record Principal(String username, List<String> roles) {
    /** The role every anonymous request has; the ACL may grant it permissions. */
    public static final String UNAUTHENTICATED_ROLE = "$unauthenticated";

    private static final Principal ANONYMOUS = new Principal("", List.of(UNAUTHENTICATED_ROLE));

    public Principal {
        Objects.requireNonNull(username, "username");
        roles = List.copyOf(roles);
    }

    /** The caller of a request without credentials. */
    public static Principal anonymous() {
        return ANONYMOUS;
    }

    /** Whether this is the anonymous caller. */
    public boolean isAnonymous() {
        return username.isEmpty();
    }

    /** Whether the caller has {@code role}. */
    public boolean hasRole(String role) {
        return roles.contains(role);
    }
}
