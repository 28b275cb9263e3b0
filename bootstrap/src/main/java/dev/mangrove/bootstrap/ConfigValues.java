package dev.mangrove.bootstrap;

import io.helidon.config.Config;

import java.time.Duration;
import java.util.Locale;
import java.util.Optional;

/** Typed reads of single configuration values; a bad value is a {@link ConfigurationException} naming the key. */
final class ConfigValues {
    private ConfigValues() {
    }

    /** The value at {@code key}, if set. */
    static Optional<String> string(Config config, String key) {
        return config.get(key).asString().asOptional();
    }

    /** {@code true} or {@code false} at {@code key}, else {@code fallback}. */
    static boolean bool(Config config, String key, boolean fallback) {
        Optional<String> text = string(config, key);
        if (text.isEmpty()) {
            return fallback;
        }
        return switch (text.get().trim().toLowerCase(Locale.ROOT)) {
            case "true" -> true;
            case "false" -> false;
            default -> throw new ConfigurationException(key, "expected true or false, got '" + text.get() + "'");
        };
    }

    /** An integer from {@code min} to {@code max} at {@code key}, else {@code fallback}. */
    static int integer(Config config, String key, int fallback, int min, int max) {
        Optional<String> text = string(config, key);
        if (text.isEmpty()) {
            return fallback;
        }
        try {
            int value = Integer.parseInt(text.get().trim());
            if (value >= min && value <= max) {
                return value;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new ConfigurationException(key, "expected an integer from " + min + " to " + max + ", got '" + text.get() + "'");
    }

    /** A duration ({@code 10s}, {@code 1m}, …) at {@code key}, else {@code fallback}. */
    static Duration duration(Config config, String key, String fallback) {
        return Units.duration(key, string(config, key).orElse(fallback));
    }
}
