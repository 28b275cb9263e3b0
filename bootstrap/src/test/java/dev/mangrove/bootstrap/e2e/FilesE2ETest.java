package dev.mangrove.bootstrap.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mangrove.bootstrap.Mangrove;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.SequenceInputStream;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** GridFS buckets over real HTTP (docs/files.md): upload, metadata, download with ranges, delete, limits. */
class FilesE2ETest {
    private static final HttpClient CLIENT = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final String BOUNDARY = "mangrove-test-boundary-7f3a";
    private static final int CHUNK = 255 * 1024;
    private static Mangrove server;
    private static Mangrove limited;
    private static Http http;
    private static String db;
    private static String bucket;

    @BeforeAll
    static void start() {
        server = TestServer.shared();
        http = new Http(server.url());
        db = TestServer.freshDatabase("files");
        bucket = "/" + db + "/fs.files";
        assertEquals(201, http.put(bucket, null).status());
        assertEquals(200, http.put(bucket, null).status(), "a second PUT only sets its metadata");
    }

    @AfterAll
    static void stop() {
        if (limited != null) {
            limited.close();
        }
    }

    @Test
    void smallFileRoundTripsWithItsMetadataAndHeaders() throws Exception {
        byte[] content = "Hello, GridFS!\n".getBytes(StandardCharsets.UTF_8);
        Raw created = upload("POST", bucket, "hello.txt", "text/plain", content, "{\"owner\": \"ada\"}", true);
        assertEquals(201, created.status(), created.text());
        String location = created.header("Location");
        assertTrue(location.startsWith(bucket + "/"), location);

        JsonNode meta = http.get(location).json();
        assertEquals("hello.txt", meta.get("filename").asText());
        assertEquals(content.length, meta.get("length").asLong());
        assertEquals("text/plain", meta.get("contentType").asText());
        assertEquals(sha256(content), meta.get("sha256").asText());
        assertEquals("ada", meta.get("metadata").get("owner").asText());
        assertTrue(meta.has("uploadDate") && meta.has("chunkSize"), meta.toString());

        Raw download = request("GET", location + "/binary", null);
        assertEquals(200, download.status());
        assertArrayEquals(content, download.body());
        assertEquals("text/plain", download.header("Content-Type"));
        assertEquals(Integer.toString(content.length), download.header("Content-Length"));
        assertEquals("\"" + sha256(content) + "\"", download.header("ETag"));
        assertEquals("bytes", download.header("Accept-Ranges"));
        assertTrue(download.header("Last-Modified").endsWith("GMT"), download.header("Last-Modified"));
        assertEquals("attachment; filename=\"hello.txt\"", download.header("Content-Disposition"));
    }

    @Test
    void propertiesMayFollowTheFileAndNamesAreEncodedSafely() throws Exception {
        byte[] content = {1, 2, 3};
        Raw created = upload("POST", bucket, "résumé \"final\".pdf", "application/pdf", content, "{\"late\": true}",
                false);
        assertEquals(201, created.status(), created.text());
        JsonNode meta = http.get(created.header("Location")).json();
        assertTrue(meta.get("metadata").get("late").asBoolean(), meta.toString());
        assertEquals("résumé \"final\".pdf", meta.get("filename").asText());
        String disposition = request("GET", created.header("Location") + "/binary", null).header("Content-Disposition");
        assertEquals("attachment; filename=\"r_sum_ _final_.pdf\"; filename*=UTF-8''r%C3%A9sum%C3%A9%20%22final%22.pdf",
                disposition);
    }

    @Test
    void emptyFileRoundTrips() throws Exception {
        Raw created = upload("POST", bucket, "empty.bin", null, new byte[0], null, true);
        assertEquals(201, created.status(), created.text());
        JsonNode meta = http.get(created.header("Location")).json();
        assertEquals(0, meta.get("length").asLong());
        assertEquals("application/octet-stream", meta.get("contentType").asText());
        Raw download = request("GET", created.header("Location") + "/binary", null);
        assertEquals(200, download.status());
        assertEquals(0, download.body().length);
        assertEquals("0", download.header("Content-Length"));
        assertEquals(0, chunks(meta.get("_id")));
    }

    @Test
    void fiftyMebibytesStreamBothWaysByteForByte() throws Exception {
        long size = 50L * 1024 * 1024;
        MessageDigest sent = digest();
        InputStream content = new GeneratedStream(size, 42, sent);
        Raw created = uploadStream("POST", bucket, "big.bin", "application/octet-stream", content);
        assertEquals(201, created.status(), created.text());
        String expected = HexFormat.of().formatHex(sent.digest());
        JsonNode meta = http.get(created.header("Location")).json();
        assertEquals(size, meta.get("length").asLong());
        assertEquals(expected, meta.get("sha256").asText());
        assertEquals((size + CHUNK - 1) / CHUNK, chunks(meta.get("_id")));

        HttpResponse<InputStream> download = CLIENT.send(HttpRequest.newBuilder(
                URI.create(server.url() + created.header("Location") + "/binary")).build(),
                HttpResponse.BodyHandlers.ofInputStream());
        assertEquals(200, download.statusCode());
        MessageDigest received = digest();
        long count = 0;
        try (InputStream in = download.body()) {
            byte[] buffer = new byte[64 * 1024];
            for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
                received.update(buffer, 0, n);
                count += n;
            }
        }
        assertEquals(size, count);
        assertEquals(expected, HexFormat.of().formatHex(received.digest()));
    }

    @Test
    void everyRangeFormSeeksToItsBytes() throws Exception {
        byte[] content = new byte[3 * CHUNK + 1000];
        new Random(7).nextBytes(content);
        String file = upload("POST", bucket, "ranges.bin", "video/mp4", content, null, true).header("Location");
        String binary = file + "/binary";
        assertRange(binary, "bytes=0-9", content, 0, 9);
        assertRange(binary, "bytes=" + (CHUNK - 5) + "-" + (2 * CHUNK + 5), content, CHUNK - 5, 2 * CHUNK + 5);
        assertRange(binary, "bytes=" + (2 * CHUNK + 10) + "-", content, 2 * CHUNK + 10, content.length - 1);
        assertRange(binary, "bytes=-100", content, content.length - 100, content.length - 1);
        assertRange(binary, "bytes=0-0", content, 0, 0);
        assertRange(binary, "bytes=" + (content.length - 1) + "-99999999", content, content.length - 1,
                content.length - 1);
        assertRange(binary, "bytes=-99999999", content, 0, content.length - 1);

        Raw several = request("GET", binary, null, "Range", "bytes=0-1,5-6");
        assertEquals(200, several.status(), "several ranges get the whole file");
        assertArrayEquals(content, several.body());

        Raw beyond = request("GET", binary, null, "Range", "bytes=" + content.length + "-");
        assertEquals(416, beyond.status());
        assertEquals("bytes */" + content.length, beyond.header("Content-Range"));
        assertEquals("range-not-satisfiable", MAPPER.readTree(beyond.body()).get("code").asText());

        Raw malformed = request("GET", binary, null, "Range", "bytes=abc");
        assertEquals(200, malformed.status(), "a malformed Range is ignored");

        String etag = "\"" + sha256(content) + "\"";
        Raw notModified = request("GET", binary, null, "If-None-Match", etag);
        assertEquals(304, notModified.status());
        assertEquals(0, notModified.body().length);

        Raw sameVersion = request("GET", binary, null, "Range", "bytes=0-3", "If-Range", etag);
        assertEquals(206, sameVersion.status());
        Raw otherVersion = request("GET", binary, null, "Range", "bytes=0-3", "If-Range", "\"changed\"");
        assertEquals(200, otherVersion.status());
        assertArrayEquals(content, otherVersion.body());
        Raw byDate = request("GET", binary, null, "Range", "bytes=0-3", "If-Range", sameVersion.header("Last-Modified"));
        assertEquals(206, byDate.status());

        Raw head = request("HEAD", binary, null, "Range", "bytes=10-19");
        assertEquals(206, head.status());
        assertEquals("10", head.header("Content-Length"));
        assertEquals("bytes 10-19/" + content.length, head.header("Content-Range"));
        assertEquals(0, head.body().length);
        Raw headAll = request("HEAD", binary, null);
        assertEquals(200, headAll.status());
        assertEquals(Integer.toString(content.length), headAll.header("Content-Length"));
    }

    private static void assertRange(String path, String range, byte[] content, int first, int last) {
        Raw r = request("GET", path, null, "Range", range);
        assertEquals(206, r.status(), range);
        assertEquals("bytes " + first + "-" + last + "/" + content.length, r.header("Content-Range"), range);
        assertEquals(Integer.toString(last - first + 1), r.header("Content-Length"), range);
        assertArrayEquals(Arrays.copyOfRange(content, first, last + 1), r.body(), range);
    }

    @Test
    void metadataChangesLeaveTheContentAlone() throws Exception {
        byte[] content = "content".getBytes(StandardCharsets.UTF_8);
        String file = upload("POST", bucket, "m.txt", "text/plain", content, "{\"a\": 1, \"b\": 2}", true)
                .header("Location");
        assertEquals(204, http.patch(file, "{\"b\": 3, \"c\": 4}").status());
        JsonNode merged = http.get(file).json().get("metadata");
        assertEquals(1, merged.get("a").asInt());
        assertEquals(3, merged.get("b").asInt());
        assertEquals(4, merged.get("c").asInt());

        assertEquals(204, http.put(file, "{\"only\": true}").status());
        JsonNode replaced = http.get(file).json();
        assertEquals(MAPPER.readTree("{\"only\": true}"), replaced.get("metadata"));
        assertEquals("m.txt", replaced.get("filename").asText());
        assertArrayEquals(content, request("GET", file + "/binary", null).body());

        assertEquals(400, http.patch(file, "{\"$set\": {\"length\": 1}}").status(), "operators are not metadata");
        assertEquals(content.length, http.get(file).json().get("length").asInt());
        assertEquals(404, http.patch(bucket + "/nothere", "{\"a\": 1}").status());
    }

    @Test
    void putUploadsAtAChosenIdOnce() throws Exception {
        byte[] content = "chosen".getBytes(StandardCharsets.UTF_8);
        Raw created = upload("PUT", bucket + "/report-2026", "r.txt", "text/plain", content, null, true);
        assertEquals(201, created.status(), created.text());
        assertEquals(bucket + "/report-2026", created.header("Location"));
        assertArrayEquals(content, request("GET", bucket + "/report-2026/binary", null).body());
        Raw again = upload("PUT", bucket + "/report-2026", "r.txt", "text/plain", new byte[]{9}, null, true);
        assertEquals(409, again.status(), again.text());
        assertArrayEquals(content, request("GET", bucket + "/report-2026/binary", null).body());

        Raw numeric = upload("PUT", bucket + "/7?id_type=NUMBER", "n.txt", null, content, null, true);
        assertEquals(201, numeric.status(), numeric.text());
        assertEquals(7, http.get(bucket + "/7?id_type=NUMBER").json().get("_id").asInt());
    }

    @Test
    void deleteRemovesTheFileAndEveryChunk() throws Exception {
        byte[] content = new byte[2 * CHUNK + 1];
        String file = upload("POST", bucket, "d.bin", null, content, null, true).header("Location");
        JsonNode id = http.get(file).json().get("_id");
        assertEquals(3, chunks(id));
        assertEquals(204, http.delete(file).status());
        assertEquals(0, chunks(id));
        assertEquals(404, http.get(file).status());
        assertEquals(404, request("GET", file + "/binary", null).status());
        assertEquals(404, http.delete(file).status());
    }

    @Test
    void badUploadsAreRefusedAndWriteNothing() throws Exception {
        String other = "/" + db + "/bad.files";
        assertEquals(201, http.put(other, null).status());
        String noFile = "--" + BOUNDARY + "\r\nContent-Disposition: form-data; name=\"properties\"\r\n\r\n{}\r\n--"
                + BOUNDARY + "--\r\n";
        assertProblem(400, "missing-file", send("POST", other, noFile.getBytes(StandardCharsets.UTF_8), multipart()));

        byte[] twoFiles = concat(part("file", "a.txt", "text/plain", new byte[CHUNK + 10]),
                part("file", "b.txt", "text/plain", new byte[10]), end());
        assertProblem(400, "invalid-multipart", send("POST", other, twoFiles, multipart()));

        byte[] badJson = concat(part("properties", null, "application/json", "{oops".getBytes(StandardCharsets.UTF_8)),
                part("file", "a.txt", "text/plain", new byte[10]), end());
        assertEquals(400, send("POST", other, badJson, multipart()).status());
        byte[] lateBadJson = concat(part("file", "a.txt", "text/plain", new byte[CHUNK * 2]),
                part("properties", null, null, "[1, 2]".getBytes(StandardCharsets.UTF_8)), end());
        assertEquals(400, send("POST", other, lateBadJson, multipart()).status());

        assertProblem(415, "unsupported-media-type", send("POST", other, "{}".getBytes(StandardCharsets.UTF_8),
                "application/json"));
        byte[] good = concat(part("file", "a.txt", "text/plain", new byte[10]), end());
        assertProblem(400, "invalid-multipart", send("POST", other, good, "multipart/form-data"));
        assertProblem(400, "invalid-multipart", send("POST", other,
                Arrays.copyOf(good, good.length - 10), multipart()));
        assertEquals(400, send("PUT", other + "/xyz?id_type=OID", good, multipart()).status(), "a bad id");
        assertEquals(404, send("POST", "/" + db + "/missing.files", good, multipart()).status());

        assertEquals(0, count(other + "?count=true&pagesize=0"), "no file documents");
        assertEquals(0, count("/" + db + "/bad.chunks?count=true&pagesize=0"), "no chunks");
    }

    @Test
    void aLargerFileThanAllowedIsRefusedAsItArrivesAndLeavesNoChunk() throws Exception {
        limited = TestServer.start(Map.of("mangrove.files.max-size", "600KiB"));
        Http small = new Http(limited.url());
        String lb = "/" + db + "_limited/fs.files";
        assertEquals(201, small.put(lb, null).status());
        byte[] fits = new byte[600 * 1024];
        Raw ok = send(limited, "POST", lb, concat(part("file", "ok.bin", null, fits), end()), multipart());
        assertEquals(201, ok.status(), ok.text());
        byte[] tooBig = new byte[3 * 1024 * 1024];
        Raw refused = send(limited, "POST", lb, concat(part("file", "big.bin", null, tooBig), end()), multipart());
        assertEquals(413, refused.status(), refused.text());
        assertEquals("file-too-large", MAPPER.readTree(refused.body()).get("code").asText());
        JsonNode files = small.get(lb + "?count=true").json();
        assertEquals(1, files.size(), files.toString());
        assertEquals(3, small.get("/" + db + "_limited/fs.chunks/_size").json().get("_size").asInt(),
                "only the chunks of the file that fits");
    }

    @Test
    void aClientThatGoesAwayMidUploadLeavesNothingBehind() throws Exception {
        String ab = "/" + db + "/aborted.files";
        assertEquals(201, http.put(ab, null).status());
        String chunksSize = "/" + db + "/aborted.chunks/_size";
        URI uri = URI.create(server.url());
        byte[] head = ("--" + BOUNDARY + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"x.bin\"\r\n"
                + "Content-Type: application/octet-stream\r\n\r\n").getBytes(StandardCharsets.US_ASCII);
        try (Socket socket = new Socket(uri.getHost(), uri.getPort())) {
            OutputStream out = socket.getOutputStream();
            out.write(("POST " + ab + " HTTP/1.1\r\nHost: localhost\r\nContent-Type: " + multipart()
                    + "\r\nContent-Length: " + (100L * 1024 * 1024) + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.write(head);
            byte[] block = new byte[64 * 1024];
            // send until the server has stored chunks: the upload is streamed, not buffered
            for (int i = 0; i < 1600 && http.get(chunksSize).json().get("_size").asInt() == 0; i++) {
                out.write(block);
                out.flush();
            }
            assertTrue(http.get(chunksSize).json().get("_size").asInt() > 0, "chunks are written as data arrives");
        }
        // the server notices the closed connection, then deletes what it wrote
        int left = -1;
        for (int i = 0; i < 600 && left != 0; i++) {
            left = http.get(chunksSize).json().get("_size").asInt();
            if (left != 0) {
                Thread.sleep(50);
            }
        }
        assertEquals(0, left, "no orphan chunks");
        assertEquals(0, count(ab + "?count=true&pagesize=0"), "no file document");
    }

    @Test
    void theBucketListsLikeACollectionAndDropsWithConfirmation() throws Exception {
        String lb = "/" + db + "/listed.files";
        assertEquals(201, http.put(lb, null).status());
        for (String name : List.of("b.txt", "a.txt", "c.txt")) {
            assertEquals(201, upload("POST", lb, name, "text/plain", name.getBytes(StandardCharsets.UTF_8), null, true)
                    .status());
        }
        JsonNode sorted = http.get(lb + "?sort=filename&keys=" + enc("{\"filename\": 1}")
                + "&filter=" + enc("{\"filename\": {\"$ne\": \"b.txt\"}}")).json();
        assertEquals(2, sorted.size(), sorted.toString());
        assertEquals("a.txt", sorted.get(0).get("filename").asText());
        assertEquals(409, http.delete(lb).status(), "a drop needs confirmation");
        assertEquals(400, http.delete(lb + "?filter=" + enc("{\"filename\": \"a.txt\"}")).status());
        assertEquals(204, http.delete(lb + "?force=true").status());
        assertEquals(404, http.get(lb).status());
        assertEquals(404, http.get("/" + db + "/listed.chunks").status(), "the chunks are dropped too");
    }

    // --- helpers ---------------------------------------------------------------------------------------------

    private static long count(String path) {
        Http.Response r = http.get(path, "Accept", "application/json");
        String total = r.header("X-Total-Count").orElseThrow(() -> new AssertionError(r.toString()));
        return Long.parseLong(total);
    }

    private static long chunks(JsonNode id) {
        String filter = enc("{\"files_id\": " + id + "}");
        return http.get("/" + db + "/fs.chunks/_size?filter=" + filter).json().get("_size").asLong();
    }

    private static void assertProblem(int status, String code, Raw response) throws IOException {
        assertEquals(status, response.status(), response.text());
        assertEquals(code, MAPPER.readTree(response.body()).get("code").asText(), response.text());
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    private static String multipart() {
        return "multipart/form-data; boundary=" + BOUNDARY;
    }

    private static Raw upload(String method, String path, String filename, String type, byte[] content,
                              String properties, boolean propertiesFirst) {
        byte[] file = part("file", filename, type, content);
        byte[] props = properties == null ? new byte[0]
                : part("properties", null, "application/json", properties.getBytes(StandardCharsets.UTF_8));
        byte[] body = propertiesFirst ? concat(props, file, end()) : concat(file, props, end());
        return send(method, path, body, multipart());
    }

    private static Raw uploadStream(String method, String path, String filename, String type, InputStream content) {
        InputStream body = new SequenceInputStream(new SequenceInputStream(
                new java.io.ByteArrayInputStream(partHead("file", filename, type)), content),
                new java.io.ByteArrayInputStream(concat("\r\n".getBytes(StandardCharsets.US_ASCII), end())));
        HttpRequest request = HttpRequest.newBuilder(URI.create(server.url() + path)).timeout(Duration.ofMinutes(5))
                .header("Content-Type", multipart())
                .method(method, HttpRequest.BodyPublishers.ofInputStream(() -> body)).build();
        return exchange(request);
    }

    private static byte[] partHead(String name, String filename, String type) {
        StringBuilder head = new StringBuilder("--" + BOUNDARY + "\r\nContent-Disposition: form-data; name=\"" + name + "\"");
        if (filename != null) {
            head.append("; filename=\"").append(filename.replace("\"", "\\\"")).append('"');
        }
        head.append("\r\n");
        if (type != null) {
            head.append("Content-Type: ").append(type).append("\r\n");
        }
        head.append("\r\n");
        return head.toString().getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] part(String name, String filename, String type, byte[] content) {
        return concat(partHead(name, filename, type), content, "\r\n".getBytes(StandardCharsets.US_ASCII));
    }

    private static byte[] end() {
        return ("--" + BOUNDARY + "--\r\n").getBytes(StandardCharsets.US_ASCII);
    }

    private static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] p : parts) {
            out.writeBytes(p);
        }
        return out.toByteArray();
    }

    private static Raw send(String method, String path, byte[] body, String contentType) {
        return send(server, method, path, body, contentType);
    }

    private static Raw send(Mangrove target, String method, String path, byte[] body, String contentType) {
        HttpRequest request = HttpRequest.newBuilder(URI.create(target.url() + path)).timeout(Duration.ofMinutes(2))
                .header("Content-Type", contentType)
                .method(method, HttpRequest.BodyPublishers.ofByteArray(body)).build();
        return exchange(request);
    }

    private static Raw request(String method, String path, byte[] body, String... headers) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(server.url() + path)).timeout(Duration.ofMinutes(2));
        for (int i = 0; i + 1 < headers.length; i += 2) {
            b.header(headers[i], headers[i + 1]);
        }
        b.method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(body));
        return exchange(b.build());
    }

    private static Raw exchange(HttpRequest request) {
        try {
            HttpResponse<byte[]> r = CLIENT.send(request, HttpResponse.BodyHandlers.ofByteArray());
            return new Raw(r.statusCode(), r, r.body());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static String sha256(byte[] content) {
        return HexFormat.of().formatHex(digest().digest(content));
    }

    private static MessageDigest digest() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private record Raw(int status, HttpResponse<byte[]> raw, byte[] body) {
        String header(String name) {
            return raw.headers().firstValue(name).orElse(null);
        }

        String text() {
            return new String(body, StandardCharsets.UTF_8);
        }
    }

    /** {@code size} pseudo-random bytes, generated as read (never held whole), digested on the way. */
    static final class GeneratedStream extends InputStream {
        private final Random random;
        private final MessageDigest digest;
        private long left;

        GeneratedStream(long size, long seed, MessageDigest digest) {
            this.left = size;
            this.random = new Random(seed);
            this.digest = digest;
        }

        @Override
        public int read() {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] b, int off, int len) {
            if (left == 0) {
                return -1;
            }
            int n = (int) Math.min(len, left);
            byte[] chunk = new byte[n];
            random.nextBytes(chunk);
            System.arraycopy(chunk, 0, b, off, n);
            digest.update(chunk);
            left -= n;
            return n;
        }
    }
}
