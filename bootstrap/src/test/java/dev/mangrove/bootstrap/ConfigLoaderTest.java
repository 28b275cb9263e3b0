package dev.mangrove.bootstrap;

import io.helidon.config.Config;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ConfigLoaderTest {
    @TempDir
    Path dir;

    @Test
    void precedenceIsClasspathThenFileThenDotEnvThenEnvironmentThenSystem() throws IOException {
        Path file = dir.resolve("mangrove.yaml");
        Files.writeString(file, "server:\n  port: 1001\n  host: 0.0.0.0\nmangrove:\n  paging:\n    max-pagesize: 50\n"
                + "    default-pagesize: 5\n  mongo:\n    query-time-limit: 3s\n");
        Files.writeString(dir.resolve(".env"), "# comment\nSERVER_PORT=1002\nexport MANGROVE_PAGING_MAX__PAGESIZE=\"60\"\n"
                + "MANGROVE_MONGO_QUERY__TIME__LIMIT=4s\n");
        Config config = ConfigLoader.load(Optional.of(file), dir,
                Map.of("SERVER_PORT", "1003", "MANGROVE_PAGING_MAX__PAGESIZE", "70"),
                Map.of("server.port", "1004"));
        Settings settings = Settings.read(config);
        assertEquals(1004, settings.port(), "system properties win");
        assertEquals(70, settings.http().maxPageSize(), "environment beats .env");
        assertEquals(4, settings.queryTimeLimit().toSeconds(), ".env beats the file");
        assertEquals(5, settings.http().defaultPageSize(), "the file beats the classpath");
        assertEquals("0.0.0.0", settings.host());
        assertEquals(16L * 1024 * 1024, settings.http().maxBodyBytes(), "classpath default");
    }

    @Test
    void theConfigFileCanComeFromTheEnvironment() throws IOException {
        Path file = dir.resolve("other.yaml");
        Files.writeString(file, "server:\n  port: 1234\n");
        Config config = ConfigLoader.load(Optional.empty(), dir, Map.of("MANGROVE_CONFIG_FILE", file.toString()), Map.of());
        assertEquals(1234, Settings.read(config).port());
    }

    @Test
    void aMissingConfigFileStopsStartUp() {
        ConfigurationException e = assertThrows(ConfigurationException.class, () ->
                ConfigLoader.load(Optional.of(dir.resolve("nope.yaml")), dir, Map.of(), Map.of()));
        assertTrue(e.getMessage().contains("--config"), e.getMessage());
    }

    @Test
    void badValuesNameTheKeyAndTheExpectedForm() {
        assertBad(Map.of("server.port", "eighty"), "server.port", "integer");
        assertBad(Map.of("server.port", "70000"), "server.port", "65535");
        assertBad(Map.of("mangrove.mongo.uri", "http://x"), "mangrove.mongo.uri", "mongodb://");
        assertBad(Map.of("mangrove.mongo.query-time-limit", "soon"), "mangrove.mongo.query-time-limit", "duration");
        assertBad(Map.of("mangrove.http.max-body", "big"), "mangrove.http.max-body", "size");
        assertBad(Map.of("mangrove.embedded.in-memory", "maybe"), "mangrove.embedded.in-memory", "true or false");
        assertBad(Map.of("mangrove.paging.default-pagesize", "2000"), "mangrove.paging.default-pagesize", "max-pagesize");
        assertBad(Map.of("mangrove.mounts.0.what", "/admin"), "mangrove.mounts.0", "reserved");
        assertBad(Map.of("mangrove.mounts.0.where", "/x"), "mangrove.mounts.0.what", "required");
        assertBad(Map.of("mangrove.mounts.0.what", "*", "mangrove.mounts.0.methods.document.0", "FETCH"),
                "mangrove.mounts.0.methods.document", "FETCH");
        assertBad(Map.of("mangrove.resources", "a:b"), "mangrove.resources", "mangrove.database");
        assertBad(Map.of("mangrove.query.denied-operators", "regex"), "mangrove.query.denied-operators", "$");
    }

    @Test
    void durationsAndSizesParse() {
        assertEquals(500, Units.duration("k", "500ms").toMillis());
        assertEquals(120, Units.duration("k", "2m").toSeconds());
        assertEquals(10, Units.duration("k", "PT10S").toSeconds());
        assertEquals(1024, Units.bytes("k", "1KiB"));
        assertEquals(16L * 1024 * 1024, Units.bytes("k", "16MiB"));
        assertEquals(7, Units.bytes("k", "7"));
    }

    @Test
    void masksPasswordsInConnectionStrings() {
        assertEquals("mongodb://bob:****@db1:27017,db2/app?tls=true",
                MaskedUri.mask("mongodb://bob:s3cr3t@db1:27017,db2/app?tls=true"));
        assertEquals("mongodb+srv://bob:****@cluster.example.net/",
                MaskedUri.mask("mongodb+srv://bob:p@ss@cluster.example.net/"));
        assertEquals("mongodb://db1:27017", MaskedUri.mask("mongodb://db1:27017"));
    }

    private static void assertBad(Map<String, String> values, String key, String expected) {
        Config config = io.helidon.config.Config.builder()
                .disableEnvironmentVariablesSource().disableSystemPropertiesSource()
                .sources(io.helidon.config.ConfigSources.create(values),
                        io.helidon.config.ConfigSources.classpath("application.yaml"))
                .build();
        ConfigurationException e = assertThrows(ConfigurationException.class, () -> Settings.read(config));
        assertTrue(e.getMessage().contains(key), e.getMessage());
        assertTrue(e.getMessage().contains(expected), e.getMessage());
    }
}
