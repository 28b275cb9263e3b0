package dev.mangrove.application.port.in;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Creates, lists and revokes API keys (docs/security.md#api-keys): a key is shown once, when created, and
 * kept only as a digest; a request presenting it is the principal {@code key:<name>} with the key's roles.
 * Every change is audited on {@link ManageUsersUseCase#AUDIT_LOGGER}, never with the key.
 */
public interface ManageApiKeysUseCase {
    /** The prefix of the principal name of a request authenticated by a key: {@code key:<name>}. */
    String PRINCIPAL_PREFIX = "key:";

    /**
     * Creates a key named {@code name} with {@code roles}.
     *
     * @return the key, shown only here
     * @throws dev.mangrove.domain.error.MangroveException 400 for an invalid name or roles, 409 when the name is
     *         taken, 501 when this server keeps no keys
     */
    CreatedKey createKey(String name, List<String> roles);

    /** Every key by name: name, roles, created, last used — never the key or its digest. */
    List<KeySummary> listKeys();

    /**
     * Revokes the key: refused from now on by this instance, and by the others within the user-check interval.
     *
     * @throws dev.mangrove.domain.error.MangroveException 404 when there is no such key
     */
    void deleteKey(String name);

    /**
     * A key just created.
     *
     * @param key the key itself: shown once, never stored
     */
    record CreatedKey(String name, List<String> roles, String key, Instant created) {
        public CreatedKey {
            roles = List.copyOf(roles);
        }

        /** Never shows the key. */
        @Override
        public String toString() {
            return "CreatedKey[name=" + name + ", roles=" + roles + "]";
        }
    }

    /**
     * A key as {@link #listKeys} shows it.
     *
     * @param lastUsed when it last authenticated a request (to about a minute); empty if never
     */
    record KeySummary(String name, List<String> roles, Instant created, Optional<Instant> lastUsed) {
        public KeySummary {
            roles = List.copyOf(roles);
        }
    }
}
