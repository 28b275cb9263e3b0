package dev.mangrove.bootstrap;

import dev.mangrove.adapter.http.HttpSettings;
import dev.mangrove.application.service.WritePolicy;
import dev.mangrove.domain.resource.Level;
import dev.mangrove.domain.resource.MethodLimits;
import dev.mangrove.domain.resource.Mount;
import dev.mangrove.domain.resource.MountTable;
import dev.mangrove.domain.resource.Mounts;
import dev.mangrove.domain.resource.Verb;
import io.helidon.config.Config;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

import static dev.mangrove.bootstrap.ConfigValues.bool;
import static dev.mangrove.bootstrap.ConfigValues.duration;
import static dev.mangrove.bootstrap.ConfigValues.integer;
import static dev.mangrove.bootstrap.ConfigValues.string;

/**
 * Every setting Mangrove reads, typed and validated; a bad value is a {@link ConfigurationException}
 * naming the key.
 *
 * @param host                   {@code server.host}
 * @param port                   {@code server.port}
 * @param mongoUri               {@code mangrove.mongo.uri}, empty for the embedded backend
 * @param queryTimeLimit         {@code mangrove.mongo.query-time-limit}
 * @param serverSelectionTimeout {@code mangrove.mongo.server-selection-timeout}
 * @param dataDir                {@code mangrove.embedded.data-dir}
 * @param inMemory               {@code mangrove.embedded.in-memory}
 * @param mounts                 {@code mangrove.mounts} and the {@code mangrove.resources} shortcut
 * @param http                   paging, body and nesting limits
 * @param writes                 {@code mangrove.writes.*}
 * @param shutdownGrace          {@code mangrove.shutdown-grace}
 * @param pluginsDirectory       {@code mangrove.plugins.directory}
 * @param security               {@code mangrove.security.*}: authentication (see {@link SecuritySettings})
 */
record Settings(String host, int port, Optional<String> mongoUri, Duration queryTimeLimit,
                Duration serverSelectionTimeout, Path dataDir, boolean inMemory, MountTable mounts,
                HttpSettings http, WritePolicy writes, Duration shutdownGrace, Path pluginsDirectory,
                SecuritySettings security) {

    static Settings read(Config config) {
        String host = string(config, "server.host").orElse("127.0.0.1");
        int port = integer(config, "server.port", 8080, 0, 65535);
        Optional<String> uri = string(config, "mangrove.mongo.uri").filter(s -> !s.isBlank());
        uri.ifPresent(u -> {
            if (!u.startsWith("mongodb://") && !u.startsWith("mongodb+srv://")) {
                throw new ConfigurationException("mangrove.mongo.uri", "expected mongodb://… or mongodb+srv://…");
            }
        });
        Duration timeLimit = duration(config, "mangrove.mongo.query-time-limit", "10s");
        Duration selection = duration(config, "mangrove.mongo.server-selection-timeout", "2s");
        Path dataDir = Path.of(string(config, "mangrove.embedded.data-dir").orElse("./data"));
        boolean inMemory = bool(config, "mangrove.embedded.in-memory", false);
        int defaultPageSize = integer(config, "mangrove.paging.default-pagesize", 100, 0, Integer.MAX_VALUE);
        int maxPageSize = integer(config, "mangrove.paging.max-pagesize", 1000, 1, Integer.MAX_VALUE);
        if (defaultPageSize > maxPageSize) {
            throw new ConfigurationException("mangrove.paging.default-pagesize",
                    "must not exceed mangrove.paging.max-pagesize (" + maxPageSize + ")");
        }
        long maxBody = string(config, "mangrove.http.max-body").map(s -> Units.bytes("mangrove.http.max-body", s))
                .orElse(16L * 1024 * 1024);
        if (maxBody < 1) {
            throw new ConfigurationException("mangrove.http.max-body", "must be positive");
        }
        int maxDepth = integer(config, "mangrove.http.max-nesting-depth", 100, 1, 1000);
        boolean createCollections = bool(config, "mangrove.writes.create-collections", true);
        boolean requireIfMatch = bool(config, "mangrove.etag.require-if-match", false);
        boolean requireForce = bool(config, "mangrove.writes.require-force", false);
        int maxBatchSize = integer(config, "mangrove.writes.max-batch-size", WritePolicy.DEFAULT_MAX_BATCH_SIZE, 1,
                1_000_000);
        Duration grace = duration(config, "mangrove.shutdown-grace", "10s");
        int maxConcurrent = integer(config, "mangrove.limits.max-concurrent-requests",
                HttpSettings.DEFAULT_MAX_CONCURRENT_REQUESTS, 1, 1_000_000);
        return new Settings(host, port, uri, timeLimit, selection, dataDir, inMemory, mounts(config),
                new HttpSettings(maxBody, defaultPageSize, maxPageSize, maxDepth, deniedOperators(config), maxConcurrent,
                        duration(config, "mangrove.http.write-timeout", "60s")),
                new WritePolicy(createCollections, requireIfMatch, requireForce, maxBatchSize),
                grace, Path.of(string(config, "mangrove.plugins.directory").orElse("plugins")),
                SecuritySettings.read(config));
    }

    /** How the mounts read in a start-up line: {@code * → /, /shop/rockets → /api/rockets}. */
    String describeMounts() {
        return mounts.mounts().stream().map(m -> m.what() + " -> " + m.where()).collect(Collectors.joining(", "));
    }

    private static MountTable mounts(Config config) {
        List<Mount> mounts = new ArrayList<>();
        Config list = config.get("mangrove.mounts");
        if (list.exists()) {
            List<Config> nodes = list.asNodeList().orElseThrow(() ->
                    new ConfigurationException("mangrove.mounts", "expected a list of {what, where}"));
            for (int i = 0; i < nodes.size(); i++) {
                mounts.add(mount(nodes.get(i), "mangrove.mounts." + i));
            }
        }
        Optional<String> resources = string(config, "mangrove.resources").filter(s -> !s.isBlank());
        if (resources.isPresent()) {
            try {
                mounts.addAll(Mounts.fromResources(resources.get(), string(config, "mangrove.database").orElse(null),
                        string(config, "mangrove.resources-prefix").orElse("/api")));
            } catch (IllegalArgumentException e) {
                throw new ConfigurationException("mangrove.resources", e.getMessage());
            }
        }
        if (mounts.isEmpty()) {
            mounts.add(Mount.of("*", "/"));
        }
        try {
            return MountTable.create(mounts);
        } catch (IllegalArgumentException e) {
            throw new ConfigurationException("mangrove.mounts", e.getMessage());
        }
    }

    private static Mount mount(Config node, String key) {
        String what = node.get("what").asString().orElseThrow(() ->
                new ConfigurationException(key + ".what", "is required (\"*\", \"/db\" or \"/db/coll\")"));
        String where = node.get("where").asString().orElse("/");
        Map<Level, Set<Verb>> limits = new EnumMap<>(Level.class);
        for (Level level : List.of(Level.DATABASE, Level.COLLECTION, Level.DOCUMENT)) {
            String name = level.name().toLowerCase(Locale.ROOT);
            Config verbs = node.get("methods").get(name);
            if (verbs.exists()) {
                Set<Verb> set = EnumSet.noneOf(Verb.class);
                for (String verb : verbs.asList(String.class).orElseThrow(() ->
                        new ConfigurationException(key + ".methods." + name, "expected a list of HTTP methods"))) {
                    set.add(Verb.of(verb).orElseThrow(() -> new ConfigurationException(key + ".methods." + name,
                            "unknown method '" + verb + "'")));
                }
                limits.put(level, set);
            }
        }
        try {
            return new Mount(what, where, limits.isEmpty() ? MethodLimits.none() : MethodLimits.of(limits));
        } catch (IllegalArgumentException e) {
            throw new ConfigurationException(key, e.getMessage());
        }
    }

    private static Set<String> deniedOperators(Config config) {
        Config node = config.get("mangrove.query.denied-operators");
        if (!node.exists()) {
            return Set.of();
        }
        List<String> values = node.asList(String.class).orElseGet(() -> node.asString()
                .map(s -> List.of(s.split(","))).orElse(List.of()));
        Set<String> out = new java.util.HashSet<>();
        for (String value : values) {
            String op = value.trim();
            if (op.isEmpty()) {
                continue;
            }
            if (!op.startsWith("$")) {
                throw new ConfigurationException("mangrove.query.denied-operators",
                        "expected operator names starting with $, got '" + op + "'");
            }
            out.add(op);
        }
        return out;
    }
}
