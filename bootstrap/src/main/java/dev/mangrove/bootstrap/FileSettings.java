package dev.mangrove.bootstrap;

import io.helidon.config.Config;

import static dev.mangrove.bootstrap.ConfigValues.string;

/**
 * The GridFS bucket settings (docs/files.md#configuration).
 *
 * @param maxSize {@code mangrove.files.max-size} [{@code 1GiB}]: the largest file an upload may store (413 beyond)
 */
record FileSettings(long maxSize) {
    static final String MAX_SIZE = "mangrove.files.max-size";
    static final long DEFAULT_MAX_SIZE = 1024L * 1024 * 1024;

    static FileSettings read(Config config) {
        long maxSize = string(config, MAX_SIZE).map(s -> Units.bytes(MAX_SIZE, s)).orElse(DEFAULT_MAX_SIZE);
        if (maxSize < 0) {
            throw new ConfigurationException(MAX_SIZE, "must not be negative");
        }
        return new FileSettings(maxSize);
    }
}
