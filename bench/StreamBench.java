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
 * delivery latency (insert sent → event received, same clock), events/s delivered, lost and duplicated events,
 * the server's heap and threads from /metrics, and the CPU of both processes per delivered event. A warm-up of
 * WARMUP seconds at the same rate comes first (its documents carry "warm" instead of "seq"): it is delivered to
 * every subscriber and waited for, and not counted, so that the figures are the steady state, not the JIT's
 * start. Run with bench/streams.sh.
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
        int warmSeconds = args.length > 5 ? Integer.parseInt(args[5]) : 0;
        String coll = "/bench_streams/events" + System.currentTimeMillis();
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .executor(Executors.newVirtualThreadPerTaskExecutor()).connectTimeout(Duration.ofSeconds(30)).build();
        send(http, "PUT", base + coll, "{\"streams\": [{\"uri\": \"all\", \"stages\": []}]}");
        double liveBefore = liveHeapMiB(http, base, serverPid);
        System.out.printf("before: heap %.0f MiB live (after a full GC), threads %.0f%n", liveBefore,
                metric(http, base, "jvm_threads_live_threads"));
        int total = rate * seconds;
        List<long[]> latencies = new ArrayList<>();
        AtomicLong received = new AtomicLong();
        AtomicLong ended = new AtomicLong();
        AtomicLong warmReceived = new AtomicLong();
        AtomicLong duplicates = new AtomicLong();
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
            Readers r = new Readers(target, part.size(), total, part, received, ended, warmReceived,
                    duplicates);
            readers.add(r);
            readerThreads.add(Thread.ofPlatform().name("sse-readers-" + t).start(r::run));
        }
        long deadline = System.currentTimeMillis() + 120_000;
        while (metric(http, base, "mangrove_streams_subscribers") < subscribers && System.currentTimeMillis() < deadline) {
            Thread.sleep(200);
        }
        double liveSubscribed = liveHeapMiB(http, base, serverPid);
        System.out.printf("subscribed: %.0f subscribers on %.0f server-side stream(s); heap %.0f MiB live, threads %.0f%n",
                metric(http, base, "mangrove_streams_subscribers"), metric(http, base, "mangrove_streams_open"),
                liveSubscribed, metric(http, base, "jvm_threads_live_threads"));
        AtomicLong failedWrites = new AtomicLong();
        if (warmSeconds > 0) {
            // the same load, not counted: until every subscriber has every warm-up event (or 60 s more)
            int warmTotal = rate * warmSeconds;
            long warmStart = System.nanoTime();
            double warmServer0 = cpuSeconds(serverPid);
            double warmClient0 = ownCpuSeconds();
            writeAll(http, base + coll, "warm", warmTotal, rate, failedWrites);
            long warmUntil = System.currentTimeMillis() + 60_000;
            while (warmReceived.get() < (long) subscribers * warmTotal && System.currentTimeMillis() < warmUntil) {
                Thread.sleep(50);
            }
            double warmCpu = cpuSeconds(serverPid) - warmServer0;
            System.out.printf("warm-up (not counted): %d inserts in %.1f s, %d of %d events delivered; "
                    + "CPU server %.1f s (%.1f µs per event), this client %.1f s%n", warmTotal, (System.nanoTime() - warmStart) / 1e9,
                    warmReceived.get(), (long) subscribers * warmTotal, warmCpu,
                    warmReceived.get() == 0 ? 0 : warmCpu * 1e6 / warmReceived.get(), ownCpuSeconds() - warmClient0);
        }
        double serverCpu0 = cpuSeconds(serverPid);
        java.util.Map<String, Double> threadCpu0 = threadCpu(serverPid);
        double clientCpu0 = ownCpuSeconds();
        long start = System.nanoTime();
        writeAll(http, base + coll, "seq", total, rate, failedWrites);
        double writeSeconds = (System.nanoTime() - start) / 1e9;
        double peakHeap = heapMiB(http, base);
        double threads = metric(http, base, "jvm_threads_live_threads");
        long joinUntil = Math.max(System.currentTimeMillis() + 30_000, deadline);
        for (Readers reader : readers) {
            reader.finished.await(Math.max(1, joinUntil - System.currentTimeMillis()), java.util.concurrent.TimeUnit.MILLISECONDS);
        }
        readers.forEach(r -> r.stop = true);
        for (Readers reader : readers) {
            reader.finished.await();
        }
        double seconds2 = (System.nanoTime() - start) / 1e9;
        double serverCpu = cpuSeconds(serverPid) - serverCpu0;
        java.util.Map<String, Double> threadCpu1 = threadCpu(serverPid);
        double clientCpu = ownCpuSeconds() - clientCpu0;
        // the subscribers are still connected (each reader closes its connections once told): the live heap now
        double liveAfter = liveHeapMiB(http, base, serverPid);
        readers.forEach(r -> r.close.countDown());
        for (Thread reader : readerThreads) {
            reader.join();
        }
        // and once the server has seen them all leave: what is left is the written documents (collection and oplog)
        long leftBy = System.currentTimeMillis() + 30_000;
        while (metric(http, base, "mangrove_streams_subscribers") > 0 && System.currentTimeMillis() < leftBy) {
            Thread.sleep(100);
        }
        double liveGone = liveHeapMiB(http, base, serverPid);
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
        System.out.printf("duplicated events (one delivered twice to a subscriber): %d%n", duplicates.get());
        System.out.printf("wrote %d inserts in %.1f s (%.0f/s); delivered %d events in %.1f s (%.0f events/s)%n",
                total, writeSeconds, total / writeSeconds, received.get(), seconds2, received.get() / seconds2);
        if (n > 0) {
            System.out.printf("latency ms: p50 %d, p90 %d, p99 %d, max %d%n", got[n / 2], got[(int) (n * 0.9)],
                    got[Math.min(n - 1, (int) (n * 0.99))], got[n - 1]);
        }
        System.out.printf("lost (never delivered): %d of %d; subscriptions ended by the server: %d; dropped: %.0f%n",
                missing, (long) subscribers * total, ended.get(), metric(http, base, "mangrove_streams_clients_dropped_total"));
        System.out.printf("heap: live (after a full GC) %.0f MiB before, %.0f MiB subscribed, %.0f MiB after the writes "
                        + "with every subscriber still connected: growth %+.0f MiB over subscribed, %+.0f MiB over before; "
                        + "used (garbage included) %.0f MiB at the end of the writes; threads %.0f%n", liveBefore,
                liveSubscribed, liveAfter, liveAfter - liveSubscribed, liveAfter - liveBefore, peakHeap, threads);
        System.out.printf("heap: live %.0f MiB once the subscribers left (%.0f open): the stream and its subscribers "
                        + "held %.0f MiB at the end of the writes, the written documents (collection and oplog) %+.0f MiB%n",
                liveGone, metric(http, base, "mangrove_streams_subscribers"), liveAfter - liveGone, liveGone - liveSubscribed);
        double jit = threadCpu1.getOrDefault("jit", 0.0) - threadCpu0.getOrDefault("jit", 0.0);
        double gc = threadCpu1.getOrDefault("gc", 0.0) - threadCpu0.getOrDefault("gc", 0.0);
        System.out.printf("server CPU by thread: JIT compiler threads %.1f s, GC threads %.1f s, the rest %.1f s "
                + "(%.2f µs per delivered event without the JIT)%n", jit, gc, serverCpu - jit - gc,
                received.get() == 0 ? 0 : (serverCpu - jit) * 1e6 / received.get());
        System.out.printf("CPU from the first write to the last delivery: server %.1f s "
                + "(%.2f µs per delivered event), this client %.1f s (%.2f µs per event); load average %s%n", serverCpu, received.get() == 0 ? 0
                : serverCpu * 1e6 / received.get(), clientCpu, received.get() == 0 ? 0 : clientCpu * 1e6
                / received.get(), java.nio.file.Files.readString(java.nio.file.Path.of("/proc/loadavg"))
                .substring(0, 14));
        System.exit(0);
    }

    /** POSTs {@code count} documents {@code {field: n, ts: now}} at {@code rate} per second, at most 32 in flight. */
    private static void writeAll(HttpClient http, String url, String field, int count, int rate, AtomicLong failed)
            throws InterruptedException {
        long start = System.nanoTime();
        java.util.concurrent.Semaphore inFlight = new java.util.concurrent.Semaphore(32);
        try (var writers = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int seq = 0; seq < count; seq++) {
                long due = start + seq * 1_000_000_000L / rate;
                long wait = due - System.nanoTime();
                if (wait > 0) {
                    Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
                }
                int n = seq;
                inFlight.acquireUninterruptibly();
                writers.submit(() -> {
                    try {
                        if (!send(http, "POST", url, "{\"" + field + "\": " + n + ", \"ts\": "
                                + System.currentTimeMillis() + "}").isEmpty()) {
                            failed.incrementAndGet();
                        }
                    } finally {
                        inFlight.release();
                    }
                });
            }
        }
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

    /**
     * The CPU seconds of a process's live threads by kind (Linux /proc): "jit" (C1/C2 compiler threads), "gc" (GC
     * and G1 threads), "other".
     */
    private static java.util.Map<String, Double> threadCpu(long pid) {
        java.util.Map<String, Double> byKind = new java.util.HashMap<>();
        try (var tasks = java.nio.file.Files.list(java.nio.file.Path.of("/proc/" + pid + "/task"))) {
            for (java.nio.file.Path task : tasks.toList()) {
                try {
                    String stat = java.nio.file.Files.readString(task.resolve("stat"));
                    String name = stat.substring(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
                    String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                    String kind = name.matches("C[12] CompilerThre.*") ? "jit"
                            : name.startsWith("GC Thread") || name.startsWith("G1 ") ? "gc" : "other";
                    byKind.merge(kind, (Long.parseLong(f[11]) + Long.parseLong(f[12])) / 100.0, Double::sum);
                } catch (java.io.IOException | RuntimeException e) {
                    // the thread ended meanwhile
                }
            }
        } catch (java.io.IOException e) {
            // not Linux, or the process is gone
        }
        return byKind;
    }

    /** Used heap right after a full GC that {@code jcmd PID GC.run} asks for: the live data, not the garbage. */
    private static double liveHeapMiB(HttpClient http, String base, long pid) {
        String launcher = ProcessHandle.current().info().command().orElse("java");
        java.nio.file.Path jcmd = java.nio.file.Path.of(launcher).resolveSibling("jcmd");
        try {
            Process gc = new ProcessBuilder(jcmd.toString(), Long.toString(pid), "GC.run")
                    .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            gc.waitFor();
        } catch (java.io.IOException e) {
            return Double.NaN;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return heapMiB(http, base);
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
        private final AtomicLong warmReceived;
        private final AtomicLong duplicates;
        volatile boolean stop;
        /** Counted down when every subscriber has everything (or {@link #stop}); its connections stay open. */
        final java.util.concurrent.CountDownLatch finished = new java.util.concurrent.CountDownLatch(1);
        /** Counted down to close the connections. */
        final java.util.concurrent.CountDownLatch close = new java.util.concurrent.CountDownLatch(1);

        Readers(URI target, int subscribers, int total, List<long[]> latencies, AtomicLong received, AtomicLong ended,
                AtomicLong warmReceived, AtomicLong duplicates) {
            this.warmReceived = warmReceived;
            this.duplicates = duplicates;
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
                                if (c.gotNow > 0) {
                                    received.addAndGet(c.gotNow);
                                    c.gotNow = 0;
                                }
                                if (c.warmNow > 0) {
                                    warmReceived.addAndGet(c.warmNow);
                                    c.warmNow = 0;
                                }
                                if (c.failed) {
                                    ended.incrementAndGet();
                                    key.cancel();
                                    ch.close();
                                    done++;
                                } else if (c.got >= total && !c.complete) {
                                    c.complete = true; // kept open (and read) until the live heap is measured
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
                finished.countDown();
                while (close.getCount() > 0) {
                    // read on (keep-alives) so that the server sees live clients until the heap is measured
                    selector.select(100);
                    for (var key : selector.selectedKeys()) {
                        buffer.clear();
                        if (key.isReadable() && ((java.nio.channels.SocketChannel) key.channel()).read(buffer) < 0) {
                            key.cancel();
                        }
                    }
                    selector.selectedKeys().clear();
                }
                for (var key : selector.keys()) {
                    key.channel().close();
                }
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            } finally {
                finished.countDown();
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
            int warmNow;
            int attempts;
            boolean failed;
            boolean complete;

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
                            while (i < end) {
                                int nl = indexOf(bytes, i, end, (byte) '\n');
                                if (nl < 0) {
                                    nl = end;
                                }
                                if (nl == end) { // the line goes on in the next chunk or read
                                    append(bytes, i, nl);
                                    i = nl;
                                } else if (length == 0) { // the whole line is here: parsed where it is
                                    line(bytes, i, nl, now);
                                    i = nl + 1;
                                } else {
                                    append(bytes, i, nl);
                                    line(line, 0, length, now);
                                    length = 0;
                                    i = nl + 1;
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

            private void append(byte[] bytes, int from, int to) {
                int count = to - from;
                if (length + count > line.length) {
                    line = Arrays.copyOf(line, Math.max(line.length * 2, length + count));
                }
                System.arraycopy(bytes, from, line, length, count);
                length += count;
            }

            /** One SSE line, bytes[from, to) without its newline. */
            private void line(byte[] bytes, int from, int to, long now) {
                if (startsWith(bytes, from, to, DATA)) {
                    int at = findSeq(bytes, from, to);
                    if (at < 0) {
                        if (find(bytes, from, to, WARM_KEY) >= 0) {
                            warmNow++;
                        }
                        return;
                    }
                    long seq = digits(bytes, at, to);
                    int after = skipDigits(bytes, at, to);
                    // the writer's documents are {"seq": n, "ts": t}: the ts follows at once (else look for it)
                    int tsAt = startsWith(bytes, after, to, TS_NEXT) ? after + TS_NEXT.length
                            : find(bytes, from, to, TS_KEY);
                    long ts = tsAt < 0 ? -1 : digits(bytes, tsAt, to);
                    if (seq >= 0 && ts >= 0) {
                        if (seq < total) {
                            if (mine[(int) seq] >= 0) {
                                duplicates.incrementAndGet();
                            } else {
                                got++;
                            }
                            mine[(int) seq] = now - ts;
                        }
                        gotNow++;
                    }
                } else if (startsWith(bytes, from, to, ERROR)) {
                    failed = true;
                }
            }
        }

        private static final byte[] DATA = "data:".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        private static final byte[] ERROR = "event: error".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        private static final byte[] SEQ_KEY = "\"seq\":".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        private static final byte[] WARM_KEY = "\"warm\":".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        private static final byte[] TS_KEY = "\"ts\":".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        private static final byte[] TS_NEXT = ",\"ts\":".getBytes(java.nio.charset.StandardCharsets.US_ASCII);

        private static boolean startsWith(byte[] bytes, int from, int to, byte[] prefix) {
            if (to - from < prefix.length) {
                return false;
            }
            for (int k = 0; k < prefix.length; k++) {
                if (bytes[from + k] != prefix[k]) {
                    return false;
                }
            }
            return true;
        }

        private static final java.lang.invoke.VarHandle LONGS = java.lang.invoke.MethodHandles.byteArrayViewVarHandle(
                long[].class, java.nio.ByteOrder.LITTLE_ENDIAN);
        private static final long ONES = 0x0101010101010101L;
        private static final long HIGHS = 0x8080808080808080L;

        /** The first index of {@code target} in bytes[from, to), -1 without it; eight bytes at a time. */
        static int indexOf(byte[] bytes, int from, int to, byte target) {
            long pattern = (target & 0xFFL) * ONES;
            int i = from;
            for (; i + 8 <= to; i += 8) {
                long x = (long) LONGS.get(bytes, i) ^ pattern;
                long zero = (x - ONES) & ~x & HIGHS; // the lowest set bit marks the first byte equal to target
                if (zero != 0) {
                    return i + (Long.numberOfTrailingZeros(zero) >>> 3);
                }
            }
            for (; i < to; i++) {
                if (bytes[i] == target) {
                    return i;
                }
            }
            return -1;
        }

        /** The index just after {@code "seq":} in bytes[from, to), -1 without it: found by its rare 'q'. */
        private static int findSeq(byte[] bytes, int from, int to) {
            int q = from + 3;
            while ((q = indexOf(bytes, q, to, (byte) 'q')) >= 0) {
                if (startsWith(bytes, q - 3, to, SEQ_KEY)) {
                    return q - 3 + SEQ_KEY.length;
                }
                q++;
            }
            return -1;
        }

        /** The index just after {@code key} in bytes[from, to), -1 without it. */
        private static int find(byte[] bytes, int from, int to, byte[] key) {
            byte first = key[0];
            for (int at = from; at + key.length <= to; at++) {
                if (bytes[at] == first && startsWith(bytes, at, to, key)) {
                    return at + key.length;
                }
            }
            return -1;
        }

        private static int skipDigits(byte[] bytes, int p, int to) {
            while (p < to && bytes[p] == ' ') {
                p++;
            }
            while (p < to && bytes[p] >= '0' && bytes[p] <= '9') {
                p++;
            }
            return p;
        }

        /** The digits at {@code p} (spaces before allowed), -1 without them. */
        private static long digits(byte[] bytes, int p, int to) {
            while (p < to && bytes[p] == ' ') {
                p++;
            }
            long value = 0;
            int start = p;
            while (p < to && bytes[p] >= '0' && bytes[p] <= '9') {
                value = value * 10 + (bytes[p++] - '0');
            }
            return p > start ? value : -1;
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
