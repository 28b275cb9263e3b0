package dev.mangrove.application.port.out;

import dev.mangrove.domain.error.ErrorKind;
import dev.mangrove.domain.error.MangroveException;

import java.util.List;
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

    /**
     * Deletes the user; whether there was one.
     *
     * @throws dev.mangrove.domain.error.MangroveException 501 when the realm is read-only
     */
    default boolean delete(String username) {
        throw MangroveException.of(ErrorKind.NOT_IMPLEMENTED, "realm-read-only", "This realm is read-only");
    }

    /** Every user, by name. */
    default List<StoredUser> list() {
        throw MangroveException.of(ErrorKind.NOT_IMPLEMENTED, "realm-not-listable", "This realm cannot list its users");
    }

    /** How many users the realm holds. */
    long count();

    /** Whether {@link #save} works. */
    default boolean writable() {
        return true;
    }
}
