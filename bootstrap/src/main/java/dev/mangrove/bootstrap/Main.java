package dev.mangrove.bootstrap;

import io.helidon.config.Config;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/** Starts Mangrove: {@code java -jar mangrove.jar [--config FILE]}. */
public final class Main {
    private Main() {
    }

    /** The command-line entry point. */
    public static void main(String[] args) {
        configureLogging();
        // the embedded backend's Netty would otherwise print sun.misc.Unsafe warnings on JDK 24+
        System.setProperty("io.netty.noUnsafe", System.getProperty("io.netty.noUnsafe", "true"));
        if (args.length > 0 && args[0].equals("createuser")) {
            java.util.logging.Logger.getLogger("").setLevel(java.util.logging.Level.WARNING);
            System.exit(CreateUserCommand.run(java.util.List.of(args).subList(1, args.length),
                    file -> ConfigLoader.load(file, Path.of("").toAbsolutePath(), System.getenv(), systemProperties()),
                    CreateUserCommand.terminal(), System.in, System.out, System.err));
            return;
        }
        Optional<Path> configFile = Optional.empty();
        for (int i = 0; i < args.length; i++) {
            if (args[i].equals("--config") && i + 1 < args.length) {
                configFile = Optional.of(Path.of(args[++i]));
            } else if (args[i].startsWith("--config=")) {
                configFile = Optional.of(Path.of(args[i].substring("--config=".length())));
            } else if (args[i].equals("--help") || args[i].equals("-h")) {
                System.out.println("usage: java -jar mangrove.jar [--config FILE]\n       " + CreateUserCommand.USAGE.substring("usage: ".length()));
                return;
            } else {
                System.err.println("Unknown argument '" + args[i] + "'; usage: java -jar mangrove.jar [--config FILE]");
                System.exit(2);
            }
        }
        Mangrove mangrove;
        try {
            Config config = ConfigLoader.load(configFile, Path.of("").toAbsolutePath(), System.getenv(), systemProperties());
            mangrove = Mangrove.start(config);
        } catch (ConfigurationException e) {
            System.err.println(e.getMessage());
            System.exit(2);
            return;
        }
        Runtime.getRuntime().addShutdownHook(new Thread(mangrove::close, "mangrove-shutdown"));
    }

    /** One-line JUL logging from the bundled logging.properties, unless the user configured JUL. */
    static void configureLogging() {
        if (System.getProperty("java.util.logging.config.file") != null) {
            return;
        }
        try (java.io.InputStream in = Main.class.getResourceAsStream("/logging.properties")) {
            if (in != null) {
                java.util.logging.LogManager.getLogManager().readConfiguration(in);
            }
        } catch (java.io.IOException e) {
            System.err.println("Could not read logging.properties: " + e.getMessage());
        }
    }

    private static Map<String, String> systemProperties() {
        Map<String, String> out = new HashMap<>();
        System.getProperties().forEach((k, v) -> out.put(String.valueOf(k), String.valueOf(v)));
        return out;
    }
}
