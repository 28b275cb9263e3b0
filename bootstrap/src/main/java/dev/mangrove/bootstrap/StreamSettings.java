package dev.mangrove.bootstrap;

import io.helidon.config.Config;

import java.time.Duration;

/**
 * Change streams (docs/configuration.md#change-streams).
 *
 * @param queue     {@code mangrove.streams.queue}: events a subscriber may have waiting before it is dropped as too slow
 * @param heartbeat {@code mangrove.streams.heartbeat}: a comment line (SSE) or ping (WebSocket) after this long idle
 */
record StreamSettings(int queue, Duration heartbeat) {
    static StreamSettings read(Config config) {
        int queue = ConfigValues.integer(config, "mangrove.streams.queue", 1000, 1, 1_000_000);
        Duration heartbeat = ConfigValues.duration(config, "mangrove.streams.heartbeat", "15s");
        if (heartbeat.isZero() || heartbeat.isNegative()) {
            throw new ConfigurationException("mangrove.streams.heartbeat", "must be positive");
        }
        return new StreamSettings(queue, heartbeat);
    }
}
