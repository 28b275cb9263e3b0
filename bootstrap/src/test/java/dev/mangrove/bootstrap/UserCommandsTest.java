package dev.mangrove.bootstrap;

import dev.mangrove.application.port.in.ManageUsersUseCase;
import dev.mangrove.bootstrap.e2e.Http;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
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
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code passwd}, {@code disableuser}, {@code enableuser}, {@code deleteuser} and {@code listusers} on the
 * embedded backend (issue 21 item 5): each change is what a running server then sees, and is audited.
 */
class UserCommandsTest {
    @TempDir
    Path dir;

    private final List<String> audit = new CopyOnWriteArrayList<>();
    private final Logger auditLogger = Logger.getLogger(ManageUsersUseCase.AUDIT_LOGGER);
    private final Handler handler = new Handler() {
        @Override
        public void publish(LogRecord record) {
            audit.add(record.getMessage());
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    };

    @BeforeEach
    void listen() {
        auditLogger.addHandler(handler);
    }

    @AfterEach
    void stopListening() {
        auditLogger.removeHandler(handler);
    }

    private Map<String, String> environment() {
        Map<String, String> env = new HashMap<>();
        env.put("MANGROVE_EMBEDDED_DATA__DIR", dir.resolve("data").toString());
        env.put("MANGROVE_SECURITY_BCRYPT__COST", "4");
        env.put("SERVER_PORT", "0");
        return env;
    }

    private record Run(int code, String out, String err) {
    }

    /** Runs {@code mangrove ARGS} with {@code stdin} and no terminal. */
    private Run mangrove(String stdin, String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = MangroveCommand.create(file -> ConfigLoader.load(file, dir, environment(), Map.of()),
                config -> {
                    throw new AssertionError("no server is started by a user command");
                }, Optional.empty(), new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)),
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8))
                .execute(args);
        return new Run(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    private static String[] basic(String user, String password) {
        return new String[] {"Authorization", "Basic " + Base64.getEncoder().encodeToString(
                (user + ":" + password).getBytes(StandardCharsets.UTF_8))};
    }

    private Mangrove server() {
        return Mangrove.start(ConfigLoader.load(Optional.empty(), dir, environment(), Map.of()));
    }

    @Test
    void manageUsersWhileTheServerIsStoppedAndTheServerSeesEachChange() {
        assertEquals(0, mangrove("carol-pass-1\n", "createuser", "carol", "--roles", "reader,writer").code());
        assertEquals(0, mangrove("dave-pass-1\n", "createuser", "dave", "--roles", "writer").code());

        Run list = mangrove("", "listusers");
        assertEquals(0, list.code(), list.err());
        assertTrue(list.out().lines().anyMatch(l -> l.startsWith("carol") && l.contains("[reader, writer]")
                && !l.contains("disabled")), list.out());
        assertTrue(list.out().lines().anyMatch(l -> l.startsWith("dave") && l.contains("[writer]")), list.out());
        assertFalse(list.out().contains("$2a$"), list.out());

        Run disabled = mangrove("", "disableuser", "carol");
        assertEquals(0, disabled.code(), disabled.err());
        assertTrue(mangrove("", "listusers").out().lines().anyMatch(l -> l.startsWith("carol") && l.contains("(disabled)")));
        try (Mangrove server = server()) {
            Http http = new Http(server.url());
            assertEquals(401, http.get("/me", basic("carol", "carol-pass-1")).status());
            assertEquals(200, http.get("/me", basic("dave", "dave-pass-1")).status());
            // while the server runs, the data directory is locked: the commands say so and change nothing
            Run locked = mangrove("", "deleteuser", "dave");
            assertEquals(1, locked.code());
            assertTrue(locked.err().contains("in use by a running Mangrove server")
                    && locked.err().contains("run deleteuser again"), locked.err());
            assertEquals(200, http.get("/me", basic("dave", "dave-pass-1")).status());
        }

        assertEquals(0, mangrove("", "enableuser", "carol").code());
        Run passwd = mangrove("carol-pass-2\n", "passwd", "carol");
        assertEquals(0, passwd.code(), passwd.err());
        assertFalse(passwd.out().contains("carol-pass-2"));
        Run deleted = mangrove("", "deleteuser", "dave");
        assertEquals(0, deleted.code(), deleted.err());
        try (Mangrove server = server()) {
            Http http = new Http(server.url());
            assertEquals(401, http.get("/me", basic("carol", "carol-pass-1")).status());
            Http.Response me = http.get("/me", basic("carol", "carol-pass-2"));
            assertEquals(200, me.status(), me.toString());
            assertEquals(List.of("reader", "writer"), List.of(me.json().get("roles").get(0).asText(),
                    me.json().get("roles").get(1).asText()), "passwd keeps the roles");
            assertEquals(401, http.get("/me", basic("dave", "dave-pass-1")).status());
        }
        assertFalse(mangrove("", "listusers").out().contains("dave"));

        assertTrue(audit.contains("User 'carol' disabled (earlier tokens refused)"), audit.toString());
        assertTrue(audit.contains("User 'carol' enabled (earlier tokens refused)"), audit.toString());
        assertTrue(audit.contains("User 'carol': password changed (earlier tokens refused)"), audit.toString());
        assertTrue(audit.contains("User 'dave' deleted"), audit.toString());
        assertTrue(audit.stream().noneMatch(m -> m.contains("pass-") || m.contains("$2a$")), audit.toString());
    }

    @Test
    void unknownUsersEmptyPasswordsAndBadArgumentsChangeNothing() {
        assertEquals(0, mangrove("carol-pass-1\n", "createuser", "carol").code());
        for (String command : List.of("deleteuser", "disableuser", "enableuser")) {
            Run run = mangrove("", command, "ghost");
            assertEquals(1, run.code(), command);
            assertTrue(run.err().contains("There is no user 'ghost'"), run.err());
        }
        Run ghost = mangrove("ghost-pass\n", "passwd", "ghost");
        assertEquals(1, ghost.code());
        assertTrue(ghost.err().contains("There is no user 'ghost'"), ghost.err());
        Run empty = mangrove("\n", "passwd", "carol");
        assertEquals(1, empty.code());
        assertTrue(empty.err().contains("No password"), empty.err());
        assertEquals(2, mangrove("", "deleteuser").code());
        assertEquals(2, mangrove("", "listusers", "--bogus").code());
        assertTrue(mangrove("", "deleteuser", "--help").out().contains("Deletes a user"));
        Run list = mangrove("", "listusers");
        assertTrue(list.out().lines().anyMatch(l -> l.startsWith("carol") && !l.contains("disabled")), list.out());
    }

    @Test
    void theFileRealmListsItsUsersAndRefusesChanges() throws Exception {
        Path yaml = dir.resolve("file.yaml");
        java.nio.file.Files.writeString(yaml, """
                mangrove:
                  security:
                    realm: file
                    users:
                      - {username: erin, password: "erin-dev-pw", roles: [reader]}
                """);
        Run list = mangrove("", "listusers", "--config", yaml.toString());
        assertEquals(0, list.code(), list.err());
        assertTrue(list.out().lines().anyMatch(l -> l.startsWith("erin") && l.contains("[reader]")), list.out());
        assertFalse(list.out().contains("erin-dev-pw"));
        Run delete = mangrove("", "deleteuser", "erin", "--config", yaml.toString());
        assertEquals(1, delete.code());
        assertTrue(delete.err().contains("read-only"), delete.err());
    }

    @Test
    void createkeyPrintsAKeyOnceThatTheServerAcceptsUntilDeletekey() {
        Run created = mangrove("", "createkey", "ingest", "--roles", "admin");
        assertEquals(0, created.code(), created.err());
        String key = created.out().lines().filter(l -> l.startsWith("mgk_")).findFirst().orElseThrow();
        Run list = mangrove("", "listkeys");
        assertEquals(0, list.code(), list.err());
        assertTrue(list.out().lines().anyMatch(l -> l.startsWith("ingest") && l.contains("[admin]")
                && l.endsWith("never")), list.out());
        assertFalse(list.out().contains(key), list.out());
        assertEquals(1, mangrove("", "createkey", "ingest").code(), "the name is taken");
        try (Mangrove server = server()) {
            Http.Response me = new Http(server.url()).get("/me", "apiKey", key);
            assertEquals(200, me.status(), me.toString());
            assertEquals("key:ingest", me.json().get("username").asText());
        }
        assertTrue(mangrove("", "listkeys").out().lines().anyMatch(l -> l.startsWith("ingest") && !l.endsWith("never")));
        Run deleted = mangrove("", "deletekey", "ingest");
        assertEquals(0, deleted.code(), deleted.err());
        assertEquals(1, mangrove("", "deletekey", "ingest").code());
        try (Mangrove server = server()) {
            assertEquals(401, new Http(server.url()).get("/me", "apiKey", key).status());
        }
        assertTrue(audit.stream().noneMatch(m -> m.contains(key)), audit.toString());
        assertTrue(audit.stream().anyMatch(m -> m.contains("API key 'ingest' deleted")), audit.toString());
    }

    @Test
    void renameuserMovesTheUserAndTheOldNameStopsWorking() {
        assertEquals(0, mangrove("carol-pass-1\n", "createuser", "carol", "--roles", "reader").code());
        assertEquals(0, mangrove("dave-pass-1\n", "createuser", "dave").code());
        assertEquals(1, mangrove("", "renameuser", "carol", "dave").code(), "dave exists");
        Run renamed = mangrove("", "renameuser", "carol", "caroline");
        assertEquals(0, renamed.code(), renamed.err());
        try (Mangrove server = server()) {
            Http http = new Http(server.url());
            assertEquals(401, http.get("/me", basic("carol", "carol-pass-1")).status());
            assertEquals(200, http.get("/me", basic("caroline", "carol-pass-1")).status());
        }
    }
}
