package dev.mangrove.bootstrap.e2e;

import dev.mangrove.bootstrap.Mangrove;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The embedded backend keeps data across a restart (docs/operations.md#the-embedded-backend). */
class RestartE2ETest {
    @TempDir
    Path dataDir;

    @Test
    void embeddedDataSurvivesARestart() {
        Map<String, String> settings = Map.of("mangrove.embedded.in-memory", "false",
                "mangrove.embedded.data-dir", dataDir.toString(), "mangrove.mongo.uri", "");
        String path = "/persist/things";
        try (Mangrove first = TestServer.start(settings)) {
            Http http = new Http(first.url());
            assertTrue(first.backendDescription().startsWith("embedded"), first.backendDescription());
            assertEquals(201, http.post(path, "{\"_id\": \"kept\", \"n\": 1, \"when\": {\"$date\": \"2024-05-06T07:08:09Z\"},"
                    + " \"price\": {\"$numberDecimal\": \"9.99\"}, \"tags\": [\"a\", {\"b\": 2}]}").status());
            assertEquals(204, http.patch(path + "/kept", "{\"n\": 2}").status());
        }
        assertTrue(Files.exists(dataDir.resolve("mangrove.mv.db")));
        try (Mangrove second = TestServer.start(settings)) {
            Http http = new Http(second.url());
            Http.Response r = http.get(path + "/kept?jsonMode=canonical");
            assertEquals(200, r.status(), r.body());
            assertEquals("2", r.json().get("n").get("$numberInt").asText());
            assertEquals("9.99", r.json().get("price").get("$numberDecimal").asText());
            assertEquals("1714979289000", r.json().get("when").get("$date").get("$numberLong").asText());
            assertEquals(2, r.json().get("tags").get(1).get("b").get("$numberInt").asInt());
            assertEquals(1, http.get(path).json().size());
        }
    }
}
