package dev.mangrove.bootstrap.e2e;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * SIGTERM stops gracefully: readiness goes 503 first, new API requests are refused with a problem, the
 * request in flight completes and every request is in the access log (issue 20, item 9). A forked server,
 * SIGTERM by {@link Process#destroy()}; the request in flight is held by sending its body slowly.
 */
class GracefulStopE2ETest {
    private static final Pattern LISTENING = Pattern.compile("listening on (http://\\S+)");

    @TempDir
    Path dir;

    @Test
    void sigtermLetsTheRequestInFlightFinishAndLogsIt() throws Exception {
        StringBuilder output = new StringBuilder();
        Process process = startServer();
        try {
            String url = awaitUrl(process, output);
            Http http = new Http(url);
            String coll = "/graceful/c";
            assertEquals(201, http.post(coll, "{\"_id\": \"before\"}").status());
            String body = "{\"_id\": \"inflight\", \"v\": 1}";
            try (Socket slow = startSlowPost(url, coll, body)) {
                awaitInFlight(http);
                process.toHandle().destroy(); // SIGTERM (Process.destroy() would also close our end of its output)
                awaitNotReady(http);
                Http.Response refused = http.get(coll);
                assertEquals(503, refused.status(), refused.toString());
                assertEquals("shutting-down", refused.json().get("code").asText(), refused.toString());
                assertEquals(201, finish(slow, body.substring(10)), "the request in flight completed");
            }
            assertTrue(process.waitFor(60, TimeUnit.SECONDS), "the server exits after the request in flight");
            assertEquals(143 & 0xff, process.exitValue() & 0xff, "exit status of SIGTERM");
            String log = "";
            for (int i = 0; i < 200 && !log.contains("GET unmatched 503"); i++) { // the reader may lag behind
                synchronized (output) {
                    log = output.toString();
                }
                Thread.sleep(50);
            }
            assertTrue(log.contains("POST /{db}/{coll} 201"), "the request in flight is logged:\n" + log);
            assertTrue(log.contains("GET unmatched 503"), "the refused request is logged:\n" + log);
        } finally {
            process.destroyForcibly();
            process.waitFor(30, TimeUnit.SECONDS);
        }
    }

    /** The slow POST is in its handler once the server counts it among the requests in flight. */
    private static void awaitInFlight(Http http) throws InterruptedException {
        for (int i = 0; i < 400; i++) {
            String metrics = http.get("/metrics").body();
            if (metrics.contains("mangrove_http_requests_in_flight 1.0")) {
                return;
            }
            Thread.sleep(25);
        }
        throw new AssertionError("the slow request never reached its handler");
    }

    private static void awaitNotReady(Http http) throws InterruptedException {
        for (int i = 0; i < 400; i++) {
            if (http.get("/health/ready").status() == 503) {
                return;
            }
            Thread.sleep(25);
        }
        throw new AssertionError("readiness never went 503 after SIGTERM");
    }

    private Process startServer() throws IOException {
        String java = ProcessHandle.current().info().command().orElse("java");
        return new ProcessBuilder(java, "-Xmx256m",
                "-cp", System.getProperty("java.class.path"),
                "-Dserver.port=0",
                "-Dmangrove.mongo.uri=",
                "-Dmangrove.embedded.in-memory=true",
                "-Dmangrove.security.enabled=false",
                "-Dmangrove.shutdown-grace=30s",
                // as ./mangrove does: with a manifest class path the JDK sets up logging before main
                "-Djava.util.logging.manager=dev.mangrove.bootstrap.ShutdownLogManager",
                "dev.mangrove.bootstrap.Main")
                .directory(dir.toFile())
                .redirectErrorStream(true)
                .start();
    }

    private static Socket startSlowPost(String url, String path, String body) throws IOException {
        URI base = URI.create(url);
        Socket socket = new Socket(InetAddress.getByName(base.getHost()), base.getPort());
        socket.setSoTimeout(60_000);
        OutputStream out = socket.getOutputStream();
        out.write(("POST " + path + " HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n"
                + "Content-Length: " + body.length() + "\r\nConnection: close\r\n\r\n" + body.substring(0, 10))
                .getBytes(StandardCharsets.UTF_8));
        out.flush();
        return socket;
    }

    private static int finish(Socket socket, String rest) throws IOException {
        socket.getOutputStream().write(rest.getBytes(StandardCharsets.UTF_8));
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

    private static String awaitUrl(Process process, StringBuilder output) throws InterruptedException {
        CountDownLatch started = new CountDownLatch(1);
        String[] url = new String[1];
        Thread reader = new Thread(() -> {
            try (BufferedReader in = new BufferedReader(new InputStreamReader(process.getInputStream(),
                    StandardCharsets.UTF_8))) {
                for (String line; (line = in.readLine()) != null; ) {
                    synchronized (output) {
                        if (output.length() < 200_000) {
                            output.append(line).append('\n');
                        }
                    }
                    Matcher m = LISTENING.matcher(line);
                    if (url[0] == null && m.find()) {
                        url[0] = m.group(1);
                        started.countDown();
                    }
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
        reader.setDaemon(true);
        reader.start();
        if (!started.await(120, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            synchronized (output) {
                throw new AssertionError("server did not start:\n" + output);
            }
        }
        return url[0];
    }
}
