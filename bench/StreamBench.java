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
        long serverPid = args.length > 4 ? Long.parseLong(args[4]) : -1;
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
        for (int i = 0; i < subscribers; i++) {
            long[] mine = new long[total];
            Arrays.fill(mine, -1);
            latencies.add(mine);
        }
        URI target = URI.create(base + coll + "/_streams/all");
        // one reader thread per core: the OS shares a busy CPU between threads, not processes
        int threadsN = Math.max(1, Math.min(Runtime.getRuntime().availableProcessors(), subscribers));
        List<Readers> readers = new ArrayList<>();
        List<Thread> readerThreads = new ArrayList<>();
        for (int t = 0; t < threadsN; t++) {
            List<long[]> part = latencies.subList(t * subscribers / threadsN, (t + 1) * subscribers / threadsN);
            Readers r = new Readers(target, part.size(), total, part, received, ended);
            readers.add(r);
            readerThreads.add(Thread.ofPlatform().name("sse-readers-" + t).start(r::run));
        }
        long deadline = System.currentTimeMillis() + 120_000;
        while (metric(http, base, "mangrove_streams_subscribers") < subscribers && System.currentTimeMillis() < deadline) {
            Thread.sleep(200);
        }
        System.out.printf("subscribed: %.0f subscribers on %.0f server-side stream(s); heap %.0f MiB, threads %.0f%n",
                metric(http, base, "mangrove_streams_subscribers"), metric(http, base, "mangrove_streams_open"),
                heapMiB(http, base), metric(http, base, "jvm_threads_live_threads"));
        double serverCpu0 = cpuSeconds(serverPid);
        double clientCpu0 = ownCpuSeconds();
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
        long joinUntil = Math.max(System.currentTimeMillis() + 30_000, deadline);
        for (Thread reader : readerThreads) {
            reader.join(Math.max(1, joinUntil - System.currentTimeMillis()));
        }
        readers.forEach(r -> r.stop = true);
        for (Thread reader : readerThreads) {
            reader.join();
        }
        double seconds2 = (System.nanoTime() - start) / 1e9;
        double serverCpu = cpuSeconds(serverPid) - serverCpu0;
        double clientCpu = ownCpuSeconds() - clientCpu0;
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
        System.out.printf("CPU from the first write to the last delivery: server %.1f s (%.1f µs per delivered event), "
                + "this client %.1f s; load average %s%n", serverCpu, received.get() == 0 ? 0 : serverCpu * 1e6
                / received.get(), clientCpu, java.nio.file.Files.readString(java.nio.file.Path.of("/proc/loadavg"))
                .substring(0, 14));
        System.exit(0);
    }

    /** User + system CPU seconds of a process (Linux /proc), 0 when unknown. */
    private static double cpuSeconds(long pid) {
        try {
            String stat = java.nio.file.Files.readString(java.nio.file.Path.of("/proc/" + pid + "/stat"));
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return (Long.parseLong(f[11]) + Long.parseLong(f[12])) / 100.0;
        } catch (Exception e) {
            return 0;
        }
    }

    private static double ownCpuSeconds() {
        return cpuSeconds(ProcessHandle.current().pid());
    }

    /**
     * All the SSE subscribers on one platform thread: non-blocking sockets, one selector, reads of up to 256 KiB,
     * HTTP/1.1 chunked decoding and SSE line parsing on bytes (the client must stay small next to the server on
     * the same cores: a thread and a String per event per subscriber would cost more than the server does).
     */
    static final class Readers {
        private final URI target;
        private final int subscribers;
        private final int total;
        private final List<long[]> latencies;
        private final AtomicLong received;
        private final AtomicLong ended;
        volatile boolean stop;

        Readers(URI target, int subscribers, int total, List<long[]> latencies, AtomicLong received, AtomicLong ended) {
            this.target = target;
            this.subscribers = subscribers;
            this.total = total;
            this.latencies = latencies;
            this.received = received;
            this.ended = ended;
        }

        void run() {
            byte[] request = ("GET " + target.getRawPath() + " HTTP/1.1\r\nHost: " + target.getHost() + ":" + target.getPort()
                    + "\r\nAccept: text/event-stream\r\n\r\n").getBytes(java.nio.charset.StandardCharsets.US_ASCII);
            java.nio.ByteBuffer buffer = java.nio.ByteBuffer.allocate(256 * 1024);
            try (java.nio.channels.Selector selector = java.nio.channels.Selector.open()) {
                int opened = 0;
                int connecting = 0;
                int done = 0;
                while (!stop && done < subscribers) {
                    while (opened < subscribers && connecting < 64) {
                        java.nio.channels.SocketChannel ch = java.nio.channels.SocketChannel.open();
                        ch.configureBlocking(false);
                        ch.connect(new java.net.InetSocketAddress(target.getHost(), target.getPort()));
                        ch.register(selector, java.nio.channels.SelectionKey.OP_CONNECT, new Conn(latencies.get(opened)));
                        opened++;
                        connecting++;
                    }
                    selector.select(100);
                    var keys = selector.selectedKeys().iterator();
                    while (keys.hasNext()) {
                        var key = keys.next();
                        keys.remove();
                        Conn c = (Conn) key.attachment();
                        var ch = (java.nio.channels.SocketChannel) key.channel();
                        try {
                            if (key.isConnectable()) {
                                ch.finishConnect();
                                java.nio.ByteBuffer req = java.nio.ByteBuffer.wrap(request);
                                while (req.hasRemaining()) {
                                    ch.write(req);
                                }
                                connecting--;
                                key.interestOps(java.nio.channels.SelectionKey.OP_READ);
                            } else if (key.isReadable()) {
                                buffer.clear();
                                int n = ch.read(buffer);
                                if (n < 0) {
                                    throw new java.io.EOFException();
                                }
                                c.feed(buffer.array(), n, System.currentTimeMillis());
                                received.addAndGet(c.gotNow);
                                c.gotNow = 0;
                                if (c.got >= total || c.failed) {
                                    if (c.failed) {
                                        ended.incrementAndGet();
                                    }
                                    key.cancel();
                                    ch.close();
                                    done++;
                                }
                            }
                        } catch (java.io.IOException e) {
                            boolean wasConnecting = key.isValid()
                                    && key.interestOps() == java.nio.channels.SelectionKey.OP_CONNECT;
                            key.cancel();
                            ch.close();
                            if (c.state == 0 && c.attempts < 20 && !stop) {
                                // refused or reset before the response began (a full accept queue): connect again
                                if (!wasConnecting) {
                                    connecting++;
                                }
                                Conn again = new Conn(c.mine);
                                again.attempts = c.attempts + 1;
                                java.nio.channels.SocketChannel retry = java.nio.channels.SocketChannel.open();
                                retry.configureBlocking(false);
                                retry.connect(new java.net.InetSocketAddress(target.getHost(), target.getPort()));
                                retry.register(selector, java.nio.channels.SelectionKey.OP_CONNECT, again);
                                continue;
                            }
                            if (wasConnecting) {
                                connecting--;
                            }
                            ended.incrementAndGet();
                            done++;
                        }
                    }
                }
                for (var key : selector.keys()) {
                    key.channel().close();
                }
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }

        /** One subscriber's connection: HTTP head, then chunks, then SSE lines. */
        final class Conn {
            final long[] mine;
            int state; // 0 head, 1 chunk size, 2 chunk data, 3 CRLF after the data
            private boolean chunked;
            private long left;
            private long size;
            private byte[] line = new byte[1024];
            private int length;
            int got;
            int gotNow;
            int attempts;
            boolean failed;

            Conn(long[] mine) {
                this.mine = mine;
            }

            void feed(byte[] bytes, int n, long now) {
                int i = 0;
                while (i < n && !failed) {
                    switch (state) {
                        case 0 -> {
                            byte b = bytes[i++];
                            if (b == '\n') {
                                String header = new String(line, 0, length, java.nio.charset.StandardCharsets.US_ASCII).trim();
                                length = 0;
                                if (header.startsWith("HTTP/1.1 ") && !header.startsWith("HTTP/1.1 200")) {
                                    failed = true;
                                } else if (header.toLowerCase(java.util.Locale.ROOT).equals("transfer-encoding: chunked")) {
                                    chunked = true;
                                } else if (header.isEmpty()) {
                                    state = chunked ? 1 : 2;
                                    left = Long.MAX_VALUE;
                                }
                            } else {
                                append(b);
                            }
                        }
                        case 1 -> {
                            byte b = bytes[i++];
                            if (b == '\n') {
                                if (size == 0) {
                                    failed = got < total; // the server ended the response
                                    return;
                                }
                                left = size;
                                size = 0;
                                state = 2;
                            } else {
                                int digit = Character.digit(b, 16);
                                if (digit >= 0 && size >= 0) {
                                    size = size * 16 + digit;
                                } else if (b == ';') {
                                    size = -size - 1; // extension: ignore the rest
                                }
                                if (b == '\r' && size < 0) {
                                    size = -size - 1;
                                }
                            }
                        }
                        case 2 -> {
                            int start = i;
                            int end = left >= n - i ? n : i + (int) left;
                            for (; i < end; i++) {
                                byte b = bytes[i];
                                if (b == '\n') {
                                    line(now);
                                    length = 0;
                                } else {
                                    append(b);
                                }
                            }
                            if (left != Long.MAX_VALUE) {
                                left -= i - start;
                                if (left == 0) {
                                    state = 3;
                                }
                            }
                        }
                        default -> {
                            if (bytes[i++] == '\n') {
                                state = 1;
                            }
                        }
                    }
                }
            }

            private void append(byte b) {
                if (length == line.length) {
                    line = Arrays.copyOf(line, length * 2);
                }
                line[length++] = b;
            }

            private void line(long now) {
                if (startsWith("data:")) {
                    long seq = number("\"seq\":");
                    long ts = number("\"ts\":");
                    if (seq >= 0 && ts >= 0) {
                        if (seq < total) {
                            mine[(int) seq] = now - ts;
                        }
                        gotNow++;
                        got++;
                    }
                } else if (startsWith("event: error")) {
                    failed = true;
                }
            }

            private boolean startsWith(String prefix) {
                if (length < prefix.length()) {
                    return false;
                }
                for (int k = 0; k < prefix.length(); k++) {
                    if (line[k] != prefix.charAt(k)) {
                        return false;
                    }
                }
                return true;
            }

            /** The digits after {@code key} (spaces allowed), -1 without them. */
            private long number(String key) {
                outer:
                for (int at = 0; at + key.length() <= length; at++) {
                    for (int k = 0; k < key.length(); k++) {
                        if (line[at + k] != key.charAt(k)) {
                            continue outer;
                        }
                    }
                    int p = at + key.length();
                    while (p < length && line[p] == ' ') {
                        p++;
                    }
                    long value = 0;
                    int start = p;
                    while (p < length && line[p] >= '0' && line[p] <= '9') {
                        value = value * 10 + (line[p++] - '0');
                    }
                    return p > start ? value : -1;
                }
                return -1;
            }
        }
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
