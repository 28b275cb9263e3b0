package dev.mangrove.bootstrap;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mangrove.bootstrap.e2e.TestServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A real Atlas Data API client from npm, {@code mongodb-data-api} 0.4.0, unchanged but for its base URL
 * ({@code urlEndpoint}), against Mangrove through the security filter (docs/data-api.md#migrating-from-atlas). It sends a Mangrove
 * API key (created with {@code POST /_keys}) in its {@code api-key} header; the key's role is the only one the ACL
 * lets into the collection. Skipped, with the reason printed, when node/npm or the package cannot be had.
 */
class DataApiClientE2ETest {
    private static final String PACKAGE = "mongodb-data-api@0.4.0";
    private static final Path WORK = Path.of("target", "data-api-client");
    private static Path config;
    private static Mangrove server;
    private static String db;
    private static String apiKey;

    @BeforeAll
    static void start() throws IOException {
        db = TestServer.freshDatabase("sdk");
        config = Files.createTempDirectory("mangrove-data-api-client");
        Path file = config.resolve("mangrove.yaml");
        Files.writeString(file, """
                mangrove:
                  security:
                    enabled: true
                    realm: file
                    users:
                      - {username: root, password: root-pass, roles: [admin]}
                    acl:
                      - roles: ["sdk-client"]
                        path: "/%s/**"
                        mongo: {allowBulkPatch: true, allowBulkDelete: true, allowWriteMode: true,
                                allowAdhocAggregation: true}
                """.formatted(db));
        server = YamlServers.start(file);
        apiKey = createKey();
    }

    /** A new API key with role {@code sdk-client}, created by the admin over HTTP. */
    private static String createKey() throws IOException {
        java.net.http.HttpRequest request = java.net.http.HttpRequest.newBuilder(java.net.URI.create(server.url() + "/_keys"))
                .header("Authorization", "Basic " + java.util.Base64.getEncoder()
                        .encodeToString("root:root-pass".getBytes(StandardCharsets.UTF_8)))
                .header("Content-Type", "application/json")
                .POST(java.net.http.HttpRequest.BodyPublishers.ofString("{\"name\": \"sdk\", \"roles\": [\"sdk-client\"]}"))
                .build();
        try (java.net.http.HttpClient client = java.net.http.HttpClient.newHttpClient()) {
            java.net.http.HttpResponse<String> response = client.send(request,
                    java.net.http.HttpResponse.BodyHandlers.ofString());
            assertEquals(201, response.statusCode(), response.body());
            return new ObjectMapper().readTree(response.body()).path("key").asText();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(e);
        }
    }

    @AfterAll
    static void stop() throws IOException {
        if (server != null) {
            server.close();
        }
        YamlServers.delete(config);
    }

    @Test
    void theNpmClientRunsEveryActionUnchangedButForItsBaseUrl() throws Exception {
        String skip = installClient();
        if (skip != null) {
            System.out.println("DataApiClientE2ETest skipped: " + skip);
            Assumptions.abort(skip);
        }
        Path script = WORK.resolve("run.js");
        Files.writeString(script, """
                const { MongoDBDataAPI } = require('mongodb-data-api');
                const api = new MongoDBDataAPI({ apiKey: process.argv[4], urlEndpoint: process.argv[2] },
                    { dataSource: 'mongodb-atlas', database: process.argv[3], collection: 'things' });
                (async () => {
                  const out = {};
                  out.insertOne = await api.insertOne({ document: { _id: 1, name: 'one', n: 1 } });
                  out.insertMany = await api.insertMany({ documents: [{ _id: 2, n: 2 }, { _id: 3, n: 3 }] });
                  out.findOne = await api.findOne({ filter: { _id: 1 } });
                  out.find = await api.find({ filter: { n: { $gte: 2 } }, sort: { _id: -1 }, limit: 10 });
                  out.updateOne = await api.updateOne({ filter: { _id: 1 }, update: { $set: { name: 'uno' } } });
                  out.updateMany = await api.updateMany({ filter: { _id: 7 }, update: { $set: { n: 7 } }, upsert: true });
                  out.replaceOne = await api.replaceOne({ filter: { _id: 2 }, replacement: { n: 20 } });
                  out.deleteOne = await api.deleteOne({ filter: { _id: 3 } });
                  out.aggregate = await api.aggregate({ pipeline: [{ $group: { _id: null, total: { $sum: '$n' } } }] });
                  out.deleteMany = await api.deleteMany({ filter: {} });
                  try {
                    await api.$$action('nope', {});
                  } catch (e) {
                    out.error = { status: e.status };
                  }
                  console.log(JSON.stringify(out));
                })().catch(e => { console.error(JSON.stringify(e)); process.exit(1); });
                """);
        String endpoint = server.url() + "/app/any-app/endpoint/data/v1";
        Process node = new ProcessBuilder("node", script.getFileName().toString(), endpoint, db, apiKey)
                .directory(WORK.toFile()).redirectErrorStream(true).start();
        assertTrue(node.waitFor(120, TimeUnit.SECONDS), "node did not finish");
        String output = new String(node.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        assertEquals(0, node.exitValue(), output);
        JsonNode out = new ObjectMapper().readTree(output.substring(output.lastIndexOf('\n') + 1));
        assertEquals("{\"insertedId\":1}", out.path("insertOne").toString());
        assertEquals("{\"insertedIds\":[2,3]}", out.path("insertMany").toString());
        assertEquals("{\"document\":{\"_id\":1,\"name\":\"one\",\"n\":1}}", out.path("findOne").toString());
        assertEquals("{\"documents\":[{\"_id\":3,\"n\":3},{\"_id\":2,\"n\":2}]}", out.path("find").toString());
        assertEquals("{\"matchedCount\":1,\"modifiedCount\":1}", out.path("updateOne").toString());
        assertEquals("{\"matchedCount\":0,\"modifiedCount\":0,\"upsertedId\":7}", out.path("updateMany").toString());
        assertEquals("{\"matchedCount\":1,\"modifiedCount\":1}", out.path("replaceOne").toString());
        assertEquals("{\"deletedCount\":1}", out.path("deleteOne").toString());
        assertEquals("{\"documents\":[{\"_id\":null,\"total\":28}]}", out.path("aggregate").toString());
        assertEquals("{\"deletedCount\":3}", out.path("deleteMany").toString());
        assertEquals(404, out.path("error").path("status").asInt(), output);
    }

    /** Installs the client once into target/; the reason it cannot be had, or null. */
    private static String installClient() throws InterruptedException {
        if (!onPath("node") || !onPath("npm")) {
            return "node and npm are needed on the PATH to run the npm Data API client";
        }
        if (Files.isDirectory(WORK.resolve("node_modules/mongodb-data-api"))) {
            return null;
        }
        try {
            Files.createDirectories(WORK);
            Files.writeString(WORK.resolve("package.json"), "{\"name\": \"data-api-client-test\", \"private\": true}");
            Process npm = new ProcessBuilder("npm", "install", "--no-audit", "--no-fund", PACKAGE)
                    .directory(WORK.toFile()).redirectErrorStream(true).start();
            boolean done = npm.waitFor(300, TimeUnit.SECONDS);
            String log = new String(npm.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!done) {
                npm.destroyForcibly();
                return "npm install " + PACKAGE + " took longer than 5 minutes";
            }
            if (npm.exitValue() != 0) {
                return "npm install " + PACKAGE + " failed: " + log.lines().reduce((a, b) -> b).orElse("");
            }
            return null;
        } catch (IOException e) {
            return "npm install " + PACKAGE + " could not run: " + e.getMessage();
        }
    }

    private static boolean onPath(String command) {
        try {
            Process p = new ProcessBuilder(List.of(command, "--version")).redirectErrorStream(true).start();
            p.getInputStream().readAllBytes();
            return p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0;
        } catch (IOException | InterruptedException e) {
            return false;
        }
    }
}
