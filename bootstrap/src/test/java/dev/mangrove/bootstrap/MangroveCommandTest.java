package dev.mangrove.bootstrap;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The command line: usage text, {@code --version}, bad arguments, and which command runs. */
class MangroveCommandTest {
    @TempDir
    Path dir;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();
    private final List<Path> startedWith = new ArrayList<>();

    private int run(String... args) {
        CommandLine cli = MangroveCommand.create(file -> {
                    file.ifPresent(startedWith::add);
                    return ConfigLoader.load(file, dir, Map.of("SERVER_PORT", "0"), Map.of());
                }, config -> {
                    throw new ConfigurationException("server", "not starting a server in this test");
                }, Optional.empty(), new ByteArrayInputStream(new byte[0]),
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
        int code = cli.execute(args);
        assertTrue(MangroveCommand.started(cli).isEmpty());
        return code;
    }

    private String out() {
        return out.toString(StandardCharsets.UTF_8);
    }

    private String err() {
        return err.toString(StandardCharsets.UTF_8);
    }

    @Test
    void helpShowsTheUsageOfTheServerAndItsCommands() {
        assertEquals(0, run("--help"));
        assertTrue(out().contains("Usage: mangrove [-hV] [--config=FILE] [COMMAND]"), out());
        assertTrue(out().contains("createuser"), out());
        assertTrue(out().contains("--version"), out());
        assertEquals("", err());
    }

    @Test
    void createUserHasItsOwnUsage() {
        assertEquals(0, run("createuser", "--help"));
        assertTrue(out().contains("Usage: mangrove createuser [-hV] [--config=FILE] [--roles=a,b] NAME"), out());
    }

    @Test
    void versionNamesMangroveAndTheJava() {
        assertEquals(0, run("--version"));
        assertTrue(out().startsWith("Mangrove "), out());
        assertTrue(out().contains("Java " + Runtime.version().feature()), out());
    }

    @Test
    void unknownArgumentsAreUsageErrors() {
        assertEquals(2, run("--bogus"));
        assertTrue(err().contains("Unknown option: '--bogus'"), err());
        assertTrue(err().contains("Usage: mangrove"), err());
        assertEquals(2, run("createuser"));
        assertTrue(err().contains("Missing required parameter: 'NAME'"), err());
    }

    @Test
    void theServerStartsWithTheConfigFileGiven() throws java.io.IOException {
        java.nio.file.Files.writeString(dir.resolve("mangrove.yaml"), "server:\n  port: 0\n");
        // the starter of this test refuses: the command reports it as a configuration error (exit 2)
        assertEquals(2, run("--config", dir.resolve("mangrove.yaml").toString()));
        assertEquals(List.of(dir.resolve("mangrove.yaml")), startedWith);
        assertTrue(err().contains("not starting a server in this test"), err());
        err.reset();
        assertEquals(2, run("--config", dir.resolve("missing.yaml").toString()));
        assertTrue(err().contains("file not found"), err());
    }
}
