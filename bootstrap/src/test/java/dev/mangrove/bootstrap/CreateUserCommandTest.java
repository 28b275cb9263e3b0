package dev.mangrove.bootstrap;

import dev.mangrove.bootstrap.e2e.Http;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The {@code createuser} CLI on the embedded backend, and the admin bootstrap from the environment (docs/security.md). */
class CreateUserCommandTest {
    @TempDir
    Path dir;

    private Map<String, String> environment(String adminPassword) {
        Map<String, String> env = new HashMap<>();
        env.put("MANGROVE_EMBEDDED_DATA__DIR", dir.resolve("data").toString());
        env.put("MANGROVE_SECURITY_BCRYPT__COST", "4");
        env.put("SERVER_PORT", "0");
        if (adminPassword != null) {
            env.put("MANGROVE_ADMIN_PASSWORD", adminPassword);
        }
        return env;
    }

    private record Run(int code, String out, String err) {
    }

    private Run createUser(List<String> args, String stdin) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = CreateUserCommand.run(args, file -> ConfigLoader.load(file, dir, environment(null), Map.of()),
                Optional.empty(), new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)),
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Run(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    private static String[] basic(String user, String password) {
        return new String[] {"Authorization", "Basic " + Base64.getEncoder().encodeToString(
                (user + ":" + password).getBytes(StandardCharsets.UTF_8))};
    }

    @Test
    void createsAUserFromStdinThatTheServerThenAccepts() {
        Run run = createUser(List.of("carol", "--roles", "reader,writer"), "carol-pass-1\n");
        assertEquals(0, run.code(), run.err());
        assertTrue(run.out().contains("'carol'"), run.out());
        assertFalse(run.out().contains("carol-pass-1"));
        assertFalse(run.out().contains("$2a$"));
        try (Mangrove server = Mangrove.start(ConfigLoader.load(Optional.empty(), dir, environment("Adm1n-env"),
                Map.of()))) {
            Http http = new Http(server.url());
            Http.Response me = http.get("/me", basic("carol", "carol-pass-1"));
            assertEquals(200, me.status(), me.toString());
            assertEquals("reader", me.json().get("roles").get(0).asText());
            assertEquals("writer", me.json().get("roles").get(1).asText());
            // the realm was not empty: no admin was bootstrapped although MANGROVE_ADMIN_PASSWORD is set
            assertEquals(401, http.get("/me", basic("admin", "Adm1n-env")).status());
            // while the server runs, the data directory is locked: createuser says so
            Run locked = createUser(List.of("dave"), "dave-pass\n");
            assertEquals(1, locked.code());
            assertTrue(locked.err().contains("in use by a running Mangrove server"), locked.err());
        }
        // replacing the password
        assertEquals(0, createUser(List.of("carol"), "carol-pass-2\n").code());
        try (Mangrove server = Mangrove.start(ConfigLoader.load(Optional.empty(), dir, environment(null), Map.of()))) {
            Http http = new Http(server.url());
            assertEquals(401, http.get("/me", basic("carol", "carol-pass-1")).status());
            Http.Response me = http.get("/me", basic("carol", "carol-pass-2"));
            assertEquals(200, me.status());
            assertEquals(0, me.json().get("roles").size());
        }
    }

    @Test
    void adminIsCreatedFromTheEnvironmentOnFirstStart() {
        try (Mangrove server = Mangrove.start(ConfigLoader.load(Optional.empty(), dir, environment("Adm1n-env"),
                Map.of()))) {
            Http http = new Http(server.url());
            Http.Response me = http.get("/me", basic("admin", "Adm1n-env"));
            assertEquals(200, me.status(), me.toString());
            assertEquals("admin", me.json().get("roles").get(0).asText());
            assertEquals(200, http.get("/", basic("admin", "Adm1n-env")).status());
        }
    }

    @Test
    void badArgumentsAndEmptyPasswords() {
        assertEquals(2, createUser(List.of(), "x\n").code());
        assertEquals(2, createUser(List.of("bob", "--bogus"), "x\n").code());
        Run empty = createUser(List.of("bob"), "\n");
        assertEquals(1, empty.code());
        assertTrue(empty.err().contains("No password"), empty.err());
    }

    @Test
    void fileRealmPrintsAnEntryToPaste() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        Map<String, String> env = environment(null);
        env.put("MANGROVE_SECURITY_REALM", "file");
        int code = CreateUserCommand.run(List.of("erin", "--roles=reader"), file -> ConfigLoader.load(file, dir, env,
                Map.of()), Optional.empty(), new ByteArrayInputStream("erin-pw\n".getBytes(StandardCharsets.UTF_8)),
                new PrintStream(out, true, StandardCharsets.UTF_8), System.err);
        assertEquals(0, code);
        String text = out.toString(StandardCharsets.UTF_8);
        assertTrue(text.contains("{bcrypt}$2a$04$"), text);
        assertFalse(text.contains("erin-pw"));
    }
}
