package dev.mangrove.adapter.http;

import dev.mangrove.domain.error.MangroveException;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A streaming {@code multipart/form-data} reader (RFC 7578 over RFC 2046): parts are read one after another from the
 * request stream, each body as an {@link InputStream} that ends at the next delimiter. Only a small window (at least
 * twice the delimiter, {@value #WINDOW} bytes) is ever held in memory, whatever the size of a part. The delimiter is
 * found with a Boyer-Moore-Horspool search (most of a file's bytes are skipped, not compared), and no byte is searched
 * twice.
 */
final class MultipartReader {
    static final int WINDOW = 64 * 1024;
    private static final int MAX_HEADER_BYTES = 16 * 1024;

    private final InputStream in;
    private final byte[] delimiter;
    /** Boyer-Moore-Horspool: how far the search may move on when a window ends with this byte. */
    private final int[] shift = new int[256];
    private final byte[] buffer;
    /** Positions before this one (at least {@code start}) cannot begin the delimiter: searched already. */
    private int searched;
    private int start;
    private int end;
    private boolean eof;
    private boolean finished;
    private PartStream current;

    MultipartReader(InputStream in, String boundary) {
        this.in = Objects.requireNonNull(in, "in");
        if (boundary == null || boundary.isEmpty() || boundary.length() > 70) {
            throw malformed("the boundary parameter of Content-Type is missing or longer than 70 characters");
        }
        this.delimiter = ("\r\n--" + boundary).getBytes(StandardCharsets.ISO_8859_1);
        this.buffer = new byte[Math.max(WINDOW, delimiter.length * 4)];
        Arrays.fill(shift, delimiter.length);
        for (int i = 0; i < delimiter.length - 1; i++) {
            shift[delimiter[i] & 0xff] = delimiter.length - 1 - i;
        }
        // the first delimiter has no CRLF before it: read the body as if it had one
        buffer[0] = '\r';
        buffer[1] = '\n';
        end = 2;
        current = new PartStream(); // the preamble, skipped by the first next()
    }

    /**
     * The next part; empty after the closing delimiter. Whatever remains of the previous part's body is skipped.
     *
     * @throws MangroveException 400 {@code invalid-multipart} when the body is not well-formed
     */
    Optional<Part> next() {
        if (finished) {
            return Optional.empty();
        }
        current.skipRest();
        // after a delimiter: "--" closes the body, CRLF starts a part (transport padding allowed before it)
        fill(2);
        if (end - start >= 2 && buffer[start] == '-' && buffer[start + 1] == '-') {
            finished = true;
            return Optional.empty();
        }
        String line = readLine();
        if (!line.isBlank()) {
            throw malformed("unexpected characters after a boundary");
        }
        Map<String, String> headers = new LinkedHashMap<>();
        int total = 0;
        while (true) {
            String header = readLine();
            total += header.length() + 2;
            if (total > MAX_HEADER_BYTES) {
                throw malformed("the headers of a part are too large");
            }
            if (header.isEmpty()) {
                break;
            }
            int colon = header.indexOf(':');
            if (colon <= 0) {
                throw malformed("a part header has no name");
            }
            headers.put(header.substring(0, colon).trim().toLowerCase(Locale.ROOT), header.substring(colon + 1).trim());
        }
        current = new PartStream();
        return Optional.of(new Part(headers, current));
    }

    /** A line ending in CRLF, without it (ISO-8859-1, as header bytes are; UTF-8 file names are decoded later). */
    private String readLine() {
        StringBuilder out = new StringBuilder();
        while (true) {
            fill(2);
            if (end - start < 2) {
                throw malformed("the body ends in the middle of a part's headers");
            }
            if (buffer[start] == '\r' && buffer[start + 1] == '\n') {
                start += 2;
                return out.toString();
            }
            out.append((char) (buffer[start++] & 0xff));
            if (out.length() > MAX_HEADER_BYTES) {
                throw malformed("the headers of a part are too large");
            }
        }
    }

    /** Reads until at least {@code wanted} bytes are buffered or the stream ends. */
    private void fill(int wanted) {
        if (end - start >= wanted || eof) {
            return;
        }
        if (start > 0) {
            System.arraycopy(buffer, start, buffer, 0, end - start);
            end -= start;
            searched = Math.max(0, searched - start);
            start = 0;
        }
        try {
            while (end - start < wanted && end < buffer.length) {
                int n = in.read(buffer, end, buffer.length - end);
                if (n < 0) {
                    eof = true;
                    return;
                }
                end += n;
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Where the delimiter begins in the buffered bytes, or -1; in both cases, {@link #searched} moves past the
     * positions that cannot begin it (Boyer-Moore-Horspool: they stay excluded when more bytes arrive).
     */
    private int indexOfDelimiter() {
        int length = delimiter.length;
        byte lastByte = delimiter[length - 1];
        int i = Math.max(start, searched);
        int last = end - length;
        while (i <= last) {
            byte b = buffer[i + length - 1];
            if (b == lastByte && Arrays.equals(buffer, i, i + length - 1, delimiter, 0, length - 1)) {
                searched = i;
                return i;
            }
            i += shift[b & 0xff];
        }
        searched = i;
        return -1;
    }

    private static MangroveException malformed(String why) {
        return MangroveException.badRequest("invalid-multipart", "The multipart/form-data body is malformed: " + why);
    }

    /**
     * One part of the body.
     *
     * @param headers its headers, by lower-case name
     * @param body    its content, which ends at the next delimiter
     */
    record Part(Map<String, String> headers, InputStream body) {
        /** The {@code name} parameter of its {@code Content-Disposition}. */
        Optional<String> name() {
            return ContentDisposition.parameter(headers.getOrDefault("content-disposition", ""), "name");
        }

        /** Its file name ({@code filename*} preferred over {@code filename}), when it has one. */
        Optional<String> filename() {
            return ContentDisposition.filename(headers.getOrDefault("content-disposition", ""));
        }

        /** Its {@code Content-Type}, when given. */
        Optional<String> contentType() {
            return Optional.ofNullable(headers.get("content-type")).filter(s -> !s.isBlank());
        }
    }

    /** The body of the current part: ends (-1) at the delimiter, which it consumes. */
    private final class PartStream extends InputStream {
        private boolean done;

        @Override
        public int read() {
            byte[] one = new byte[1];
            int n = read(one, 0, 1);
            return n < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] b, int off, int len) {
            if (done) {
                return -1;
            }
            if (len == 0) {
                return 0;
            }
            fill(delimiter.length);
            int at = indexOfDelimiter();
            int available;
            if (at == start) {
                start += delimiter.length;
                done = true;
                return -1;
            } else if (at > 0) {
                available = at - start;
            } else {
                // bytes that cannot begin the delimiter are safe to hand out
                available = searched - start;
                if (available <= 0) {
                    if (eof) {
                        throw malformed("the body ends before its closing boundary");
                    }
                    fill(end - start + 1);
                    return read(b, off, len);
                }
            }
            int n = Math.min(len, available);
            System.arraycopy(buffer, start, b, off, n);
            start += n;
            return n;
        }

        void skipRest() {
            byte[] skip = new byte[8192];
            while (read(skip, 0, skip.length) >= 0) {
                // discard
            }
        }
    }
}
