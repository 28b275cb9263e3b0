package dev.mangrove.bootstrap;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * An HTTP/1.1 client that sends the request target and body bytes exactly as given (malformed escapes, raw
 * non-ASCII, bad UTF-8), which {@code java.net.http} refuses to send; one connection per request.
 */
final class RawHttp {
    /** How long an answer may take before the request counts as unanswered. */
    static final int TIMEOUT_SECONDS = 15;
    private final int port;

    RawHttp(int port) {
        this.port = port;
    }

    /** A response: status, headers by lower-case name, the body (de-chunked). */
    record Response(int status, Map<String, String> headers, byte[] body) {
        String text() {
            return new String(body, StandardCharsets.UTF_8);
        }

        String header(String name) {
            return headers.getOrDefault(name.toLowerCase(Locale.ROOT), "");
        }
    }

    /** Sends one request; {@code target} is the raw request target, headers are name, value pairs. */
    Response send(String method, byte[] target, List<String> headers, byte[] body) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 5_000);
            socket.setSoTimeout(TIMEOUT_SECONDS * 1000);
            ByteArrayOutputStream request = new ByteArrayOutputStream();
            request.writeBytes((method + " ").getBytes(StandardCharsets.US_ASCII));
            request.writeBytes(target);
            StringBuilder head = new StringBuilder(" HTTP/1.1\r\nHost: 127.0.0.1:" + port + "\r\nConnection: close\r\n");
            for (int i = 0; i + 1 < headers.size(); i += 2) {
                head.append(headers.get(i)).append(": ").append(headers.get(i + 1)).append("\r\n");
            }
            if (body != null) {
                head.append("Content-Length: ").append(body.length).append("\r\n");
            }
            head.append("\r\n");
            request.writeBytes(head.toString().getBytes(StandardCharsets.UTF_8));
            if (body != null) {
                request.writeBytes(body);
            }
            OutputStream out = socket.getOutputStream();
            out.write(request.toByteArray());
            out.flush();
            return read(socket.getInputStream(), method.equals("HEAD"));
        } catch (IOException e) {
            throw new UncheckedIOException(method + " " + new String(target, StandardCharsets.UTF_8) + ": " + e, e);
        }
    }

    private static Response read(InputStream raw, boolean head) throws IOException {
        InputStream in = new java.io.BufferedInputStream(raw);
        String statusLine = line(in);
        if (statusLine == null) {
            throw new IOException("connection closed without an answer");
        }
        int status = Integer.parseInt(statusLine.split(" ", 3)[1]);
        Map<String, String> headers = new LinkedHashMap<>();
        for (String line = line(in); line != null && !line.isEmpty(); line = line(in)) {
            int colon = line.indexOf(':');
            if (colon > 0) {
                headers.merge(line.substring(0, colon).trim().toLowerCase(Locale.ROOT),
                        line.substring(colon + 1).trim(), (a, b) -> a + ", " + b);
            }
        }
        if (head || status == 204 || status == 304 || status / 100 == 1) {
            return new Response(status, headers, new byte[0]);
        }
        if (headers.getOrDefault("transfer-encoding", "").toLowerCase(Locale.ROOT).contains("chunked")) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            while (true) {
                String sizeLine = line(in);
                if (sizeLine == null) {
                    throw new IOException("chunked body cut short");
                }
                int semicolon = sizeLine.indexOf(';');
                int size = Integer.parseInt((semicolon < 0 ? sizeLine : sizeLine.substring(0, semicolon)).trim(), 16);
                if (size == 0) {
                    for (String trailer = line(in); trailer != null && !trailer.isEmpty(); trailer = line(in)) {
                        // trailers ignored
                    }
                    return new Response(status, headers, out.toByteArray());
                }
                out.write(in.readNBytes(size));
                line(in);
            }
        }
        if (headers.containsKey("content-length")) {
            int length = Integer.parseInt(headers.get("content-length"));
            byte[] body = in.readNBytes(length);
            if (body.length < length) {
                throw new IOException("body cut short: " + body.length + " of " + length + " bytes");
            }
            return new Response(status, headers, body);
        }
        return new Response(status, headers, in.readAllBytes());
    }

    /** One CRLF-terminated line (ISO-8859-1), or null at the end of the stream. */
    private static String line(InputStream in) throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        int c;
        while ((c = in.read()) >= 0) {
            if (c == '\n') {
                byte[] bytes = b.toByteArray();
                int length = bytes.length > 0 && bytes[bytes.length - 1] == '\r' ? bytes.length - 1 : bytes.length;
                return new String(bytes, 0, length, StandardCharsets.ISO_8859_1);
            }
            b.write(c);
        }
        return b.size() == 0 ? null : b.toString(StandardCharsets.ISO_8859_1);
    }
}
