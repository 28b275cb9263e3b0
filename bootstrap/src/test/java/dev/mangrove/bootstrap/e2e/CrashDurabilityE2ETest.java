package dev.mangrove.bootstrap.e2e;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
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

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A 2xx means durable on the embedded file backend (docs/operations.md#durability): writers insert and
 * delete concurrently, the server process is killed with SIGKILL while they run, and after a restart on
 * the same data directory every acknowledged insert is there and every acknowledged delete is gone.
 */
class CrashDurabilityE2ETest {
    private static final int WRITERS = 8;

    @TempDir
    Path dataDir;

    @Test
    void everyAcknowledgedWriteSurvivesSigkill() throws Exception {
        Set<String> inserted = ConcurrentHashMap.newKeySet();
        Set<String> deleted = ConcurrentHashMap.newKeySet();
        Set<String> deleteSent = ConcurrentHashMap.newKeySet(); // unanswered deletes may or may not have happened
        Process first = startServer();
        String url = ForkedServer.awaitUrl(first, new StringBuilder());
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
            Http again = new Http(ForkedServer.awaitUrl(second, new StringBuilder()));
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
        // the store's upkeep (compaction, docs/operations.md#size-of-the-embedded-store) runs while the writers write
        return ForkedServer.start(dataDir, "-Dmangrove.embedded.in-memory=false", "-Dmangrove.embedded.compaction-interval=200ms",
                "-Dmangrove.embedded.data-dir=" + dataDir.resolve("data"));
    }
}
