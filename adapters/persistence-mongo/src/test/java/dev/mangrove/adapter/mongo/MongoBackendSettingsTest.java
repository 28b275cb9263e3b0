package dev.mangrove.adapter.mongo;

import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class MongoBackendSettingsTest {
    private static MongoBackendSettings settings(String uri, Duration selection, Duration query) {
        return new MongoBackendSettings(uri, selection, query, false, builder -> { });
    }

    @Test
    void rejectsAUriThatIsNotAMongoConnectionString() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> MongoBackendSettings.create("http://user:hunter2@example.com"));
        assertTrue(e.getMessage().contains("mongodb://"), e.getMessage());
        assertFalse(e.getMessage().contains("hunter2"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> MongoBackendSettings.create("mongodb://"));
        assertThrows(IllegalArgumentException.class, () -> MongoBackendSettings.create("mongodb://h:notaport"));
        assertThrows(IllegalArgumentException.class, () -> MongoBackendSettings.create("mongodb+srv://"));
    }

    @Test
    void rejectsTimeoutsThatAreNotPositive() {
        assertThrows(IllegalArgumentException.class,
                () -> settings("mongodb://localhost", Duration.ZERO, Duration.ofSeconds(1)));
        assertThrows(IllegalArgumentException.class,
                () -> settings("mongodb://localhost", Duration.ofSeconds(1), Duration.ofMillis(-1)));
        assertThrows(NullPointerException.class, () -> settings("mongodb://localhost", null, Duration.ofSeconds(1)));
    }

    @Test
    void neverShowsThePassword() {
        MongoBackendSettings settings = MongoBackendSettings.create("mongodb://app:s3cr%40t@db1:27017,db2/shop?replicaSet=rs0");

        assertEquals("mongodb://app:****@db1:27017,db2/shop?replicaSet=rs0", settings.maskedUri());
        assertFalse(settings.toString().contains("s3cr"), settings.toString());
        assertEquals("mongodb://db1", MongoBackendSettings.create("mongodb://db1").maskedUri());
        assertEquals("mongodb://u:****@h/?authSource=admin", MongoBackendSettings.mask("mongodb://u:p@ss/w@h/?authSource=admin"));
    }

    @Test
    void createUsesShortServerSelectionAndTenSecondQueries() {
        MongoBackendSettings settings = MongoBackendSettings.create("mongodb://localhost");

        assertTrue(settings.serverSelectionTimeout().compareTo(Duration.ofSeconds(5)) <= 0);
        assertEquals(Duration.ofSeconds(10), settings.queryTimeLimit());
        assertFalse(settings.embedded());
    }

    @Test
    void appliesTheTimeoutsAndTheCustomizerToTheClientSettings() {
        MongoBackendSettings settings = new MongoBackendSettings("mongodb://localhost", Duration.ofMillis(750),
                Duration.ofSeconds(1), false, builder -> builder.applicationName("metrics-were-here"));

        var client = MongoBackend.clientSettings(settings);

        assertEquals(750, client.getClusterSettings().getServerSelectionTimeout(java.util.concurrent.TimeUnit.MILLISECONDS));
        assertEquals(750, client.getSocketSettings().getConnectTimeout(java.util.concurrent.TimeUnit.MILLISECONDS));
        assertEquals("metrics-were-here", client.getApplicationName());
        assertTrue(client.getCodecRegistry().get(dev.mangrove.domain.document.Document.class) instanceof DomainDocumentCodec);
    }
}
