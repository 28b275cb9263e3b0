package dev.mangrove.bootstrap.e2e;

import dev.mangrove.bootstrap.Mangrove;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static dev.mangrove.bootstrap.e2e.DocumentCrudE2ETest.assertProblem;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A plugin jar dropped into the plugins directory is loaded without a rebuild (docs/plugins.md). */
class PluginsE2ETest {
    /** Built by the reactor before bootstrap (plugins/examples/hello-plugin); not on the test classpath. */
    private static final Path HELLO_JAR = Path.of("..", "plugins", "examples", "hello-plugin", "target", "hello-plugin.jar");

    @TempDir
    static Path plugins;

    @BeforeAll
    static void dropJars() throws IOException {
        assertTrue(Files.isRegularFile(HELLO_JAR), "build the reactor first: " + HELLO_JAR.toAbsolutePath());
        Files.copy(HELLO_JAR, plugins.resolve("hello-plugin.jar"));
        Files.writeString(plugins.resolve("broken.jar"), "this is not a jar");
    }

    @Test
    void theHelloPluginIsNotOnTheClasspath() {
        assertThrows(ClassNotFoundException.class, () -> Class.forName("dev.mangrove.plugin.hello.HelloPluginProvider"));
    }

    @Test
    void aDroppedInJarServesItsEndpointAndABrokenJarDoesNotStopTheServer() {
        try (Mangrove server = TestServer.start(Map.of("mangrove.plugins.directory", plugins.toString()))) {
            Http http = new Http(server.url());
            Http.Response hello = http.get("/_hello");
            assertEquals(200, hello.status(), hello.body());
            assertEquals("{\"message\":\"hello\"}", hello.body());
            Http.Response post = http.post("/_hello", "{}");
            assertProblem(post, 405, "method-not-allowed");
            assertEquals("GET", post.header("Allow").orElseThrow());
            assertProblem(http.get("/_nobody"), 404, "resource-not-found");
        }
    }

    @Test
    void theHelloInterceptorAddsItsHeaderToEveryApiResponse() {
        try (Mangrove server = TestServer.start(Map.of("mangrove.plugins.directory", plugins.toString(),
                "mangrove.plugins.hello.message", "hej"))) {
            Http http = new Http(server.url());
            String coll = "/" + TestServer.freshDatabase("hello") + "/things";
            Http.Response created = http.post(coll, "{\"_id\": 1}");
            assertEquals(201, created.status(), created.body());
            assertEquals("hej", created.header("X-Hello").orElse(null), "a write");
            assertEquals("hej", http.get(coll).header("X-Hello").orElse(null), "a collection");
            assertEquals("hej", http.get(coll + "/1").header("X-Hello").orElse(null), "a document");
            assertEquals("hej", http.get("/_hello").header("X-Hello").orElse(null), "a plugin endpoint");
            Http.Response missing = http.get(coll + "/2");
            assertEquals(404, missing.status());
            assertEquals("hej", missing.header("X-Hello").orElse(null), "a problem");
            assertTrue(http.get("/health/live").header("X-Hello").isEmpty(), "health is not an API request");
        }
        try (Mangrove server = TestServer.start(Map.of())) {
            assertTrue(new Http(server.url()).get("/").header("X-Hello").isEmpty(), "not without the plugin");
        }
    }

    @Test
    void aPluginReadsItsOwnConfiguration() {
        try (Mangrove server = TestServer.start(Map.of("mangrove.plugins.directory", plugins.toString(),
                "mangrove.plugins.hello.message", "bonjour"))) {
            assertEquals("{\"message\":\"bonjour\"}", new Http(server.url()).get("/_hello").body());
        }
    }

    @Test
    void aDisabledPluginIsNotServed() {
        try (Mangrove server = TestServer.start(Map.of("mangrove.plugins.directory", plugins.toString(),
                "mangrove.plugins.hello.enabled", "false"))) {
            assertProblem(new Http(server.url()).get("/_hello"), 404, "resource-not-found");
        }
    }
}
