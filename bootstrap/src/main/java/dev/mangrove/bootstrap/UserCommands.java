package dev.mangrove.bootstrap;

import dev.mangrove.application.port.in.ManageUsersUseCase;
import dev.mangrove.application.service.AuthenticationService;
import io.helidon.config.Config;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.Console;
import java.io.InputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.function.Function;

/**
 * {@code mangrove passwd|disableuser|enableuser|deleteuser NAME} and {@code mangrove listusers}
 * (docs/security.md#users): manage the users of the configured realm through the application's
 * user management, so every change sets {@code tokensValidAfter} (tokens issued before are refused on
 * every instance) and is audited in the log, never with a password or hash. Like {@code createuser},
 * they open the embedded data directory (the server must be stopped) or connect to {@code mangrove.mongo.uri}.
 */
final class UserCommands {
    private UserCommands() {
    }

    /** The command lines of every user-management command but createuser, to add as subcommands. */
    static List<CommandLine> commandLines(Function<Optional<Path>, Config> configs, Optional<Console> console,
                                          InputStream stdin, PrintStream out, PrintStream err) {
        Io io = new Io(configs, console, stdin, out, err);
        return List.of(line(new Passwd(io), io), line(new DisableUser(io), io), line(new EnableUser(io), io),
                line(new DeleteUser(io), io), line(new ListUsers(io), io), line(new RenameUser(io), io),
                line(new CreateKey(io), io), line(new ListKeys(io), io), line(new DeleteKey(io), io));
    }

    /**
     * Runs one command.
     *
     * @param args the command's name, then its arguments
     * @return the exit code: 0 done, 1 refused (no such user, read-only realm, server running), 2 bad
     *         arguments or configuration
     */
    static int run(List<String> args, Function<Optional<Path>, Config> configs, Optional<Console> console,
                   InputStream stdin, PrintStream out, PrintStream err) {
        for (CommandLine line : commandLines(configs, console, stdin, out, err)) {
            if (!args.isEmpty() && line.getCommandName().equals(args.getFirst())) {
                return line.execute(args.subList(1, args.size()).toArray(String[]::new));
            }
        }
        err.println("Unknown user command: " + args);
        return 2;
    }

    private static CommandLine line(Base command, Io io) {
        CommandLine line = new CommandLine(command);
        line.setOut(new PrintWriter(io.out, true, StandardCharsets.UTF_8));
        line.setErr(new PrintWriter(io.err, true, StandardCharsets.UTF_8));
        return line;
    }

    private record Io(Function<Optional<Path>, Config> configs, Optional<Console> console, InputStream stdin,
                      PrintStream out, PrintStream err) {
        Io {
            Objects.requireNonNull(configs, "configs");
            Objects.requireNonNull(console, "console");
            Objects.requireNonNull(stdin, "stdin");
            Objects.requireNonNull(out, "out");
            Objects.requireNonNull(err, "err");
        }
    }

    /** The configuration option and the realm opening every command shares. */
    abstract static class Base implements Callable<Integer> {
        @Option(names = "--config", paramLabel = "FILE",
                description = "a YAML file over application.yaml (also MANGROVE_CONFIG_FILE)")
        Path configFile;

        final Io io;

        Base(Io io) {
            this.io = io;
        }

        /** The command's name (for the message when the data directory is in use). */
        abstract String name();

        /** What a refused change is prefixed with. */
        abstract String failure();

        /** Runs after the configuration was read; {@code null} settings never. */
        abstract int run(Settings settings);

        @Override
        public Integer call() {
            java.util.logging.Logger.getLogger("").setLevel(java.util.logging.Level.WARNING);
            Settings settings;
            try {
                settings = Settings.read(io.configs.apply(Optional.ofNullable(configFile)));
            } catch (ConfigurationException e) {
                io.err.println(e.getMessage());
                return 2;
            }
            return run(settings);
        }

        int withUsers(Settings settings, Function<AuthenticationService, Integer> action) {
            return CreateUserCommand.withUsers(name(), failure(), settings, io.err, action);
        }
    }

    /** A command on one user named on the command line. */
    abstract static class OnUser extends Base {
        @Parameters(index = "0", paramLabel = "NAME", description = "the user name")
        String user;

        OnUser(Io io) {
            super(io);
        }
    }

    @Command(name = "passwd", mixinStandardHelpOptions = true, versionProvider = MangroveCommand.Version.class,
            sortOptions = false, usageHelpAutoWidth = true,
            description = {"Changes the password of an existing user, keeping its roles; tokens issued before are refused.",
                    "The password is asked twice on a terminal, else read as one line from standard input.",
                    "With the embedded backend, stop the server first: both open the same data directory."})
    static final class Passwd extends OnUser {
        Passwd(Io io) {
            super(io);
        }

        @Override
        String name() {
            return "passwd";
        }

        @Override
        String failure() {
            return "Could not change the password";
        }

        @Override
        int run(Settings settings) {
            Optional<String> password = CreateUserCommand.readPassword(io.console, io.stdin, io.err);
            if (password.isEmpty()) {
                return 1;
            }
            return withUsers(settings, users -> {
                users.changePassword(user, password.get());
                io.out.println("Password of user '" + user + "' changed; tokens issued before are refused.");
                return 0;
            });
        }
    }

    @Command(name = "disableuser", mixinStandardHelpOptions = true, versionProvider = MangroveCommand.Version.class,
            sortOptions = false, usageHelpAutoWidth = true,
            description = {"Disables a user: it can no longer log in, and its tokens are refused (enableuser undoes it).",
                    "With the embedded backend, stop the server first: both open the same data directory."})
    static final class DisableUser extends OnUser {
        DisableUser(Io io) {
            super(io);
        }

        @Override
        String name() {
            return "disableuser";
        }

        @Override
        String failure() {
            return "Could not disable the user";
        }

        @Override
        int run(Settings settings) {
            return withUsers(settings, users -> {
                users.setDisabled(user, true);
                io.out.println("User '" + user + "' disabled.");
                return 0;
            });
        }
    }

    @Command(name = "enableuser", mixinStandardHelpOptions = true, versionProvider = MangroveCommand.Version.class,
            sortOptions = false, usageHelpAutoWidth = true,
            description = {"Enables a disabled user again (tokens issued before stay refused: it logs in anew).",
                    "With the embedded backend, stop the server first: both open the same data directory."})
    static final class EnableUser extends OnUser {
        EnableUser(Io io) {
            super(io);
        }

        @Override
        String name() {
            return "enableuser";
        }

        @Override
        String failure() {
            return "Could not enable the user";
        }

        @Override
        int run(Settings settings) {
            return withUsers(settings, users -> {
                users.setDisabled(user, false);
                io.out.println("User '" + user + "' enabled.");
                return 0;
            });
        }
    }

    @Command(name = "deleteuser", mixinStandardHelpOptions = true, versionProvider = MangroveCommand.Version.class,
            sortOptions = false, usageHelpAutoWidth = true,
            description = {"Deletes a user: its passwords and tokens stop working.",
                    "With the embedded backend, stop the server first: both open the same data directory."})
    static final class DeleteUser extends OnUser {
        DeleteUser(Io io) {
            super(io);
        }

        @Override
        String name() {
            return "deleteuser";
        }

        @Override
        String failure() {
            return "Could not delete the user";
        }

        @Override
        int run(Settings settings) {
            return withUsers(settings, users -> {
                users.deleteUser(user);
                io.out.println("User '" + user + "' deleted.");
                return 0;
            });
        }
    }

    @Command(name = "listusers", mixinStandardHelpOptions = true, versionProvider = MangroveCommand.Version.class,
            sortOptions = false, usageHelpAutoWidth = true,
            description = {"Lists the users of the configured realm: name, roles, and whether disabled (never a hash).",
                    "With the embedded backend, stop the server first: both open the same data directory."})
    static final class ListUsers extends Base {
        ListUsers(Io io) {
            super(io);
        }

        @Override
        String name() {
            return "listusers";
        }

        @Override
        String failure() {
            return "Could not list the users";
        }

        @Override
        int run(Settings settings) {
            return withUsers(settings, users -> {
                List<ManageUsersUseCase.UserSummary> all = users.listUsers();
                int width = all.stream().mapToInt(u -> u.username().length()).max().orElse(4);
                String format = "%-" + Math.max(4, width) + "s  %s%s%n";
                io.out.printf(format, "NAME", "ROLES", "");
                for (ManageUsersUseCase.UserSummary u : all) {
                    io.out.printf(format, u.username(), u.roles(), u.disabled() ? "  (disabled)" : "");
                }
                return 0;
            });
        }
    }

    @Command(name = "renameuser", mixinStandardHelpOptions = true, versionProvider = MangroveCommand.Version.class,
            sortOptions = false, usageHelpAutoWidth = true,
            description = {"Renames a user, keeping its password and roles; the old name's passwords and tokens stop working.",
                    "With the embedded backend, stop the server first: both open the same data directory."})
    static final class RenameUser extends OnUser {
        @Parameters(index = "1", paramLabel = "NEW_NAME", description = "the new user name")
        String newName;

        RenameUser(Io io) {
            super(io);
        }

        @Override
        String name() {
            return "renameuser";
        }

        @Override
        String failure() {
            return "Could not rename the user";
        }

        @Override
        int run(Settings settings) {
            return withUsers(settings, users -> {
                users.updateUser(user, new ManageUsersUseCase.UserChange(null, null, null, newName));
                io.out.println("User '" + user + "' renamed to '" + newName + "'; tokens issued before are refused.");
                return 0;
            });
        }
    }

    /** A command on the API keys, which live in MongoDB whatever the realm (docs/security.md#api-keys). */
    abstract static class OnKeys extends Base {
        OnKeys(Io io) {
            super(io);
        }

        @Override
        int withUsers(Settings settings, Function<AuthenticationService, Integer> action) {
            return CreateUserCommand.withBackend(name(), failure(), settings, io.err, action);
        }
    }

    @Command(name = "createkey", mixinStandardHelpOptions = true, versionProvider = MangroveCommand.Version.class,
            sortOptions = false, usageHelpAutoWidth = true,
            description = {"Creates an API key with roles and prints it: this is the only time it is shown.",
                    "Clients send it in the apiKey (or api-key, X-API-Key) header; the request is the principal key:NAME.",
                    "With the embedded backend, stop the server first: both open the same data directory."})
    static final class CreateKey extends OnKeys {
        @Parameters(index = "0", paramLabel = "NAME", description = "the key's name (letters, digits, . _ -)")
        String key;

        @Option(names = "--roles", split = ",", paramLabel = "ROLE", description = "the key's roles, comma-separated")
        List<String> roles = List.of();

        CreateKey(Io io) {
            super(io);
        }

        @Override
        String name() {
            return "createkey";
        }

        @Override
        String failure() {
            return "Could not create the key";
        }

        @Override
        int run(Settings settings) {
            return withUsers(settings, users -> {
                dev.mangrove.application.port.in.ManageApiKeysUseCase.CreatedKey created = users.createKey(key, roles);
                io.out.println("API key '" + created.name() + "' created with roles " + created.roles()
                        + ". It is shown only now:");
                io.out.println(created.key());
                return 0;
            });
        }
    }

    @Command(name = "listkeys", mixinStandardHelpOptions = true, versionProvider = MangroveCommand.Version.class,
            sortOptions = false, usageHelpAutoWidth = true,
            description = {"Lists the API keys: name, roles, created, last used (never a key).",
                    "With the embedded backend, stop the server first: both open the same data directory."})
    static final class ListKeys extends OnKeys {
        ListKeys(Io io) {
            super(io);
        }

        @Override
        String name() {
            return "listkeys";
        }

        @Override
        String failure() {
            return "Could not list the keys";
        }

        @Override
        int run(Settings settings) {
            return withUsers(settings, users -> {
                List<dev.mangrove.application.port.in.ManageApiKeysUseCase.KeySummary> all = users.listKeys();
                int width = all.stream().mapToInt(k -> k.name().length()).max().orElse(4);
                String format = "%-" + Math.max(4, width) + "s  %-20s  %-24s  %s%n";
                io.out.printf(format, "NAME", "ROLES", "CREATED", "LAST USED");
                for (dev.mangrove.application.port.in.ManageApiKeysUseCase.KeySummary k : all) {
                    io.out.printf(format, k.name(), k.roles(), k.created(),
                            k.lastUsed().map(Object::toString).orElse("never"));
                }
                return 0;
            });
        }
    }

    @Command(name = "deletekey", mixinStandardHelpOptions = true, versionProvider = MangroveCommand.Version.class,
            sortOptions = false, usageHelpAutoWidth = true,
            description = {"Revokes an API key: running servers refuse it within user-check-interval (1 s).",
                    "With the embedded backend, stop the server first: both open the same data directory."})
    static final class DeleteKey extends OnKeys {
        @Parameters(index = "0", paramLabel = "NAME", description = "the key's name")
        String key;

        DeleteKey(Io io) {
            super(io);
        }

        @Override
        String name() {
            return "deletekey";
        }

        @Override
        String failure() {
            return "Could not delete the key";
        }

        @Override
        int run(Settings settings) {
            return withUsers(settings, users -> {
                users.deleteKey(key);
                io.out.println("API key '" + key + "' deleted.");
                return 0;
            });
        }
    }
}
