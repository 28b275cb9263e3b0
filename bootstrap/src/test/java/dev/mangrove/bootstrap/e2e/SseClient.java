package dev.mangrove.bootstrap.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/** A Server-Sent Events client on java.net.http: parses events as they arrive into a queue. */
public final class SseClient implements AutoCloseable {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final Event END = new Event(null, null, null);
    private final BlockingQueue<Event> events = new LinkedBlockingQueue<>();
    private final HttpClient client = HttpClient.newHttpClient();
    private final HttpResponse<Stream<String>> response;
    private final Thread reader;

    /** One event: its {@code id:} (null when none), {@code event:} type ({@code message} by default) and data. */
    public record Event(String id, String type, String data) {
        public JsonNode json() {
            try {
                return MAPPER.readTree(data);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    private SseClient(HttpResponse<Stream<String>> response) {
        this.response = response;
        this.reader = Thread.ofVirtual().start(this::read);
    }

    /** Opens {@code url} with {@code Accept: text/event-stream} and the given header pairs. */
    public static SseClient open(String url, String... headers) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).header("Accept", "text/event-stream");
        for (int i = 0; i < headers.length; i += 2) {
            request.header(headers[i], headers[i + 1]);
        }
        try {
            HttpResponse<Stream<String>> response = HttpClient.newHttpClient().send(request.build(),
                    HttpResponse.BodyHandlers.ofLines());
            return new SseClient(response);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    public int status() {
        return response.statusCode();
    }

    public String header(String name) {
        return response.headers().firstValue(name).orElse(null);
    }

    private void read() {
        String id = null;
        String type = null;
        StringBuilder data = null;
        try {
            for (String line : (Iterable<String>) response.body()::iterator) {
                if (line.isEmpty()) {
                    if (data != null) {
                        events.add(new Event(id, type == null ? "message" : type, data.toString()));
                    }
                    id = null;
                    type = null;
                    data = null;
                } else if (line.startsWith(":")) {
                    events.add(new Event(null, "comment", line.substring(1).trim()));
                } else if (line.startsWith("id:")) {
                    id = line.substring(3).trim();
                } else if (line.startsWith("event:")) {
                    type = line.substring(6).trim();
                } else if (line.startsWith("data:")) {
                    data = (data == null ? new StringBuilder() : data.append('\n')).append(line.substring(5).trim());
                }
            }
        } catch (RuntimeException e) {
            // closed
        }
        events.add(END);
    }

    /** The next event that is not a comment, waiting up to {@code wait}; null when none came or the stream ended. */
    public Event next(Duration wait) {
        long deadline = System.nanoTime() + wait.toNanos();
        while (true) {
            long left = deadline - System.nanoTime();
            Event event;
            try {
                event = events.poll(Math.max(0, left), TimeUnit.NANOSECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return null;
            }
            if (event == null || event == END) {
                if (event == END) {
                    events.add(END);
                }
                return null;
            }
            if (!event.type().equals("comment")) {
                return event;
            }
        }
    }

    /** The next {@code n} events (fewer if they do not come within {@code wait} each). */
    public List<Event> take(int n, Duration wait) {
        List<Event> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            Event event = next(wait);
            if (event == null) {
                break;
            }
            out.add(event);
        }
        return out;
    }

    /** Waits for the server's first comment line: the subscription is open. */
    public SseClient awaitSubscribed(Duration wait) {
        try {
            Event first = events.poll(wait.toMillis(), TimeUnit.MILLISECONDS);
            if (first == null || !first.type().equals("comment")) {
                throw new AssertionError("no subscription comment, got " + first);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return this;
    }

    /** Whether the server ended the stream within {@code wait}. */
    public boolean ended(Duration wait) {
        try {
            reader.join(wait);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return !reader.isAlive();
    }

    @Override
    public void close() {
        response.body().close();
        client.close();
    }
}
