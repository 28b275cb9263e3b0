import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Change-stream fan-out benchmark (docs/performance.md#change-streams): SUBSCRIBERS Server-Sent-Events clients
 * on one named stream while RATE single-document inserts per second are written for SECONDS; reports the
 * delivery latency (insert sent → event received, same clock), events/s delivered, lost events, and the
 * server's heap and threads from /metrics. Run with bench/streams.sh.
 */
public class StreamBench {
    private static final Pattern SEQ = Pattern.compile("\"seq\":(\\d+)");
    private static final Pattern TS = Pattern.compile("\"ts\":(\\d+)");

    public static void main(String[] args) throws Exception {
        String base = args[0];
        int subscribers = Integer.parseInt(args[1]);
        int rate = Integer.parseInt(args[2]);
        int seconds = Integer.parseInt(args[3]);
        String coll = "/bench_streams/events" + System.currentTimeMillis();
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .executor(Executors.newVirtualThreadPerTaskExecutor()).connectTimeout(Duration.ofSeconds(30)).build();
        send(http, "PUT", base + coll, "{\"streams\": [{\"uri\": \"all\", \"stages\": []}]}");
        System.out.printf("before: heap %.0f MiB, threads %.0f%n", heapMiB(http, base), metric(http, base, "jvm_threads_live_threads"));
        int total = rate * seconds;
        List<long[]> latencies = new ArrayList<>();
        AtomicLong received = new AtomicLong();
        AtomicLong ended = new AtomicLong();
        ConcurrentLinkedQueue<Integer> lost = new ConcurrentLinkedQueue<>();
        List<Thread> readers = new ArrayList<>();
        for (int i = 0; i < subscribers; i++) {
            long[] mine = new long[total];
            Arrays.fill(mine, -1);
            latencies.add(mine);
            HttpRequest request = HttpRequest.newBuilder(URI.create(base + coll + "/_streams/all"))
                    .header("Accept", "text/event-stream").build();
            readers.add(Thread.ofVirtual().start(() -> {
                try {
                    HttpResponse<java.util.stream.Stream<String>> r = http.send(request, HttpResponse.BodyHandlers.ofLines());
                    int got = 0;
                    for (String line : (Iterable<String>) r.body()::iterator) {
                        if (line.startsWith("data:")) {
                            long now = System.currentTimeMillis();
                            Matcher s = SEQ.matcher(line);
                            Matcher t = TS.matcher(line);
                            if (s.find() && t.find()) {
                                int seq = Integer.parseInt(s.group(1));
                                if (seq < total) {
                                    mine[seq] = now - Long.parseLong(t.group(1));
                                }
                                received.incrementAndGet();
                                if (++got == total) {
                                    break;
                                }
                            }
                        } else if (line.startsWith("event: error")) {
                            ended.incrementAndGet();
                        }
                    }
                    r.body().close();
                } catch (Exception e) {
                    ended.incrementAndGet();
                }
            }));
        }
        long deadline = System.currentTimeMillis() + 120_000;
        while (metric(http, base, "mangrove_streams_subscribers") < subscribers && System.currentTimeMillis() < deadline) {
            Thread.sleep(200);
        }
        System.out.printf("subscribed: %.0f subscribers on %.0f server-side stream(s); heap %.0f MiB, threads %.0f%n",
                metric(http, base, "mangrove_streams_subscribers"), metric(http, base, "mangrove_streams_open"),
                heapMiB(http, base), metric(http, base, "jvm_threads_live_threads"));
        long start = System.nanoTime();
        java.util.concurrent.Semaphore inFlight = new java.util.concurrent.Semaphore(32);
        AtomicLong failedWrites = new AtomicLong();
        try (var writers = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int seq = 0; seq < total; seq++) {
                long due = start + seq * 1_000_000_000L / rate;
                long wait = due - System.nanoTime();
                if (wait > 0) {
                    Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
                }
                int n = seq;
                inFlight.acquireUninterruptibly();
                writers.submit(() -> {
                    try {
                        if (!send(http, "POST", base + coll, "{\"seq\": " + n + ", \"ts\": "
                                + System.currentTimeMillis() + "}").isEmpty()) {
                            failedWrites.incrementAndGet();
                        }
                    } finally {
                        inFlight.release();
                    }
                });
            }
        }
        double writeSeconds = (System.nanoTime() - start) / 1e9;
        double peakHeap = heapMiB(http, base);
        double threads = metric(http, base, "jvm_threads_live_threads");
        for (Thread reader : readers) {
            reader.join(Math.max(1, deadline - System.currentTimeMillis()));
        }
        double seconds2 = (System.nanoTime() - start) / 1e9;
        long[] all = new long[subscribers * total];
        int n = 0;
        long missing = 0;
        for (long[] mine : latencies) {
            for (long l : mine) {
                if (l < 0) {
                    missing++;
                } else {
                    all[n++] = l;
                }
            }
        }
        long[] got = Arrays.copyOf(all, n);
        Arrays.sort(got);
        System.out.printf("failed writes: %d (at most 32 in flight)%n", failedWrites.get());
        System.out.printf("wrote %d inserts in %.1f s (%.0f/s); delivered %d events in %.1f s (%.0f events/s)%n",
                total, writeSeconds, total / writeSeconds, received.get(), seconds2, received.get() / seconds2);
        if (n > 0) {
            System.out.printf("latency ms: p50 %d, p90 %d, p99 %d, max %d%n", got[n / 2], got[(int) (n * 0.9)],
                    got[Math.min(n - 1, (int) (n * 0.99))], got[n - 1]);
        }
        System.out.printf("lost (never delivered): %d of %d; subscriptions ended by the server: %d; dropped: %.0f%n",
                missing, (long) subscribers * total, ended.get(), metric(http, base, "mangrove_streams_clients_dropped_total"));
        System.out.printf("during writes: heap %.0f MiB, threads %.0f; after: heap %.0f MiB%n", peakHeap, threads,
                heapMiB(http, base));
        System.exit(0);
    }

    private static String send(HttpClient http, String method, String url, String body) {
        try {
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(url))
                    .method(method, HttpRequest.BodyPublishers.ofString(body))
                    .header("Content-Type", "application/json").build(), HttpResponse.BodyHandlers.ofString());
            if (r.statusCode() >= 300) {
                return "failed " + r.statusCode();
            }
            return method.equals("POST") ? "" : r.body();
        } catch (Exception e) {
            throw new RuntimeException(e);
        }
    }

    private static double metric(HttpClient http, String base, String name) {
        double sum = 0;
        for (String line : send(http, "GET", base + "/metrics", "").split("\n")) {
            if (line.startsWith(name + " ") || line.startsWith(name + "{")) {
                sum += Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
            }
        }
        return sum;
    }

    private static double heapMiB(HttpClient http, String base) {
        double sum = 0;
        for (String line : send(http, "GET", base + "/metrics", "").split("\n")) {
            if (line.startsWith("jvm_memory_used_bytes{") && line.contains("area=\"heap\"")) {
                sum += Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
            }
        }
        return sum / (1024 * 1024);
    }
}
