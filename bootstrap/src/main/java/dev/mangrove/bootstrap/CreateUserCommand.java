package dev.mangrove.bootstrap;

import dev.mangrove.adapter.mongo.MongoBackend;
import dev.mangrove.adapter.mongo.MongoBackendSettings;
import dev.mangrove.adapter.security.BcryptPasswordHasher;
import dev.mangrove.application.service.AuthenticationService;
import dev.mangrove.domain.error.MangroveException;
import io.helidon.config.Config;

import java.io.BufferedReader;
import java.io.Console;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * {@code java -jar mangrove.jar createuser NAME [--roles a,b] [--config FILE]} (SPEC §6): asks for the
 * password twice on a terminal, or reads one line from standard input otherwise, and saves the user
 * in the configured realm. With the embedded backend it opens the same data directory, so the server
 * must be stopped.
 */
final class CreateUserCommand {
    static final String USAGE = "usage: java -jar mangrove.jar createuser NAME [--roles a,b] [--config FILE]";

    private CreateUserCommand() {
    }

    /**
     * Runs the command.
     *
     * @param args    the arguments after {@code createuser}
     * @param configs loads the configuration for an optional {@code --config} file
     * @param console the terminal, when there is one
     * @param stdin   read when there is no terminal
     * @return the exit code
     */
    static int run(List<String> args, Function<Optional<Path>, Config> configs, Optional<Console> console,
                   InputStream stdin, PrintStream out, PrintStream err) {
        String name = null;
        List<String> roles = List.of();
        Optional<Path> configFile = Optional.empty();
        for (int i = 0; i < args.size(); i++) {
            String arg = args.get(i);
            if (arg.equals("--roles") && i + 1 < args.size()) {
                roles = split(args.get(++i));
            } else if (arg.startsWith("--roles=")) {
                roles = split(arg.substring("--roles=".length()));
            } else if (arg.equals("--config") && i + 1 < args.size()) {
                configFile = Optional.of(Path.of(args.get(++i)));
            } else if (arg.startsWith("--config=")) {
                configFile = Optional.of(Path.of(arg.substring("--config=".length())));
            } else if (!arg.startsWith("-") && name == null) {
                name = arg;
            } else {
                err.println("Unknown argument '" + arg + "'; " + USAGE);
                return 2;
            }
        }
        if (name == null || name.isBlank()) {
            err.println(USAGE);
            return 2;
        }
        Settings settings;
        try {
            settings = Settings.read(configs.apply(configFile));
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
            out.println("  - {username: \"" + name + "\", password: \"{bcrypt}" + hash + "\", roles: " + roles + "}");
            return 0;
        }
        List<AutoCloseable> resources = new ArrayList<>();
        try {
            String uri;
            if (settings.mongoUri().isEmpty()) {
                EmbeddedBackend backend;
                try {
                    backend = EmbeddedBackend.start(settings.dataDir(), settings.inMemory());
                } catch (RuntimeException e) {
                    if (isLocked(e)) {
                        err.println("The data directory " + settings.dataDir().toAbsolutePath().normalize() + " is in use by a "
                                + "running Mangrove server. Stop the server first, then run createuser again.");
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
            AuthenticationService users = SecurityWiring.userManagement(security, mongo);
            users.saveUser(name, password.get(), roles);
            out.println("User '" + name + "' saved with roles " + roles + " in " + security.usersDb() + "."
                    + security.usersCollection());
            return 0;
        } catch (MangroveException e) {
            err.println("Could not save the user: " + e.detail());
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

    private static Optional<String> readPassword(Optional<Console> console, InputStream stdin, PrintStream err) {
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
