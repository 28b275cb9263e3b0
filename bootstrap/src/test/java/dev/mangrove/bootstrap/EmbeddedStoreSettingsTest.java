package dev.mangrove.bootstrap;

import dev.mangrove.bootstrap.e2e.TestServer;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class EmbeddedStoreSettingsTest {
    @Test
    void defaultsAreA16MiBOplogAndUpkeepEvery10Seconds() {
        EmbeddedStoreSettings settings = EmbeddedStoreSettings.read(TestServer.config(Map.of()));
        assertEquals(16L * 1024 * 1024, settings.oplogMaxSize());
        assertEquals(Duration.ofSeconds(10), settings.compactionInterval());
        assertEquals(Duration.ofSeconds(45), settings.retention());
    }

    @Test
    void readsSizesAndDurations() {
        EmbeddedStoreSettings settings = EmbeddedStoreSettings.read(TestServer.config(Map.of(
                "mangrove.embedded.oplog-max-size", "64MiB", "mangrove.embedded.compaction-interval", "1m")));
        assertEquals(64L * 1024 * 1024, settings.oplogMaxSize());
        assertEquals(Duration.ofMinutes(1), settings.compactionInterval());
    }

    @Test
    void badValuesNameTheirKey() {
        ConfigurationException small = assertThrows(ConfigurationException.class, () -> EmbeddedStoreSettings.read(
                TestServer.config(Map.of("mangrove.embedded.oplog-max-size", "10KiB"))));
        assertTrue(small.getMessage().contains("mangrove.embedded.oplog-max-size"), small.getMessage());
        ConfigurationException interval = assertThrows(ConfigurationException.class, () -> EmbeddedStoreSettings.read(
                TestServer.config(Map.of("mangrove.embedded.compaction-interval", "soon"))));
        assertTrue(interval.getMessage().contains("mangrove.embedded.compaction-interval"), interval.getMessage());
    }
}
