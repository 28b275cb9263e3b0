package dev.mangrove.bootstrap.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** A java.net.http WebSocket client collecting text messages and the close code. */
public final class WsClient implements WebSocket.Listener, AutoCloseable {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private final BlockingQueue<String> messages = new LinkedBlockingQueue<>();
    private final CompletableFuture<Integer> closed = new CompletableFuture<>();
    private final HttpClient client = HttpClient.newHttpClient();
    private final StringBuilder partial = new StringBuilder();
    private WebSocket socket;

    /** Connects to {@code url} (ws://…) with the given header pairs; throws the handshake failure. */
    public static WsClient connect(String url, String... headers) throws ExecutionException {
        WsClient listener = new WsClient();
        WebSocket.Builder builder = listener.client.newWebSocketBuilder();
        for (int i = 0; i < headers.length; i += 2) {
            if (headers[i].equalsIgnoreCase("Sec-WebSocket-Protocol")) {
                String[] protocols = headers[i + 1].split(",\\s*");
                builder.subprotocols(protocols[0], java.util.Arrays.copyOfRange(protocols, 1, protocols.length));
            } else {
                builder.header(headers[i], headers[i + 1]);
            }
        }
        try {
            listener.socket = builder.buildAsync(URI.create(url), listener).get(10, TimeUnit.SECONDS);
        } catch (InterruptedException | TimeoutException e) {
            throw new IllegalStateException(e);
        }
        return listener;
    }

    @Override
    public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
        partial.append(data);
        if (last) {
            messages.add(partial.toString());
            partial.setLength(0);
        }
        webSocket.request(1);
        return null;
    }

    @Override
    public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
        closed.complete(statusCode);
        return null;
    }

    @Override
    public void onError(WebSocket webSocket, Throwable error) {
        closed.complete(-1);
    }

    /** The next message as JSON, or null when none came within {@code wait}. */
    public JsonNode next(Duration wait) {
        try {
            String text = messages.poll(wait.toMillis(), TimeUnit.MILLISECONDS);
            return text == null ? null : MAPPER.readTree(text);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The close code the server sent, waiting up to {@code wait}; null when it did not close. */
    public Integer closeCode(Duration wait) {
        try {
            return closed.get(wait.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException | ExecutionException | TimeoutException e) {
            return null;
        }
    }

    @Override
    public void close() {
        if (socket != null) {
            socket.abort(); // no close handshake to wait for: the test is done with it
        }
        client.shutdownNow();
    }
}
