package dev.mangrove.application.port.out;

import java.util.Optional;

/** Where users, their password hashes and roles are kept (MongoDB collection, configuration). */
public interface UserRealm {
    /** The user named {@code username}, if there is one. */
    Optional<StoredUser> find(String username);

    /**
     * Creates or replaces the user.
     *
     * @throws dev.mangrove.domain.error.MangroveException 501 when the realm is read-only
     */
    void save(StoredUser user);

    /**
     * Creates the user unless one of that name exists, atomically: of two instances creating the same
     * user at once, exactly one gets {@code true}.
     *
     * @throws dev.mangrove.domain.error.MangroveException 501 when the realm is read-only
     */
    default boolean create(StoredUser user) {
        if (find(user.username()).isPresent()) {
            return false;
        }
        save(user);
        return true;
    }

    /** How many users the realm holds. */
    long count();

    /** Whether {@link #save} works. */
    default boolean writable() {
        return true;
    }
}
