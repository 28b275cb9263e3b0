package dev.mangrove.application.port.out;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * A user as a realm keeps it.
 *
 * @param username          the user name
 * @param passwordHash      the password hash (e.g. bcrypt {@code $2a$…}); never shown
 * @param roles             the roles
 * @param disabled          whether the user may no longer log in nor use a token issued before
 * @param tokensValidAfter  tokens issued before this instant's second are refused ({@link Instant#EPOCH}: none)
 * @param created           when the user was created ({@link Instant#EPOCH}: not known)
 */
public record StoredUser(String username, String passwordHash, List<String> roles, boolean disabled,
                         Instant tokensValidAfter, Instant created) {
    public StoredUser {
        Objects.requireNonNull(username, "username");
        Objects.requireNonNull(passwordHash, "passwordHash");
        Objects.requireNonNull(tokensValidAfter, "tokensValidAfter");
        Objects.requireNonNull(created, "created");
        roles = List.copyOf(roles);
    }

    /** A user whose creation time is not known. */
    public StoredUser(String username, String passwordHash, List<String> roles, boolean disabled,
                      Instant tokensValidAfter) {
        this(username, passwordHash, roles, disabled, tokensValidAfter, Instant.EPOCH);
    }

    /** An enabled user whose tokens are all valid. */
    public StoredUser(String username, String passwordHash, List<String> roles) {
        this(username, passwordHash, roles, false, Instant.EPOCH);
    }

    /** Never shows the hash. */
    @Override
    public String toString() {
        return "StoredUser[username=" + username + ", roles=" + roles + ", disabled=" + disabled + "]";
    }
}
