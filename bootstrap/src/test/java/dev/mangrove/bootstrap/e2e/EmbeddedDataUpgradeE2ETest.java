package dev.mangrove.bootstrap.e2e;

import dev.mangrove.bootstrap.Mangrove;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

/**
 * A data directory written by an older embedded backend (H2 2.2.220, before the H2 upgrade) opens, reads and
 * takes writes with the H2 this build ships: upgrading Mangrove keeps {@code ./data}.
 */
class EmbeddedDataUpgradeE2ETest {
    @TempDir
    Path dataDir;

    @Test
    void dataWrittenByH2_2_2_220IsReadAndWritable() throws IOException {
        try (InputStream old = getClass().getResourceAsStream("/embedded-data/h2-2.2.220/mangrove.mv.db")) {
            assertNotNull(old, "fixture missing");
            Files.copy(old, dataDir.resolve("mangrove.mv.db"));
        }
        Map<String, String> settings = Map.of("mangrove.embedded.in-memory", "false",
                "mangrove.embedded.data-dir", dataDir.toString(), "mangrove.mongo.uri", "");
        try (Mangrove server = TestServer.start(settings)) {
            Http http = new Http(server.url());
            Http.Response things = http.get("/old/things?jsonMode=canonical");
            assertEquals(200, things.status(), things.body());
            assertEquals(2, things.json().size(), things.body());
            assertEquals("héllo", things.json().get(0).get("s").asText());
            assertEquals("1767225600000", things.json().get(0).get("d").get("$date").get("$numberLong").asText());
            assertEquals("2.5", things.json().get(1).get("n").get("$numberDouble").asText());
            Http.Response indexes = http.get("/old/things/_indexes");
            assertEquals(200, indexes.status());
            assertEquals(true, indexes.body().contains("\"by_n\""), indexes.body());
            assertEquals(201, http.post("/old/things", "{\"_id\": \"c\", \"n\": 3}").status());
            assertEquals(1, http.get("/old/things?filter=" + java.net.URLEncoder.encode("{\"n\":{\"$gte\":3}}", java.nio.charset.StandardCharsets.UTF_8)).json().size());
        }
    }
}
