package dev.mangrove.adapter.http;

import io.helidon.webserver.WebServer;
import io.helidon.webserver.http1.Http1Config;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * An upload's connection gets a wide socket receive buffer (docs/performance.md#file-transfers): Helidon gives every
 * connection its listener's 4 KiB, and {@link ClientPresence#widenReceiveBuffer} raises it for the request it serves,
 * over a real socket with the connection listener registered as the server registers it.
 */
class UploadReceiveBufferTest {
    private static WebServer server;

    @BeforeAll
    static void start() {
        server = WebServer.builder().port(0)
                .addProtocol(Http1Config.builder().addReceiveListener(MangroveHttp.connectionListener()).build())
                .routing(r -> r
                        .get("/widened", (req, res) -> {
                            int before = ClientPresence.widenReceiveBuffer(0);
                            int after = ClientPresence.widenReceiveBuffer(FileHandlers.UPLOAD_RECEIVE_BUFFER);
                            res.send(before + " " + after);
                        }))
                .build().start();
    }

    @AfterAll
    static void stop() {
        server.stop();
    }

    @Test
    void theConnectionOfAnUploadReceivesIntoAtLeastOneMebibyte() throws Exception {
        HttpResponse<String> response = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build().send(
                HttpRequest.newBuilder(URI.create("http://localhost:" + server.port() + "/widened")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, response.statusCode(), response.body());
        String[] sizes = response.body().split(" ");
        int before = Integer.parseInt(sizes[0]);
        int after = Integer.parseInt(sizes[1]);
        assertTrue(before > 0, "the socket is reached: " + response.body());
        assertTrue(before < FileHandlers.UPLOAD_RECEIVE_BUFFER, "Helidon's own buffer is smaller: " + response.body());
        assertTrue(after >= FileHandlers.UPLOAD_RECEIVE_BUFFER, "widened: " + response.body());
    }
}
