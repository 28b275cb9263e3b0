package dev.mangrove.bootstrap;

import dev.mangrove.bootstrap.e2e.TestBackend;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/** Servers started from a YAML file, the way an operator starts one with {@code --config}, on the test backend. */
final class YamlServers {
    private YamlServers() {
    }

    /** A server configured by {@code file} (working directory: its folder), on a free port and the test backend. */
    static Mangrove start(Path file) {
        Map<String, String> overrides = new HashMap<>();
        overrides.put("server.port", "0");
        overrides.put("mangrove.embedded.in-memory", "true");
        TestBackend.get().uri().ifPresent(uri -> overrides.put("mangrove.mongo.uri", uri));
        return Mangrove.start(ConfigLoader.load(Optional.of(file), file.getParent(), Map.of(), overrides));
    }

    /** Removes a temporary directory and everything in it, as far as possible. */
    static void delete(Path dir) throws IOException {
        if (dir == null) {
            return;
        }
        try (var files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (UncheckedIOException ignored) {
            // best effort
        }
    }
}
