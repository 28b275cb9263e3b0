package dev.mangrove.bootstrap.e2e;

import dev.mangrove.bootstrap.Mangrove;
import io.helidon.config.Config;
import io.helidon.config.ConfigSources;

import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/** A real Mangrove server over real HTTP, shared by the end-to-end tests of one JVM. */
public final class TestServer {
    private static final AtomicInteger DATABASES = new AtomicInteger();
    private static Mangrove shared;

    private TestServer() {
    }

    /** The shared server on the run's test backend, started on first use. */
    public static synchronized Mangrove shared() {
        if (shared == null) {
            shared = start(Map.of());
            Runtime.getRuntime().addShutdownHook(new Thread(shared::close));
        }
        return shared;
    }

    /** A new server on the test backend with extra settings (the caller closes it). */
    public static Mangrove start(Map<String, String> extra) {
        Map<String, String> settings = new HashMap<>();
        settings.put("server.port", "0");
        settings.put("mangrove.embedded.in-memory", "true");
        // Mangrove is secure by default (docs/security.md); the functional e2e tests exercise the API without
        // credentials, so they turn security off here. SecurityE2ETest and AuthenticationE2ETest
        // start their own servers with "mangrove.security.enabled" = "true".
        settings.put("mangrove.security.enabled", "false");
        TestBackend.get().uri().ifPresent(uri -> settings.put("mangrove.mongo.uri", uri));
        settings.putAll(extra);
        return Mangrove.start(config(settings));
    }

    /** A configuration of exactly these keys over the classpath defaults. */
    public static Config config(Map<String, String> settings) {
        return Config.builder()
                .disableEnvironmentVariablesSource()
                .disableSystemPropertiesSource()
                .sources(ConfigSources.create(settings), ConfigSources.classpath("application.yaml"))
                .build();
    }

    /** A database name no other test uses. */
    public static String freshDatabase(String prefix) {
        return prefix + "_" + ProcessHandle.current().pid() + "_" + DATABASES.incrementAndGet();
    }
}
