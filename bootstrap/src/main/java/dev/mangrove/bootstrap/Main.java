package dev.mangrove.bootstrap;

import picocli.CommandLine;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/** Starts Mangrove, or runs one of its commands: {@code mangrove [--config FILE] | createuser … | --help | --version}. */
public final class Main {
    private Main() {
    }

    /** The command-line entry point. */
    public static void main(String[] args) {
        if (System.getProperty("java.util.logging.manager") == null) {
            System.setProperty("java.util.logging.manager", ShutdownLogManager.class.getName());
        }
        configureLogging();
        // the embedded backend's Netty would otherwise print sun.misc.Unsafe warnings on JDK 24+
        System.setProperty("io.netty.noUnsafe", System.getProperty("io.netty.noUnsafe", "true"));
        CommandLine cli = MangroveCommand.create(
                file -> ConfigLoader.load(file, Path.of("").toAbsolutePath(), System.getenv(), systemProperties()),
                Mangrove::start, CreateUserCommand.terminal(), System.in, System.out, System.err);
        int code = cli.execute(args);
        Optional<Mangrove> server = MangroveCommand.started(cli);
        if (code != 0 || server.isEmpty()) {
            System.exit(code);
        }
        ShutdownLogManager.deferResets();
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                server.get().close();
            } finally {
                ShutdownLogManager.resetNow();
            }
        }, "mangrove-shutdown"));
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
