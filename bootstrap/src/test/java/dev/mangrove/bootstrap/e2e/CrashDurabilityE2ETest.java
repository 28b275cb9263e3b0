package dev.mangrove.bootstrap.e2e;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A 2xx means durable on the embedded file backend (docs/operations.md#durability): writers insert and
 * delete concurrently, the server process is killed with SIGKILL while they run, and after a restart on
 * the same data directory every acknowledged insert is there and every acknowledged delete is gone.
 */
class CrashDurabilityE2ETest {
    private static final Pattern LISTENING = Pattern.compile("listening on (http://\\S+)");
    private static final int WRITERS = 8;

    @TempDir
    Path dataDir;

    @Test
    void everyAcknowledgedWriteSurvivesSigkill() throws Exception {
        Set<String> inserted = ConcurrentHashMap.newKeySet();
        Set<String> deleted = ConcurrentHashMap.newKeySet();
        Set<String> deleteSent = ConcurrentHashMap.newKeySet(); // unanswered deletes may or may not have happened
        Process first = startServer();
        String url = awaitUrl(first);
        Http http = new Http(url);
        AtomicBoolean stop = new AtomicBoolean();
        AtomicInteger acknowledged = new AtomicInteger();
        CountDownLatch enoughWritten = new CountDownLatch(1);
        ExecutorService writers = Executors.newFixedThreadPool(WRITERS);
        for (int w = 0; w < WRITERS; w++) {
            int writer = w;
            writers.submit(() -> {
                for (int i = 0; !stop.get(); i++) {
                    String id = "w" + writer + "-" + i;
                    try {
                        if (http.post("/crash/docs", "{\"_id\": \"" + id + "\", \"n\": " + i + "}").status() == 201) {
                            inserted.add(id);
                            if (acknowledged.incrementAndGet() >= 400) {
                                enoughWritten.countDown();
                            }
                        }
                        if (i % 4 == 3) {
                            String victim = "w" + writer + "-" + (i - 1);
                            deleteSent.add(victim);
                            if (http.delete("/crash/docs/" + victim).status() == 204) {
                                deleted.add(victim);
                            }
                        }
                    } catch (RuntimeException e) {
                        return; // the server is gone
                    }
                }
            });
        }
        assertTrue(enoughWritten.await(120, TimeUnit.SECONDS), "writers did not get going");
        first.destroyForcibly(); // SIGKILL, while the writers are still writing
        first.waitFor(30, TimeUnit.SECONDS);
        stop.set(true);
        writers.shutdown();
        assertTrue(writers.awaitTermination(60, TimeUnit.SECONDS));

        Process second = startServer();
        try {
            Http again = new Http(awaitUrl(second));
            List<String> lost = new ArrayList<>();
            List<String> resurrected = new ArrayList<>();
            for (String id : inserted) {
                int status = again.get("/crash/docs/" + id).status();
                if (deleted.contains(id)) {
                    if (status != 404) {
                        resurrected.add(id);
                    }
                } else if (status != 200 && !deleteSent.contains(id)) {
                    lost.add(id);
                }
            }
            assertEquals(List.of(), lost, "acknowledged inserts lost (of " + inserted.size() + ")");
            assertEquals(List.of(), resurrected, "acknowledged deletes undone (of " + deleted.size() + ")");
        } finally {
            second.destroy();
            second.waitFor(30, TimeUnit.SECONDS);
        }
    }

    private Process startServer() throws IOException {
        String java = ProcessHandle.current().info().command().orElse("java");
        ProcessBuilder builder = new ProcessBuilder(java, "-Xmx256m",
                "-cp", System.getProperty("java.class.path"),
                "-Dserver.port=0",
                "-Dmangrove.mongo.uri=",
                "-Dmangrove.embedded.in-memory=false",
                "-Dmangrove.embedded.data-dir=" + dataDir.resolve("data"),
                "-Dmangrove.security.enabled=false",
                "dev.mangrove.bootstrap.Main")
                .directory(dataDir.toFile())
                .redirectErrorStream(true);
        return builder.start();
    }

    /** Reads the server's output until its start-up line and keeps draining it afterwards. */
    private static String awaitUrl(Process process) throws InterruptedException {
        CountDownLatch started = new CountDownLatch(1);
        String[] url = new String[1];
        StringBuilder output = new StringBuilder();
        Thread reader = new Thread(() -> {
            try (BufferedReader in = new BufferedReader(new InputStreamReader(process.getInputStream(),
                    StandardCharsets.UTF_8))) {
                for (String line; (line = in.readLine()) != null; ) {
                    synchronized (output) {
                        if (output.length() < 20_000) {
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
