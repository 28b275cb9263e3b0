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

    /** How many bytes of a body {@link #send} collects before it streams the rest. */
    static final int SMALL_BODY = 8192;

    /**
     * Sets {@code status} and {@code contentType}, then writes {@code body}: sent whole when it is small (one document,
     * an insert's id), streamed once it grows past {@link #SMALL_BODY}. A small body sent whole spares Helidon's
     * response stream and its buffer (docs/performance.md); the bytes and headers are the same.
     */
    static void send(ServerResponse res, Status status, String contentType, ExtendedJson json, boolean pretty,
                     JsonBody body) {
        res.header(HeaderNames.CONTENT_TYPE, contentType);
        res.status(status);
        try (OutputStream out = new SmallFirst(res); JsonGenerator g = json.generator(out, pretty)) {
            body.write(g);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
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

    /** Collects up to {@link #SMALL_BODY} bytes and sends them whole on close, or else streams them and the rest. */
    private static final class SmallFirst extends OutputStream {
        private final ServerResponse res;
        private byte[] buffer = new byte[256];
        private int count;
        private OutputStream streaming;

        SmallFirst(ServerResponse res) {
            this.res = res;
        }

        @Override
        public void write(int b) throws IOException {
            write(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public void write(byte[] bytes, int off, int len) throws IOException {
            if (streaming == null && count + len > SMALL_BODY) {
                streaming = res.outputStream();
                streaming.write(buffer, 0, count);
                buffer = null;
            }
            if (streaming != null) {
                streaming.write(bytes, off, len);
                return;
            }
            if (count + len > buffer.length) {
                buffer = java.util.Arrays.copyOf(buffer, Math.min(SMALL_BODY, Math.max(buffer.length * 2, count + len)));
            }
            System.arraycopy(bytes, off, buffer, count, len);
            count += len;
        }

        @Override
        public void flush() throws IOException {
            if (streaming != null) {
                streaming.flush();
            }
        }

        @Override
        public void close() throws IOException {
            if (streaming != null) {
                streaming.close();
            } else if (buffer != null) {
                byte[] body = java.util.Arrays.copyOf(buffer, count);
                buffer = null;
                res.send(body);
            }
        }
    }

    /** Writes a JSON body. */
    @FunctionalInterface
    interface JsonBody {
        void write(JsonGenerator g) throws IOException;
    }
}
