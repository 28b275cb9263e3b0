package dev.mangrove.adapter.http;

import dev.mangrove.adapter.http.json.ExtendedJson;
import dev.mangrove.domain.document.Document;
import dev.mangrove.domain.error.ErrorKind;
import dev.mangrove.domain.error.MangroveException;
import io.helidon.http.HeaderNames;
import io.helidon.http.HttpMediaType;
import io.helidon.webserver.http.ServerRequest;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * Reads request bodies: JSON only ({@code application/json}, {@code +json}, {@code application/ejson}), bounded in
 * size, parsed as Extended JSON (docs/api.md#errors).
 */
final class Bodies {
    private final ExtendedJson json;
    private final long maxBytes;

    Bodies(ExtendedJson json, long maxBytes) {
        this.json = Objects.requireNonNull(json, "json");
        this.maxBytes = maxBytes;
    }

    /** The body as a document or, for arrays, a list whose object elements are documents. */
    Object read(ServerRequest req) {
        checkJson(req);
        try (InputStream in = bounded(req)) {
            return json.parse(in);
        } catch (IOException e) {
            throw MangroveException.badRequest("unreadable-body", "The request body could not be read");
        }
    }

    /** The body, which must be one JSON object. */
    Document readDocument(ServerRequest req) {
        checkJson(req);
        try (InputStream in = bounded(req)) {
            return json.parseDocument(in);
        } catch (IOException e) {
            throw MangroveException.badRequest("unreadable-body", "The request body could not be read");
        }
    }

    private InputStream bounded(ServerRequest req) {
        OptionalLong length = contentLength(req);
        if (length.isPresent() && length.getAsLong() > maxBytes) {
            throw tooLarge();
        }
        return new LimitedInputStream(req.content().inputStream(), maxBytes);
    }

    /**
     * The declared length, read from the header's text: {@code Headers.contentLength()} converts through Helidon's
     * global mapper, a service-registry look-up per call (docs/performance.md). Helidon has checked the value already.
     */
    private static OptionalLong contentLength(ServerRequest req) {
        Optional<String> value = req.headers().first(HeaderNames.CONTENT_LENGTH);
        if (value.isEmpty()) {
            return OptionalLong.empty();
        }
        try {
            return OptionalLong.of(Long.parseLong(value.get().trim()));
        } catch (NumberFormatException e) {
            return req.headers().contentLength();
        }
    }

    private MangroveException tooLarge() {
        return MangroveException.of(ErrorKind.PAYLOAD_TOO_LARGE, "body-too-large",
                "The request body is larger than the limit of " + maxBytes + " bytes");
    }

    private static void checkJson(ServerRequest req) {
        HttpMediaType type = req.headers().contentType().orElse(null);
        if (type == null) {
            throw MangroveException.of(ErrorKind.UNSUPPORTED_MEDIA_TYPE, "unsupported-media-type",
                    "Send the body with Content-Type: application/json");
        }
        String subtype = type.mediaType().subtype().toLowerCase(Locale.ROOT);
        boolean isJson = type.mediaType().type().equalsIgnoreCase("application")
                && (subtype.equals("json") || subtype.endsWith("+json") || subtype.equals("ejson"));
        if (!isJson) {
            throw MangroveException.of(ErrorKind.UNSUPPORTED_MEDIA_TYPE, "unsupported-media-type",
                    "Content-Type " + type.mediaType().text() + " is not supported; send application/json");
        }
    }

    /** Fails with 413 as soon as more than the limit has been read. */
    private final class LimitedInputStream extends FilterInputStream {
        private final long limit;
        private long count;

        LimitedInputStream(InputStream in, long limit) {
            super(in);
            this.limit = limit;
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            if (b >= 0) {
                count(1);
            }
            return b;
        }

        @Override
        public int read(byte[] buffer, int off, int len) throws IOException {
            int n = super.read(buffer, off, len);
            if (n > 0) {
                count(n);
            }
            return n;
        }

        private void count(long n) {
            count += n;
            if (count > limit) {
                throw tooLarge();
            }
        }
    }
}
