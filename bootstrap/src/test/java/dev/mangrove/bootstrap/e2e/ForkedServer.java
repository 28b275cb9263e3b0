package dev.mangrove.bootstrap.e2e;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A Mangrove server in a JVM of its own, for tests that kill it or send it signals. */
final class ForkedServer {
    private static final Pattern LISTENING = Pattern.compile("listening on (http://\\S+)");
    private static final int KEPT_OUTPUT = 200_000;

    private ForkedServer() {
    }

    /** Starts {@code Main} on a free port in {@code dir}, security off, with these extra JVM arguments. */
    static Process start(Path dir, String... jvmArguments) throws IOException {
        List<String> command = new ArrayList<>(List.of(ProcessHandle.current().info().command().orElse("java"),
                "-Xmx256m", "-cp", System.getProperty("java.class.path"), "-Dserver.port=0",
                "-Dmangrove.mongo.uri=", "-Dmangrove.security.enabled=false"));
        command.addAll(List.of(jvmArguments));
        command.add("dev.mangrove.bootstrap.Main");
        return new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
    }

    /**
     * Reads the server's output into {@code output} (its first 200,000 characters; synchronize on it to
     * read) until its start-up line, keeps draining it afterwards, and answers the URL it listens on.
     */
    static String awaitUrl(Process process, StringBuilder output) throws InterruptedException {
        CountDownLatch started = new CountDownLatch(1);
        String[] url = new String[1];
        Thread reader = new Thread(() -> {
            try (BufferedReader in = new BufferedReader(new InputStreamReader(process.getInputStream(),
                    StandardCharsets.UTF_8))) {
                for (String line; (line = in.readLine()) != null; ) {
                    synchronized (output) {
                        if (output.length() < KEPT_OUTPUT) {
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
