package dev.mangrove.bootstrap;

import io.helidon.config.Config;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.Console;
import java.io.InputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.function.Function;

/**
 * The command line: {@code mangrove [--config FILE]} starts the server; subcommands ({@code createuser}, {@code passwd},
 * {@code disableuser}, {@code enableuser}, {@code deleteuser}, {@code listusers})
 * do one job and exit. Usage text, {@code --help} and {@code --version} come from picocli.
 */
@Command(name = "mangrove", mixinStandardHelpOptions = true, versionProvider = MangroveCommand.Version.class,
        sortOptions = false, usageHelpAutoWidth = true,
        description = "Serves a RESTful API over MongoDB, or over its embedded backend.",
        footer = {"", "Configuration: docs/configuration.md; security and createuser: docs/security.md."})
final class MangroveCommand implements Callable<Integer> {
    @Option(names = "--config", paramLabel = "FILE",
            description = "a YAML file over application.yaml (also MANGROVE_CONFIG_FILE)")
    private Path configFile;

    private final Function<Optional<Path>, Config> configs;
    private final Function<Config, Mangrove> starter;
    private final PrintStream err;
    private Mangrove server;

    private MangroveCommand(Function<Optional<Path>, Config> configs, Function<Config, Mangrove> starter,
                            PrintStream err) {
        this.configs = Objects.requireNonNull(configs, "configs");
        this.starter = Objects.requireNonNull(starter, "starter");
        this.err = Objects.requireNonNull(err, "err");
    }

    /**
     * The whole command line, ready to {@code execute(args)}.
     *
     * @param configs loads the configuration for an optional {@code --config} file
     * @param starter starts the server from a configuration
     * @param console the terminal, when there is one (createuser asks for the password there)
     * @param stdin   read by createuser when there is no terminal
     */
    static CommandLine create(Function<Optional<Path>, Config> configs, Function<Config, Mangrove> starter,
                              Optional<Console> console, InputStream stdin, PrintStream out, PrintStream err) {
        CommandLine line = new CommandLine(new MangroveCommand(configs, starter, err))
                .addSubcommand(CreateUserCommand.commandLine(configs, console, stdin, out, err));
        for (CommandLine users : UserCommands.commandLines(configs, console, stdin, out, err)) {
            line.addSubcommand(users);
        }
        line.setOut(new PrintWriter(out, true, StandardCharsets.UTF_8));
        line.setErr(new PrintWriter(err, true, StandardCharsets.UTF_8));
        return line;
    }

    /** The server this command started, if it ran and started one. */
    static Optional<Mangrove> started(CommandLine line) {
        return Optional.ofNullable(((MangroveCommand) line.getCommand()).server);
    }

    @Override
    public Integer call() {
        try {
            server = starter.apply(configs.apply(Optional.ofNullable(configFile)));
            return 0;
        } catch (ConfigurationException e) {
            err.println(e.getMessage());
            return 2;
        }
    }

    /** The version from the jar's manifest (a build from the IDE or the reactor has none). */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String version = Optional.ofNullable(MangroveCommand.class.getPackage().getImplementationVersion())
                    .orElse("(development build)");
            return new String[] {"Mangrove " + version, "Java " + Runtime.version() + " ("
                    + System.getProperty("java.vendor", "unknown vendor") + ")"};
        }
    }
}
