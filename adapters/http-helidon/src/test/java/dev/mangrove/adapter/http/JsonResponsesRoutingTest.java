package dev.mangrove.adapter.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mangrove.adapter.http.json.ExtendedJson;
import io.helidon.http.HeaderNames;
import io.helidon.http.Status;
import io.helidon.webclient.http1.Http1ClientResponse;
import io.helidon.webserver.http.HttpRouting;
import io.helidon.webserver.testing.junit5.DirectClient;
import io.helidon.webserver.testing.junit5.RoutingTest;
import io.helidon.webserver.testing.junit5.SetUpRoute;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A JSON body written by {@link JsonResponses#send}: a small one is sent whole with its length, a large one streamed
 * once past the threshold; either way the client reads the same complete JSON under the status and type given.
 */
@RoutingTest
class JsonResponsesRoutingTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final ExtendedJson EJSON = ExtendedJson.create();
    private final DirectClient client;

    JsonResponsesRoutingTest(DirectClient client) {
        this.client = client;
    }

    @SetUpRoute
    static void routing(HttpRouting.Builder routing) {
        routing.get("/items/{n}", (req, res) -> {
            int n = Integer.parseInt(req.path().pathParameters().get("n"));
            JsonResponses.send(res, Status.CREATED_201, "application/json", EJSON, false, g -> {
                g.writeStartArray();
                for (int i = 0; i < n; i++) {
                    g.writeStartObject();
                    g.writeNumberField("i", i);
                    g.writeStringField("pad", "x".repeat(90));
                    g.writeEndObject();
                }
                g.writeEndArray();
            });
        });
    }

    @Test
    void aSmallBodyIsSentWholeWithItsLength() throws Exception {
        try (Http1ClientResponse r = client.get("/items/3").request()) {
            assertEquals(201, r.status().code());
            assertEquals("application/json", r.headers().contentType().orElseThrow().mediaType().text());
            String body = r.as(String.class);
            assertEquals(String.valueOf(body.length()), r.headers().first(HeaderNames.CONTENT_LENGTH).orElseThrow());
            assertItems(3, body);
        }
    }

    @Test
    void aBodyPastTheThresholdIsStreamedWhole() throws Exception {
        int n = 2 * JsonResponses.SMALL_BODY / 100 + 7;
        try (Http1ClientResponse r = client.get("/items/" + n).request()) {
            assertEquals(201, r.status().code());
            String body = r.as(String.class);
            assertTrue(body.length() > JsonResponses.SMALL_BODY, "past the threshold: " + body.length());
            assertItems(n, body);
        }
    }

    @Test
    void bodiesAroundTheThresholdAreWhole() throws Exception {
        // an item is 106-109 bytes: these sizes land on both sides of the threshold
        for (int n = JsonResponses.SMALL_BODY / 108 - 2; n <= JsonResponses.SMALL_BODY / 106 + 2; n++) {
            try (Http1ClientResponse r = client.get("/items/" + n).request()) {
                assertItems(n, r.as(String.class));
            }
        }
    }

    private static void assertItems(int n, String body) throws Exception {
        JsonNode items = JSON.readTree(body);
        assertEquals(n, items.size());
        for (int i = 0; i < n; i++) {
            assertEquals(i, items.get(i).get("i").asInt());
            assertEquals(90, items.get(i).get("pad").asText().length());
        }
    }
}
