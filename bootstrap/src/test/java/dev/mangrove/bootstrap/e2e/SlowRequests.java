package dev.mangrove.bootstrap.e2e;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertTrue;

/** A request held in flight by sending its body slowly: the handler waits for the rest of it. */
final class SlowRequests {
    /** How much of the body {@link #startPost} sends. */
    static final int SENT = 10;

    private SlowRequests() {
    }

    /** Sends the head of a POST of {@code body} and its first {@link #SENT} bytes. */
    static Socket startPost(String url, String path, String body) throws IOException {
        URI base = URI.create(url);
        Socket socket = new Socket(InetAddress.getByName(base.getHost()), base.getPort());
        socket.setSoTimeout(60_000);
        OutputStream out = socket.getOutputStream();
        out.write(("POST " + path + " HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n"
                + "Content-Length: " + body.length() + "\r\nConnection: close\r\n\r\n" + body.substring(0, SENT))
                .getBytes(StandardCharsets.UTF_8));
        out.flush();
        return socket;
    }

    /** Sends the rest of the body and answers the response's status. */
    static int finish(Socket socket, String body) throws IOException {
        socket.getOutputStream().write(body.substring(SENT).getBytes(StandardCharsets.UTF_8));
        socket.getOutputStream().flush();
        InputStream in = socket.getInputStream();
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        byte[] buffer = new byte[4096];
        for (int n; (n = in.read(buffer)) >= 0; ) {
            bytes.write(buffer, 0, n);
            if (bytes.toString(StandardCharsets.UTF_8).contains("\r\n\r\n")) {
                break;
            }
        }
        String head = bytes.toString(StandardCharsets.UTF_8);
        assertTrue(head.startsWith("HTTP/1.1 "), "a response: " + head);
        return Integer.parseInt(head.split(" ")[1]);
    }
}
