package dev.mangrove.adapter.http;

import dev.mangrove.domain.error.MangroveException;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class MultipartReaderTest {
    private static final String B = "XyZ123";

    @Test
    void readsPartsWithTheirHeadersAndBodies() throws IOException {
        byte[] content = new byte[300_000];
        new Random(1).nextBytes(content);
        byte[] body = concat(ascii("preamble to ignore\r\n--" + B + "\r\n"
                        + "Content-Disposition: form-data; name=\"properties\"\r\n\r\n{\"a\": 1}\r\n--" + B + "\r\n"
                        + "Content-Disposition: form-data; name=\"file\"; filename=\"x.bin\"\r\n"
                        + "Content-Type: application/octet-stream\r\n\r\n"),
                content, ascii("\r\n--" + B + "--\r\nepilogue"));
        MultipartReader reader = new MultipartReader(new TrickleStream(body), B);

        MultipartReader.Part properties = reader.next().orElseThrow();
        assertEquals(Optional.of("properties"), properties.name());
        assertEquals("{\"a\": 1}", new String(properties.body().readAllBytes(), StandardCharsets.UTF_8));

        MultipartReader.Part file = reader.next().orElseThrow();
        assertEquals(Optional.of("file"), file.name());
        assertEquals(Optional.of("x.bin"), file.filename());
        assertEquals(Optional.of("application/octet-stream"), file.contentType());
        assertArrayEquals(content, file.body().readAllBytes());
        assertEquals(Optional.empty(), reader.next());
        assertEquals(Optional.empty(), reader.next());
    }

    @Test
    void contentThatAlmostLooksLikeTheBoundaryIsKept() throws IOException {
        byte[] content = ascii("a\r\n--XyZ12 b\r\n--XyZ\r\n-\r\r\n--XyZ12");
        byte[] body = concat(ascii("--" + B + "\r\nContent-Disposition: form-data; name=\"file\"\r\n\r\n"), content,
                ascii("\r\n--" + B + "--"));
        MultipartReader reader = new MultipartReader(new TrickleStream(body), B);
        assertArrayEquals(content, reader.next().orElseThrow().body().readAllBytes());
        assertEquals(Optional.empty(), reader.next());
    }

    @Test
    void findsEveryDelimiterAmongNearMissesWhateverTheReadSizes() throws IOException {
        String[] pieces = {"\r", "\n", "-", "--", "\r\n", "\r\n-", "\r\n--", "\r\n--XyZ12", "\r\n--XyZ1",
                "XyZ123", "\n--XyZ123", "\r\n-XyZ123", "\r\n--xyZ123"};
        Random random = new Random(7);
        for (int round = 0; round < 200; round++) {
            byte[][] contents = new byte[1 + random.nextInt(3)][];
            ByteArrayOutputStream body = new ByteArrayOutputStream();
            for (int p = 0; p < contents.length; p++) {
                ByteArrayOutputStream content = new ByteArrayOutputStream();
                int size = random.nextInt(4) == 0 ? 0 : random.nextInt(100_000);
                while (content.size() < size) {
                    if (random.nextBoolean()) {
                        content.writeBytes(ascii(pieces[random.nextInt(pieces.length)]));
                    } else {
                        byte[] noise = new byte[random.nextInt(5000)];
                        random.nextBytes(noise);
                        content.writeBytes(noise);
                    }
                }
                contents[p] = content.toByteArray();
                if (indexOf(concat(contents[p], ascii("\r\n--" + B)), ascii("\r\n--" + B)) != contents[p].length) {
                    p--; // the pieces met to form a delimiter: draw this part again
                    continue;
                }
                body.writeBytes(ascii("--" + B + "\r\nContent-Disposition: form-data; name=\"p" + p + "\"\r\n\r\n"));
                body.writeBytes(contents[p]);
                body.writeBytes(ascii("\r\n"));
            }
            body.writeBytes(ascii("--" + B + "--\r\n"));
            int readSize = 1 + random.nextInt(random.nextBoolean() ? 50 : 100_000);
            MultipartReader reader = new MultipartReader(new ByteArrayInputStream(body.toByteArray()) {
                @Override
                public synchronized int read(byte[] b, int off, int len) {
                    return super.read(b, off, Math.min(len, readSize));
                }
            }, B);
            for (int p = 0; p < contents.length; p++) {
                MultipartReader.Part part = reader.next().orElseThrow();
                assertEquals(Optional.of("p" + p), part.name());
                assertArrayEquals(contents[p], part.body().readAllBytes(), "round " + round + ", part " + p);
            }
            assertEquals(Optional.empty(), reader.next());
        }
    }

    @Test
    void skipsTheUnreadRestOfAPart() {
        byte[] body = ascii("--" + B + "\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\nunread\r\n--" + B
                + "\r\nContent-Disposition: form-data; name=\"b\"\r\n\r\n\r\n--" + B + "--\r\n");
        MultipartReader reader = new MultipartReader(new ByteArrayInputStream(body), B);
        assertEquals(Optional.of("a"), reader.next().orElseThrow().name());
        assertEquals(Optional.of("b"), reader.next().orElseThrow().name());
        assertEquals(Optional.empty(), reader.next());
    }

    @Test
    void refusesABodyCutShortOrWithoutBoundaries() {
        byte[] truncated = ascii("--" + B + "\r\nContent-Disposition: form-data; name=\"file\"\r\n\r\nsome data");
        MultipartReader reader = new MultipartReader(new ByteArrayInputStream(truncated), B);
        InputStream body = reader.next().orElseThrow().body();
        MangroveException e = assertThrows(MangroveException.class, body::readAllBytes);
        assertEquals("invalid-multipart", e.code());

        MultipartReader none = new MultipartReader(new ByteArrayInputStream(ascii("just text")), B);
        assertThrows(MangroveException.class, none::next);
        MultipartReader badHeaders = new MultipartReader(new ByteArrayInputStream(
                ascii("--" + B + "\r\nno colon here\r\n\r\n")), B);
        assertThrows(MangroveException.class, badHeaders::next);
        assertThrows(MangroveException.class, () -> new MultipartReader(new ByteArrayInputStream(new byte[0]), ""));
    }

    @Test
    void holdsOnlyAWindowWhateverThePartSize() throws IOException {
        long size = 20L * 1024 * 1024;
        InputStream huge = new java.io.SequenceInputStream(java.util.Collections.enumeration(java.util.List.of(
                new ByteArrayInputStream(ascii("--" + B + "\r\nContent-Disposition: form-data; name=\"file\"\r\n\r\n")),
                new ZeroStream(size), new ByteArrayInputStream(ascii("\r\n--" + B + "--")))));
        MultipartReader reader = new MultipartReader(huge, B);
        InputStream body = reader.next().orElseThrow().body();
        byte[] buffer = new byte[1 << 20];
        long total = 0;
        for (int n = body.read(buffer); n >= 0; n = body.read(buffer)) {
            assertTrue(n <= MultipartReader.WINDOW, "never more than the window at a time");
            total += n;
        }
        assertEquals(size, total);
    }

    private static int indexOf(byte[] haystack, byte[] needle) {
        for (int i = 0; i + needle.length <= haystack.length; i++) {
            if (java.util.Arrays.equals(haystack, i, i + needle.length, needle, 0, needle.length)) {
                return i;
            }
        }
        return -1;
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.ISO_8859_1);
    }

    private static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] p : parts) {
            out.writeBytes(p);
        }
        return out.toByteArray();
    }

    /** Gives at most 7 bytes per read, so that delimiters straddle reads. */
    private static final class TrickleStream extends ByteArrayInputStream {
        TrickleStream(byte[] bytes) {
            super(bytes);
        }

        @Override
        public synchronized int read(byte[] b, int off, int len) {
            return super.read(b, off, Math.min(len, 7));
        }
    }

    private static final class ZeroStream extends InputStream {
        private long left;

        ZeroStream(long size) {
            this.left = size;
        }

        @Override
        public int read() {
            return left-- > 0 ? 0 : -1;
        }

        @Override
        public int read(byte[] b, int off, int len) {
            if (left <= 0) {
                return -1;
            }
            int n = (int) Math.min(len, left);
            java.util.Arrays.fill(b, off, off + n, (byte) 0);
            left -= n;
            return n;
        }
    }
}
