package dev.mangrove.adapter.security;

import dev.mangrove.application.port.out.PasswordHasher;
import dev.mangrove.application.port.out.StoredUser;
import dev.mangrove.application.port.out.UserRealm;
import dev.mangrove.domain.error.ErrorKind;
import dev.mangrove.domain.error.MangroveException;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The read-only realm of users listed in the configuration ({@code mangrove.security.users}).
 * Passwords are {@code {bcrypt}$2a$…} hashes, or plain text for development: those are hashed
 * once here, at start-up, and reported by {@link #plainPasswordUsers()} for a warning.
 */
public final class FileUserRealm implements UserRealm {
    private static final String BCRYPT_PREFIX = "{bcrypt}";
    private final Map<String, StoredUser> users;
    private final List<String> plainPasswordUsers;

    private FileUserRealm(Map<String, StoredUser> users, List<String> plainPasswordUsers) {
        this.users = users;
        this.plainPasswordUsers = plainPasswordUsers;
    }

    /**
     * A realm of these users.
     *
     * @param entries the configured users
     * @param hasher  hashes plain-text passwords
     * @throws IllegalArgumentException naming the index of an entry that is not valid (the message
     *                                  never contains the password)
     */
    public static FileUserRealm create(List<Entry> entries, PasswordHasher hasher) {
        Map<String, StoredUser> users = new LinkedHashMap<>();
        List<String> plain = new java.util.ArrayList<>();
        for (int i = 0; i < entries.size(); i++) {
            Entry e = entries.get(i);
            if (e.username().isBlank()) {
                throw new IllegalArgumentException(i + ".username: must not be empty");
            }
            if (users.containsKey(e.username())) {
                throw new IllegalArgumentException(i + ".username: duplicate user '" + e.username() + "'");
            }
            String hash;
            if (e.password().startsWith(BCRYPT_PREFIX)) {
                hash = e.password().substring(BCRYPT_PREFIX.length());
                if (!BcryptPasswordHasher.isBcrypt(hash)) {
                    throw new IllegalArgumentException(i + ".password: not a bcrypt hash ({bcrypt}$2a$10$… of 60 characters)");
                }
            } else if (e.password().isEmpty()) {
                throw new IllegalArgumentException(i + ".password: must not be empty");
            } else {
                hash = hasher.hash(e.password());
                plain.add(e.username());
            }
            users.put(e.username(), new StoredUser(e.username(), hash, e.roles()));
        }
        return new FileUserRealm(Map.copyOf(users), List.copyOf(plain));
    }

    /** The users whose configured password is plain text (development only). */
    public List<String> plainPasswordUsers() {
        return plainPasswordUsers;
    }

    @Override
    public Optional<StoredUser> find(String username) {
        return Optional.ofNullable(users.get(username));
    }

    @Override
    public void save(StoredUser user) {
        throw MangroveException.of(ErrorKind.NOT_IMPLEMENTED, "realm-read-only",
                "The file realm is read-only: add users to mangrove.security.users in the configuration");
    }

    @Override
    public boolean delete(String username) {
        throw MangroveException.of(ErrorKind.NOT_IMPLEMENTED, "realm-read-only",
                "The file realm is read-only: remove users from mangrove.security.users in the configuration");
    }

    @Override
    public List<StoredUser> list() {
        return users.values().stream().sorted(java.util.Comparator.comparing(StoredUser::username)).toList();
    }

    @Override
    public long count() {
        return users.size();
    }

    @Override
    public boolean writable() {
        return false;
    }

    /**
     * A configured user.
     *
     * @param username the name
     * @param password {@code {bcrypt}$2a$…} or plain text
     * @param roles    the roles
     */
    public record Entry(String username, String password, List<String> roles) {
        public Entry {
            Objects.requireNonNull(username, "username");
            Objects.requireNonNull(password, "password");
            roles = List.copyOf(roles);
        }

        @Override
        public String toString() {
            return "Entry[username=" + username + ", roles=" + roles + "]";
        }
    }
}
