package dev.mangrove.bootstrap;

import io.helidon.config.Config;
import io.helidon.config.ConfigSources;
import io.helidon.config.EnvironmentVariables;
import io.helidon.config.spi.ConfigSource;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Builds the configuration (docs/configuration.md): classpath {@code application.yaml} &lt; external file &lt;
 * {@code .env} &lt; environment variables &lt; system properties.
 */
final class ConfigLoader {
    static final String CONFIG_FILE_ENV = "MANGROVE_CONFIG_FILE";

    private ConfigLoader() {
    }

    /**
     * Loads the configuration.
     *
     * @param externalFile the {@code --config} file, if given
     * @param workingDir   where {@code .env} is looked for
     * @param environment  the environment variables
     * @param system       the system properties
     */
    static Config load(Optional<Path> externalFile, Path workingDir, Map<String, String> environment,
                       Map<String, String> system) {
        List<Supplier<? extends ConfigSource>> sources = new ArrayList<>();
        sources.add(ConfigSources.create(system, "system-properties"));
        sources.add(ConfigSources.create(expand(environment), "environment-variables"));
        Path dotEnv = workingDir.resolve(".env");
        if (Files.isRegularFile(dotEnv)) {
            sources.add(ConfigSources.create(expand(readDotEnv(dotEnv)), ".env"));
        }
        Optional<Path> file = externalFile.or(() -> Optional.ofNullable(environment.get(CONFIG_FILE_ENV))
                .filter(s -> !s.isBlank()).map(Path::of));
        if (file.isPresent()) {
            if (!Files.isRegularFile(file.get())) {
                throw new ConfigurationException("--config", "file not found: " + file.get());
            }
            sources.add(ConfigSources.file(file.get()));
        }
        sources.add(ConfigSources.classpath("application.yaml"));
        return Config.builder()
                .disableEnvironmentVariablesSource()
                .disableSystemPropertiesSource()
                .sources(sources)
                .build();
    }

    /**
     * Helidon's mapping of variable names to keys ({@code MANGROVE_MONGO_URI} → {@code mangrove.mongo.uri}),
     * plus {@code __} for a dash ({@code MANGROVE_PAGING_DEFAULT__PAGESIZE} → {@code mangrove.paging.default-pagesize}).
     */
    static Map<String, String> expand(Map<String, String> variables) {
        Map<String, String> out = new HashMap<>(EnvironmentVariables.expand(variables));
        variables.forEach((name, value) -> {
            if (name.contains("__")) {
                out.put(name.toLowerCase(Locale.ROOT).replace("__", "-").replace('_', '.'), value);
            }
        });
        return out;
    }

    /** KEY=VALUE lines; blank lines and {@code #} comments skipped; optional {@code export} and quotes. */
    static Map<String, String> readDotEnv(Path file) {
        Map<String, String> out = new LinkedHashMap<>();
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new ConfigurationException(".env", "cannot be read: " + e.getMessage());
        }
        int number = 0;
        for (String raw : lines) {
            number++;
            String line = raw.strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            if (line.startsWith("export ")) {
                line = line.substring("export ".length()).strip();
            }
            int eq = line.indexOf('=');
            if (eq <= 0) {
                throw new ConfigurationException(".env", "line " + number + " is not KEY=VALUE");
            }
            String key = line.substring(0, eq).strip();
            String value = line.substring(eq + 1).strip();
            if (value.length() >= 2 && (value.startsWith("\"") && value.endsWith("\"")
                    || value.startsWith("'") && value.endsWith("'"))) {
                value = value.substring(1, value.length() - 1);
            }
            out.put(key, value);
        }
        return out;
    }
}
