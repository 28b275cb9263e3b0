package dev.mangrove.adapter.http;

import com.fasterxml.jackson.core.JsonGenerator;
import dev.mangrove.adapter.http.json.ExtendedJson;
import io.helidon.http.HeaderNames;
import io.helidon.http.Status;
import io.helidon.webserver.http.ServerResponse;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;

/** Writes JSON response bodies with one Jackson generator: streamed to the response, or rendered to bytes. */
final class JsonResponses {
    private JsonResponses() {
    }

    /** Sets {@code status} and {@code contentType}, then streams {@code body} to the response. */
    static void send(ServerResponse res, Status status, String contentType, ExtendedJson json, boolean pretty,
                     JsonBody body) {
        res.header(HeaderNames.CONTENT_TYPE, contentType);
        stream(res, status, json, pretty, body);
    }

    /** Sets {@code status}, then streams {@code body} to the response under the content type already set. */
    static void stream(ServerResponse res, Status status, ExtendedJson json, boolean pretty, JsonBody body) {
        res.status(status);
        try (OutputStream out = res.outputStream(); JsonGenerator g = json.generator(out, pretty)) {
            body.write(g);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** {@code body} rendered to bytes, for a response sent whole (with its length). */
    static byte[] bytes(ExtendedJson json, boolean pretty, int sizeHint, JsonBody body) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(sizeHint);
        try (JsonGenerator g = json.generator(out, pretty)) {
            body.write(g);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    /** Writes a JSON body. */
    @FunctionalInterface
    interface JsonBody {
        void write(JsonGenerator g) throws IOException;
    }
}
