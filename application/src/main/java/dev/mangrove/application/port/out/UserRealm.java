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

    /** How many users the realm holds. */
    long count();

    /** Whether {@link #save} works. */
    default boolean writable() {
        return true;
    }
}
