package dev.mangrove.bootstrap.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;

/**
 * A headless Chromium driven over the Chrome DevTools protocol (a WebSocket of the JDK's HTTP client, no
 * extra dependency), for browser tests of the pages the server serves.
 */
final class Chromium implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration WAIT = Duration.ofSeconds(60);
    private final Process process;
    private final Path profile;
    private final WebSocket socket;
    private final AtomicInteger ids = new AtomicInteger();
    private final Map<Integer, CompletableFuture<JsonNode>> pending = new ConcurrentHashMap<>();
    /** Console messages, exceptions and browser log entries (CSP violations among them). */
    final List<String> log = new CopyOnWriteArrayList<>();

    private Chromium(Process process, Path profile, WebSocket socket) {
        this.process = process;
        this.profile = profile;
        this.socket = socket;
    }

    /**
     * The Chromium binary: found on the PATH, else installed with {@code apt-get install -y chromium} when this
     * process may (root); empty with the reason when neither works.
     */
    static Optional<String> binary(StringBuilder reason) {
        for (String name : List.of("chromium", "chromium-browser", "google-chrome")) {
            for (String dir : System.getenv().getOrDefault("PATH", "/usr/bin").split(":")) {
                if (Files.isExecutable(Path.of(dir, name))) {
                    return Optional.of(Path.of(dir, name).toString());
                }
            }
        }
        if (!"root".equals(System.getProperty("user.name"))) {
            reason.append("chromium is not installed and this test is not root (cannot apt-get install -y chromium)");
            return Optional.empty();
        }
        try {
            Process install = new ProcessBuilder("apt-get", "install", "-y", "chromium").redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            if (!install.waitFor(10, TimeUnit.MINUTES) || install.exitValue() != 0 || !Files.isExecutable(Path.of("/usr/bin/chromium"))) {
                install.destroy();
                reason.append("apt-get install -y chromium failed (no package source reachable?)");
                return Optional.empty();
            }
            return Optional.of("/usr/bin/chromium");
        } catch (IOException e) {
            reason.append("cannot run apt-get: ").append(e.getMessage());
            return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            reason.append("interrupted");
            return Optional.empty();
        }
    }

    /** Starts a headless Chromium with a fresh profile and connects to its one page. */
    static Chromium start(String binary) throws Exception {
        Path profile = Files.createTempDirectory("mangrove-chromium");
        Process process = new ProcessBuilder(binary, "--headless=new", "--no-sandbox", "--disable-gpu",
                "--disable-dev-shm-usage", "--no-first-run", "--remote-debugging-port=0",
                "--remote-allow-origins=*", "--window-size=1280,2000", "--user-data-dir=" + profile, "about:blank")
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        Path portFile = profile.resolve("DevToolsActivePort");
        waitUntil(() -> Files.exists(portFile) && size(portFile) > 0, "Chromium's DevToolsActivePort");
        String port = Files.readAllLines(portFile).get(0).trim();
        HttpClient client = HttpClient.newHttpClient();
        String pageSocket = null;
        long until = System.nanoTime() + WAIT.toNanos();
        while (pageSocket == null && System.nanoTime() < until) {
            HttpResponse<String> list = client.send(HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + port + "/json/list")).build(), HttpResponse.BodyHandlers.ofString());
            for (JsonNode target : JSON.readTree(list.body())) {
                if (target.path("type").asText().equals("page")) {
                    pageSocket = target.get("webSocketDebuggerUrl").asText();
                }
            }
            if (pageSocket == null) {
                Thread.sleep(100);
            }
        }
        if (pageSocket == null) {
            process.destroyForcibly();
            throw new IllegalStateException("Chromium shows no page");
        }
        Chromium[] self = new Chromium[1];
        WebSocket socket = client.newWebSocketBuilder().buildAsync(URI.create(pageSocket), new WebSocket.Listener() {
            private final StringBuilder partial = new StringBuilder();

            @Override
            public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
                partial.append(data);
                if (last) {
                    String message = partial.toString();
                    partial.setLength(0);
                    while (self[0] == null) {
                        Thread.onSpinWait();
                    }
                    self[0].receive(message);
                }
                webSocket.request(1);
                return null;
            }
        }).get(30, TimeUnit.SECONDS);
        Chromium chromium = new Chromium(process, profile, socket);
        self[0] = chromium;
        chromium.call("Page.enable", Map.of());
        chromium.call("Runtime.enable", Map.of());
        chromium.call("Log.enable", Map.of());
        return chromium;
    }

    private static long size(Path file) {
        try {
            return Files.size(file);
        } catch (IOException e) {
            return 0;
        }
    }

    private void receive(String message) {
        try {
            JsonNode node = JSON.readTree(message);
            if (node.has("id")) {
                CompletableFuture<JsonNode> future = pending.remove(node.get("id").asInt());
                if (future != null) {
                    future.complete(node);
                }
                return;
            }
            String method = node.path("method").asText();
            JsonNode params = node.path("params");
            switch (method) {
                case "Log.entryAdded" -> log.add("log " + params.at("/entry/level").asText() + ": "
                        + params.at("/entry/text").asText());
                case "Runtime.consoleAPICalled" -> log.add("console " + params.path("type").asText() + ": "
                        + params.path("args").toString());
                case "Runtime.exceptionThrown" -> log.add("exception: " + params.path("exceptionDetails").toString());
                default -> { }
            }
        } catch (IOException e) {
            log.add("unreadable DevTools message: " + e.getMessage());
        }
    }

    /** Calls a DevTools method and returns its result. */
    JsonNode call(String method, Map<String, ?> params) throws Exception {
        int id = ids.incrementAndGet();
        CompletableFuture<JsonNode> answer = new CompletableFuture<>();
        pending.put(id, answer);
        ObjectNode message = JSON.createObjectNode().put("id", id).put("method", method);
        message.set("params", JSON.valueToTree(params));
        socket.sendText(JSON.writeValueAsString(message), true).get(30, TimeUnit.SECONDS);
        JsonNode reply = answer.get(WAIT.toSeconds(), TimeUnit.SECONDS);
        if (reply.has("error")) {
            throw new IllegalStateException(method + ": " + reply.get("error"));
        }
        return reply.get("result");
    }

    /** Evaluates JavaScript in the page (promises awaited) and returns its value. */
    JsonNode eval(String expression) throws Exception {
        JsonNode result = call("Runtime.evaluate", Map.of("expression", expression, "returnByValue", true,
                "awaitPromise", true));
        if (result.has("exceptionDetails")) {
            throw new IllegalStateException("script failed: " + result.get("exceptionDetails"));
        }
        return result.path("result").path("value");
    }

    void navigate(String url) throws Exception {
        call("Page.navigate", Map.of("url", url));
    }

    /** Waits until the JavaScript condition holds (a time limit, not an assertion on speed). */
    void waitFor(String condition, String what) throws Exception {
        long until = System.nanoTime() + WAIT.toNanos();
        while (System.nanoTime() < until) {
            if (eval("!!(" + condition + ")").asBoolean()) {
                return;
            }
            Thread.sleep(200);
        }
        try {
            screenshot(Path.of("target", "chromium-failure.png"));
        } catch (Exception e) {
            log.add("no failure screenshot: " + e);
        }
        throw new AssertionError("the page never showed " + what + " (screenshot: target/chromium-failure.png)" + "; log: " + log + "; body: "
                + eval("document.body ? document.body.innerText.substring(0, 2000) : ''").asText());
    }

    /** A PNG screenshot of the whole page. */
    void screenshot(Path file) throws Exception {
        JsonNode shot = call("Page.captureScreenshot", Map.of("format", "png", "captureBeyondViewport", true));
        Files.createDirectories(file.getParent());
        Files.write(file, java.util.Base64.getDecoder().decode(shot.get("data").asText()));
    }

    private static void waitUntil(BooleanSupplier condition, String what) throws InterruptedException {
        long until = System.nanoTime() + WAIT.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > until) {
                throw new IllegalStateException("timed out waiting for " + what);
            }
            Thread.sleep(50);
        }
    }

    @Override
    public void close() {
        socket.abort();
        process.destroy();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
        // best effort, a few times: the browser's helper processes can still be adding or removing files in the
        // profile after the main one exited, and a file gone during the walk fails it (UncheckedIOException)
        for (int attempt = 0; attempt < 3 && Files.exists(profile); attempt++) {
            try (var files = Files.walk(profile)) {
                List<Path> all = new ArrayList<>(files.toList());
                java.util.Collections.reverse(all);
                for (Path p : all) {
                    Files.deleteIfExists(p);
                }
            } catch (IOException | java.io.UncheckedIOException ignored) {
                // a temporary profile: tried again, then left
            }
        }
    }
}
