package dev.mangrove.domain.resource;

import dev.mangrove.domain.error.MangroveException;

import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * A valid, servable MongoDB collection name.
 *
 * @param value the name
 */
public record CollectionName(String value) {
    /** The reserved per-database collection that holds Mangrove's metadata. */
    public static final String PROPERTIES = "_properties";
    private static final int MAX_BYTES = 255;
    private static final String FILES_SUFFIX = ".files";

    public CollectionName {
        Objects.requireNonNull(value, "value");
        if (value.isEmpty()) {
            throw MangroveException.badRequest("invalid-collection-name", "A collection name cannot be empty");
        }
        if (value.indexOf('$') >= 0 || value.indexOf('\0') >= 0) {
            throw MangroveException.badRequest("invalid-collection-name",
                    "A collection name cannot contain $ or NUL: '" + DatabaseName.printable(value) + "'");
        }
        if (value.getBytes(StandardCharsets.UTF_8).length > MAX_BYTES) {
            throw MangroveException.badRequest("invalid-collection-name",
                    "A collection name is at most " + MAX_BYTES + " bytes long");
        }
        if (value.startsWith("system.")) {
            throw MangroveException.forbidden("reserved-collection", "System collections are never served");
        }
    }

    /** Whether this is the files collection of a GridFS bucket ({@code {bucket}.files}, docs/files.md). */
    public boolean isFileBucket() {
        return value.length() > FILES_SUFFIX.length() && value.endsWith(FILES_SUFFIX);
    }

    /** The bucket name of a {@code {bucket}.files} collection; fails for any other collection. */
    public String bucketName() {
        if (!isFileBucket()) {
            throw new IllegalStateException(value + " is not a file bucket");
        }
        return value.substring(0, value.length() - FILES_SUFFIX.length());
    }

    /** Whether a collection of this name is listed and served to users (not system, not reserved). */
    public static boolean isUserCollection(String name) {
        if (name.startsWith("_") || name.startsWith("system.")) {
            return false;
        }
        try {
            new CollectionName(name);
            return true;
        } catch (MangroveException e) {
            return false;
        }
    }

    @Override
    public String toString() {
        return value;
    }
}
