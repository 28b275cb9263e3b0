package dev.mangrove.bootstrap.e2e;

import dev.mangrove.bootstrap.Mangrove;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The plugin host over real HTTP (docs/plugins.md): the hello example's four response kinds from a
 * dropped-in jar, and every loaded plugin's metadata at {@code GET /_plugins}.
 */
class PluginHostE2ETest {
    private static final Path HELLO_JAR = Path.of("..", "plugins", "examples", "hello-plugin", "target", "hello-plugin.jar");

    @TempDir
    static Path plugins;

    @BeforeAll
    static void dropJar() throws IOException {
        assertTrue(Files.isRegularFile(HELLO_JAR), "build the reactor first: " + HELLO_JAR.toAbsolutePath());
        Files.copy(HELLO_JAR, plugins.resolve("hello-plugin.jar"));
    }

    @Test
    void theHelloPluginAnswersEveryResponseKind() {
        try (Mangrove server = TestServer.start(Map.of("mangrove.plugins.directory", plugins.toString()))) {
            Http http = new Http(server.url());
            Http.Response text = http.get("/_hello/text");
            assertEquals(200, text.status(), text.body());
            assertEquals("hello\n", text.body());
            assertTrue(text.header("Content-Type").orElseThrow().startsWith("text/plain"));
            Http.Response array = http.get("/_hello/stream");
            assertEquals(3, array.json().size(), array.body());
            Http.Response ndjson = http.get("/_hello/stream", "Accept", "application/x-ndjson");
            assertEquals(3, ndjson.body().strip().split("\n").length, ndjson.body());
            Http.Response events = http.get("/_hello/events");
            assertEquals("text/event-stream", events.header("Content-Type").orElseThrow());
            assertEquals(3, events.body().split("event: greeting\n", -1).length - 1, events.body());
        }
    }

    @Test
    void everyLoadedPluginIsListedWithItsMetadata() {
        try (Mangrove server = TestServer.start(Map.of("mangrove.plugins.directory", plugins.toString()))) {
            Http.Response listing = new Http(server.url()).get("/_plugins");
            assertEquals(200, listing.status(), listing.body());
            Map<String, String> versions = new java.util.HashMap<>();
            listing.json().forEach(p -> versions.put(p.get("name").asText(), p.get("version").asText()));
            assertEquals("1.0", versions.get("hello"), listing.body());
            assertTrue(versions.keySet().containsAll(java.util.Set.of("distinct", "aggregate", "embedding")),
                    listing.body());
            listing.json().forEach(p -> {
                if (p.get("name").asText().equals("distinct")) {
                    assertEquals("GET,HEAD /{db}/{coll}/_distinct", p.get("endpoints").get(0).asText());
                }
            });
        }
    }
}
