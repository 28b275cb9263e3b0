package dev.mangrove.bootstrap;

import io.helidon.config.Config;

import java.time.Duration;

import static dev.mangrove.bootstrap.ConfigValues.duration;
import static dev.mangrove.bootstrap.ConfigValues.string;

/**
 * How the embedded backend keeps its store bounded (docs/operations.md#size-of-the-embedded-store).
 *
 * @param oplogMaxSize       {@code mangrove.embedded.oplog-max-size}: the change-stream oplog is trimmed, oldest
 *                           entries first, once it holds more than this (in BSON bytes)
 * @param compactionInterval {@code mangrove.embedded.compaction-interval}: how often the upkeep runs (oplog
 *                           trim, then the H2 file's compaction)
 * @param retention          how long the H2 file keeps space freed by a commit before reusing it; not a setting
 *                           (a shorter one lost acknowledged writes after a SIGKILL), only tests shorten it
 */
record EmbeddedStoreSettings(long oplogMaxSize, Duration compactionInterval, Duration retention) {
    static final long DEFAULT_OPLOG_MAX_SIZE = 16L * 1024 * 1024;
    static final Duration DEFAULT_COMPACTION_INTERVAL = Duration.ofSeconds(10);
    /** MVStore's own default; see {@link DurableH2Backend#open}. */
    static final Duration RETENTION = Duration.ofSeconds(45);

    EmbeddedStoreSettings {
        if (oplogMaxSize < 1024 * 1024) {
            throw new ConfigurationException("mangrove.embedded.oplog-max-size", "must be at least 1MiB");
        }
        if (compactionInterval.toMillis() < 10) {
            throw new ConfigurationException("mangrove.embedded.compaction-interval", "must be at least 10ms");
        }
    }

    /** The defaults: a 16 MiB oplog, upkeep every 10 s. */
    static EmbeddedStoreSettings defaults() {
        return new EmbeddedStoreSettings(DEFAULT_OPLOG_MAX_SIZE, DEFAULT_COMPACTION_INTERVAL, RETENTION);
    }

    static EmbeddedStoreSettings read(Config config) {
        long oplog = string(config, "mangrove.embedded.oplog-max-size")
                .map(s -> Units.bytes("mangrove.embedded.oplog-max-size", s)).orElse(DEFAULT_OPLOG_MAX_SIZE);
        Duration interval = duration(config, "mangrove.embedded.compaction-interval", "10s");
        return new EmbeddedStoreSettings(oplog, interval, RETENTION);
    }
}
