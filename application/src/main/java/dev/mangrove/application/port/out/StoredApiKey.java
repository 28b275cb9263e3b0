package dev.mangrove.application.port.out;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * An API key as the key store keeps it: never the key itself, only its SHA-256 digest.
 *
 * @param name     the key's name, unique
 * @param hash     the lower-case hex SHA-256 digest of the key; never shown
 * @param roles    the roles a request presenting the key has
 * @param created  when the key was created
 * @param lastUsed when it was last seen authenticating a request (to about a minute), {@link Instant#EPOCH} never
 */
public record StoredApiKey(String name, String hash, List<String> roles, Instant created, Instant lastUsed) {
    public StoredApiKey {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(hash, "hash");
        Objects.requireNonNull(created, "created");
        Objects.requireNonNull(lastUsed, "lastUsed");
        roles = List.copyOf(roles);
    }

    /** Never shows the hash. */
    @Override
    public String toString() {
        return "StoredApiKey[name=" + name + ", roles=" + roles + "]";
    }
}
