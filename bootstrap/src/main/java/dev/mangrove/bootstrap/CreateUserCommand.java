package dev.mangrove.bootstrap;

import dev.mangrove.adapter.mongo.MongoBackend;
import dev.mangrove.adapter.mongo.MongoBackendSettings;
import dev.mangrove.adapter.security.BcryptPasswordHasher;
import dev.mangrove.application.service.AuthenticationService;
import dev.mangrove.domain.error.MangroveException;
import io.helidon.config.Config;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.BufferedReader;
import java.io.Console;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.function.Function;

/**
 * {@code mangrove createuser NAME [--roles a,b] [--config FILE]} (docs/security.md#users): asks for the
 * password twice on a terminal, or reads one line from standard input otherwise, and saves the user
 * in the configured realm. With the embedded backend it opens the same data directory, so the server
 * must be stopped.
 */
@Command(name = "createuser", mixinStandardHelpOptions = true, versionProvider = MangroveCommand.Version.class,
        sortOptions = false, usageHelpAutoWidth = true,
        description = {"Saves a user (or replaces its password and roles) in the configured realm.",
                "The password is asked twice on a terminal, else read as one line from standard input.",
                "With the embedded backend, stop the server first: both open the same data directory."})
final class CreateUserCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "NAME", description = "the user name")
    private String name;

    @Option(names = "--roles", paramLabel = "a,b", description = "the user's roles, comma-separated (default: none)")
    private String roles = "";

    @Option(names = "--config", paramLabel = "FILE",
            description = "a YAML file over application.yaml (also MANGROVE_CONFIG_FILE)")
    private Path configFile;

    @Spec
    private CommandSpec spec;

    private final Function<Optional<Path>, Config> configs;
    private final Optional<Console> console;
    private final InputStream stdin;
    private final PrintStream out;
    private final PrintStream err;

    private CreateUserCommand(Function<Optional<Path>, Config> configs, Optional<Console> console, InputStream stdin,
                              PrintStream out, PrintStream err) {
        this.configs = Objects.requireNonNull(configs, "configs");
        this.console = Objects.requireNonNull(console, "console");
        this.stdin = Objects.requireNonNull(stdin, "stdin");
        this.out = Objects.requireNonNull(out, "out");
        this.err = Objects.requireNonNull(err, "err");
    }

    /** The {@code createuser} command line, on its own or as a subcommand of {@link MangroveCommand}. */
    static CommandLine commandLine(Function<Optional<Path>, Config> configs, Optional<Console> console,
                                   InputStream stdin, PrintStream out, PrintStream err) {
        CommandLine line = new CommandLine(new CreateUserCommand(configs, console, stdin, out, err));
        line.setOut(new PrintWriter(out, true, StandardCharsets.UTF_8));
        line.setErr(new PrintWriter(err, true, StandardCharsets.UTF_8));
        return line;
    }

    /**
     * Runs the command.
     *
     * @param args    the arguments after {@code createuser}
     * @param configs loads the configuration for an optional {@code --config} file
     * @param console the terminal, when there is one
     * @param stdin   read when there is no terminal
     * @return the exit code: 0 saved, 1 not saved, 2 bad arguments or configuration
     */
    static int run(List<String> args, Function<Optional<Path>, Config> configs, Optional<Console> console,
                   InputStream stdin, PrintStream out, PrintStream err) {
        return commandLine(configs, console, stdin, out, err).execute(args.toArray(String[]::new));
    }

    @Override
    public Integer call() {
        java.util.logging.Logger.getLogger("").setLevel(java.util.logging.Level.WARNING);
        if (name.isBlank()) {
            spec.commandLine().usage(new PrintWriter(err, true, StandardCharsets.UTF_8));
            return 2;
        }
        return save(split(roles));
    }

    private int save(List<String> userRoles) {
        Settings settings;
        try {
            settings = Settings.read(configs.apply(Optional.ofNullable(configFile)));
        } catch (ConfigurationException e) {
            err.println(e.getMessage());
            return 2;
        }
        Optional<String> password = readPassword(console, stdin, err);
        if (password.isEmpty()) {
            return 1;
        }
        SecuritySettings security = settings.security();
        if (security.realm().equals("file")) {
            String hash = new BcryptPasswordHasher(security.bcryptCost()).hash(password.get());
            out.println("The file realm is read-only; add this entry to mangrove.security.users:");
            out.println("  - {username: \"" + name + "\", password: \"{bcrypt}" + hash + "\", roles: " + userRoles + "}");
            return 0;
        }
        return withUsers("createuser", "Could not save the user", settings, err, users -> {
            users.saveUser(name, password.get(), userRoles);
            out.println("User '" + name + "' saved with roles " + userRoles + " in " + security.usersDb() + "."
                    + security.usersCollection());
            return 0;
        });
    }

    /**
     * Runs {@code action} on the configured realm's user management, opening the embedded data directory
     * (refused with a clear message while a server holds it) or connecting to {@code mangrove.mongo.uri}.
     * Its changes are audited on {@link dev.mangrove.application.port.in.ManageUsersUseCase#AUDIT_LOGGER}.
     *
     * @param command the command's name, for the message when the data directory is in use
     * @param failure what a refused change is prefixed with, e.g. "Could not save the user"
     * @return the action's exit code; 1 when the realm refused, 2 for a configuration error
     */
    static int withUsers(String command, String failure, Settings settings, PrintStream err,
                         Function<AuthenticationService, Integer> action) {
        return withUsers(command, failure, settings, err, action, false);
    }

    /** As {@link #withUsers}, connecting to the backend even with the file realm (the API-key commands). */
    static int withBackend(String command, String failure, Settings settings, PrintStream err,
                           Function<AuthenticationService, Integer> action) {
        return withUsers(command, failure, settings, err, action, true);
    }

    private static int withUsers(String command, String failure, Settings settings, PrintStream err,
                                 Function<AuthenticationService, Integer> action, boolean keys) {
        java.util.logging.Logger.getLogger(dev.mangrove.application.port.in.ManageUsersUseCase.AUDIT_LOGGER)
                .setLevel(java.util.logging.Level.INFO);
        SecuritySettings security = settings.security();
        List<AutoCloseable> resources = new ArrayList<>();
        try {
            if (security.realm().equals("file") && !keys) {
                return action.apply(SecurityWiring.userManagement(security, null));   // no backend needed
            }
            String uri;
            if (settings.mongoUri().isEmpty()) {
                EmbeddedBackend backend;
                try {
                    backend = EmbeddedBackend.start(settings.dataDir(), settings.inMemory());
                } catch (RuntimeException e) {
                    if (isLocked(e)) {
                        err.println("The data directory " + settings.dataDir().toAbsolutePath().normalize() + " is in use by a "
                                + "running Mangrove server. Stop the server first, then run " + command + " again.");
                        return 1;
                    }
                    throw e;
                }
                resources.add(backend);
                uri = backend.uri();
            } else {
                uri = settings.mongoUri().get();
            }
            MongoBackend mongo = MongoBackend.connect(new MongoBackendSettings(uri, settings.serverSelectionTimeout(),
                    settings.queryTimeLimit(), settings.mongoUri().isEmpty(), builder -> { }));
            resources.add(0, mongo);
            return action.apply(SecurityWiring.userManagement(security, mongo));
        } catch (MangroveException e) {
            err.println(failure + ": " + e.detail());
            return 1;
        } catch (ConfigurationException e) {
            err.println(e.getMessage());
            return 2;
        } finally {
            for (AutoCloseable resource : resources) {
                try {
                    resource.close();
                } catch (Exception e) {
                    // closing on exit: nothing left to do
                }
            }
        }
    }

    private static boolean isLocked(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            String message = String.valueOf(t.getMessage()).toLowerCase(java.util.Locale.ROOT);
            if (message.contains("locked") || message.contains("lock")) {
                return true;
            }
        }
        return false;
    }

    /** The password: asked twice on {@code console}, else one line of {@code stdin}; empty after saying why. */
    static Optional<String> readPassword(Optional<Console> console, InputStream stdin, PrintStream err) {
        if (console.isPresent()) {
            char[] first = console.get().readPassword("Password: ");
            char[] second = console.get().readPassword("Password (again): ");
            if (first == null || second == null || !Arrays.equals(first, second)) {
                err.println("The passwords do not match; nothing was saved.");
                return Optional.empty();
            }
            if (first.length == 0) {
                err.println("The password must not be empty; nothing was saved.");
                return Optional.empty();
            }
            String password = new String(first);
            Arrays.fill(first, ' ');
            Arrays.fill(second, ' ');
            return Optional.of(password);
        }
        try {
            String line = new BufferedReader(new InputStreamReader(stdin, StandardCharsets.UTF_8)).readLine();
            if (line == null || line.isEmpty()) {
                err.println("No password on standard input (one line expected); nothing was saved.");
                return Optional.empty();
            }
            return Optional.of(line);
        } catch (IOException e) {
            err.println("Could not read the password from standard input: " + e.getMessage());
            return Optional.empty();
        }
    }

    /** The terminal, when standard input and output are one (JDK 22+ returns a console even when redirected). */
    static Optional<Console> terminal() {
        Console console = System.console();
        if (console == null) {
            return Optional.empty();
        }
        try {
            Object interactive = Console.class.getMethod("isTerminal").invoke(console);
            return Boolean.TRUE.equals(interactive) ? Optional.of(console) : Optional.empty();
        } catch (ReflectiveOperationException e) {
            return Optional.of(console);
        }
    }

    private static List<String> split(String roles) {
        return Arrays.stream(roles.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList();
    }
}
