package dev.mangrove.application.port.out;

import java.util.List;
import java.util.Objects;

/**
 * A user as a realm keeps it.
 *
 * @param username     the user name
 * @param passwordHash the password hash (e.g. bcrypt {@code $2a$…}); never shown
 * @param roles        the roles
 */
public record StoredUser(String username, String passwordHash, List<String> roles) {
    public StoredUser {
        Objects.requireNonNull(username, "username");
        Objects.requireNonNull(passwordHash, "passwordHash");
        roles = List.copyOf(roles);
    }

    /** Never shows the hash. */
    @Override
    public String toString() {
        return "StoredUser[username=" + username + ", roles=" + roles + "]";
    }
}
