package dev.mangrove.application.port.out;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** Where API keys are kept, hashed (a MongoDB collection next to the users collection; docs/security.md#api-keys). */
public interface ApiKeyStore {
    /**
     * Stores a new key unless one of that name exists, atomically: of two instances creating the same name at
     * once, exactly one gets {@code true}.
     */
    boolean create(StoredApiKey key);

    /** The key whose SHA-256 digest is {@code hash}, if there is one. */
    Optional<StoredApiKey> findByHash(String hash);

    /** Every key, by name. */
    List<StoredApiKey> list();

    /** Deletes the key named {@code name}; whether there was one. */
    boolean delete(String name);

    /** Records that the key named {@code name} was used at {@code when} (best effort). */
    void touch(String name, Instant when);
}
