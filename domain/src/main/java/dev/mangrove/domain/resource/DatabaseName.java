package dev.mangrove.domain.resource;

import dev.mangrove.domain.error.MangroveException;

import java.nio.charset.StandardCharsets;
import java.util.Objects;
import java.util.Set;

/**
 * A valid, servable MongoDB database name.
 *
 * @param value the name
 */
public record DatabaseName(String value) {
    /** Databases that are never served. */
    public static final Set<String> RESERVED = Set.of("admin", "config", "local");
    private static final int MAX_BYTES = 63;

    public DatabaseName {
        Objects.requireNonNull(value, "value");
        if (value.isEmpty()) {
            throw MangroveException.badRequest("invalid-database-name", "A database name cannot be empty");
        }
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if ("/\\.\"$* ".indexOf(c) >= 0 || c == 0) {
                throw MangroveException.badRequest("invalid-database-name",
                        "A database name cannot contain / \\ . \" $ * space or NUL: '" + printable(value) + "'");
            }
        }
        if (value.getBytes(StandardCharsets.UTF_8).length > MAX_BYTES) {
            throw MangroveException.badRequest("invalid-database-name",
                    "A database name is at most " + MAX_BYTES + " bytes long");
        }
        if (RESERVED.contains(value)) {
            throw MangroveException.forbidden("reserved-database", "The database '" + value + "' is never served");
        }
    }

    /** Whether {@code name} would be a valid, servable database name. */
    public static boolean isServable(String name) {
        try {
            new DatabaseName(name);
            return true;
        } catch (MangroveException e) {
            return false;
        }
    }

    static String printable(String s) {
        return s.replace("\0", "\\0");
    }

    @Override
    public String toString() {
        return value;
    }
}
