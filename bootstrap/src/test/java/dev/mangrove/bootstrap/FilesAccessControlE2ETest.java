package dev.mangrove.bootstrap;

import com.fasterxml.jackson.databind.JsonNode;
import dev.mangrove.bootstrap.e2e.Http;
import dev.mangrove.bootstrap.e2e.TestServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The access-control list on GridFS buckets through the real authentication filter (docs/files.md#access-control):
 * permissions and the read filter of a bucket's metadata apply to its files' content too.
 */
class FilesAccessControlE2ETest {
    private static final String SECRET = "files-acl-e2e-secret-0123456789abcdef";
    private static final String BOUNDARY = "acl-files-boundary";
    private static final HttpClient CLIENT = HttpClient.newHttpClient();
    private static Path dir;
    private static Mangrove server;
    private static Http http;
    private static String bucket;
    private static String alicesFile;
    private static String bobsFile;

    @BeforeAll
    static void start() throws Exception {
        dir = Files.createTempDirectory("mangrove-files-acl-e2e");
        String db = TestServer.freshDatabase("files_acl");
        bucket = "/" + db + "/docs.files";
        Path file = dir.resolve("mangrove.yaml");
        Files.writeString(file, """
                mangrove:
                  security:
                    enabled: true
                    realm: file
                    jwt: {secret: "%s"}
                    users:
                      - {username: alice, password: alice-pass, roles: [owner]}
                      - {username: rita, password: rita-pass, roles: [reader]}
                      - {username: nobody, password: nobody-pass, roles: [none]}
                      - {username: root, password: root-pass, roles: [admin]}
                    acl-refresh: 100ms
                    acl:
                      - {roles: [reader], methods: [GET], path: "/%s/**"}
                      - roles: [owner]
                        path: "/%s/docs.files/**"
                        mongo:
                          readFilter:  {"metadata.owner": "@user.username"}
                          writeFilter: {"metadata.owner": "@user.username"}
                """.formatted(SECRET, db, db));
        server = YamlServers.start(file);
        http = new Http(server.url());
        assertEquals(201, http.put(bucket, null, basic("root", "root-pass")).status());
        alicesFile = upload("root", "root-pass", "alice.txt", "{\"owner\": \"alice\"}").headers()
                .firstValue("Location").orElseThrow();
        bobsFile = upload("root", "root-pass", "bob.txt", "{\"owner\": \"bob\"}").headers()
                .firstValue("Location").orElseThrow();
    }

    @AfterAll
    static void stop() throws IOException {
        if (server != null) {
            server.close();
        }
        YamlServers.delete(dir);
    }

    @Test
    void theReadFilterHidesOtherFilesMetadataAndContent() {
        JsonNode listed = http.get(bucket, alice()).json();
        assertEquals(1, listed.size(), listed.toString());
        assertEquals("alice.txt", listed.get(0).get("filename").asText());
        assertEquals(200, http.get(alicesFile, alice()).status());
        assertEquals("alice.txt", http.get(alicesFile + "/binary", alice()).body());
        assertEquals(404, http.get(bobsFile, alice()).status());
        assertEquals(404, http.get(bobsFile + "/binary", alice()).status(), "no metadata, no content");
        assertEquals(404, http.send("HEAD", bobsFile + "/binary", null, null, alice()).status());
        assertEquals(404, http.get(bobsFile + "/binary", alice()[0], alice()[1], "Range", "bytes=0-1").status());
    }

    @Test
    void theWriteFilterProtectsOtherFiles() {
        assertEquals(404, http.patch(bobsFile, "{\"owner\": \"alice\"}", alice()).status());
        assertEquals(404, http.put(bobsFile, "{\"owner\": \"alice\"}", alice()).status());
        assertEquals(404, http.delete(bobsFile, alice()).status());
        assertEquals("bob", http.get(bobsFile, root()).json().get("metadata").get("owner").asText());
        assertEquals("bob.txt", http.get(bobsFile + "/binary", root()).body());
    }

    @Test
    void permissionsApplyAsToACollection() throws Exception {
        assertEquals("bob.txt", http.get(bobsFile + "/binary", basic("rita", "rita-pass")).body());
        assertEquals(403, upload("rita", "rita-pass", "r.txt", "{}").statusCode());
        assertEquals(403, http.delete(bobsFile, basic("rita", "rita-pass")).status());
        assertEquals(403, http.get(bobsFile + "/binary", basic("nobody", "nobody-pass")).status());
        assertEquals(401, http.get(bobsFile + "/binary").status());
        assertEquals(403, http.delete(bucket + "?force=true", alice()).status(), "dropping a bucket is management");
        assertEquals(403, http.put(bucket, null, alice()).status());
        assertEquals(2, http.get(bucket + "?count=true", root()).json().size());
    }

    private static HttpResponse<String> upload(String user, String password, String filename, String properties)
            throws Exception {
        String body = "--" + BOUNDARY + "\r\nContent-Disposition: form-data; name=\"properties\"\r\n\r\n" + properties
                + "\r\n--" + BOUNDARY + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"" + filename
                + "\"\r\nContent-Type: text/plain\r\n\r\n" + filename + "\r\n--" + BOUNDARY + "--\r\n";
        HttpRequest request = HttpRequest.newBuilder(URI.create(server.url() + bucket))
                .header("Content-Type", "multipart/form-data; boundary=" + BOUNDARY)
                .header("Authorization", basic(user, password)[1])
                .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8)).build();
        return CLIENT.send(request, HttpResponse.BodyHandlers.ofString());
    }

    private static String[] alice() {
        return basic("alice", "alice-pass");
    }

    private static String[] root() {
        return basic("root", "root-pass");
    }

    private static String[] basic(String user, String password) {
        return new String[] {"Authorization", "Basic " + Base64.getEncoder().encodeToString(
                (user + ":" + password).getBytes(StandardCharsets.UTF_8))};
    }
}
