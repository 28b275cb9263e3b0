package dev.mangrove.adapter.http;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;

class ContentDispositionTest {
    @Test
    void anAsciiNameIsQuotedAsItIs() {
        assertEquals("attachment; filename=\"report 2026.pdf\"", ContentDisposition.format("report 2026.pdf", false));
        assertEquals("inline; filename=\"a.mp4\"", ContentDisposition.format("a.mp4", true));
        assertEquals("attachment", ContentDisposition.format("", false));
    }

    @Test
    void anyOtherNameGetsAnAsciiFallbackAndTheExactNameInRfc8187() {
        assertEquals("attachment; filename=\"_.txt\"; filename*=UTF-8''%E2%82%AC.txt",
                ContentDisposition.format("€.txt", false));
        assertEquals("attachment; filename=\"a_b_c_d\"; filename*=UTF-8''a%22b%5Cc%0Dd",
                ContentDisposition.format("a\"b\\c\rd", false), "quotes, backslashes and controls never leak");
        assertEquals("attachment; filename=\"_etc_passwd\"; filename*=UTF-8''%2Fetc%2Fpasswd",
                ContentDisposition.format("/etc/passwd", false));
    }

    @Test
    void readsNameAndFilenameOfAPart() {
        String header = "form-data; name=\"file\"; filename=\"a; b=\\\"c\\\".txt\"";
        assertEquals(Optional.of("file"), ContentDisposition.parameter(header, "name"));
        assertEquals(Optional.of("a; b=\"c\".txt"), ContentDisposition.filename(header));
        assertEquals(Optional.of("properties"), ContentDisposition.parameter("form-data; name=properties", "name"));
        assertEquals(Optional.empty(), ContentDisposition.parameter("form-data", "name"));
    }

    @Test
    void prefersTheExtendedFilenameAndReadsRawUtf8() {
        assertEquals(Optional.of("€ rates.csv"), ContentDisposition.filename(
                "form-data; name=\"file\"; filename=\"rates.csv\"; filename*=UTF-8''%E2%82%AC%20rates.csv"));
        String raw = new String("résumé.pdf".getBytes(StandardCharsets.UTF_8), StandardCharsets.ISO_8859_1);
        assertEquals(Optional.of("résumé.pdf"), ContentDisposition.filename("form-data; name=file; filename=\"" + raw + "\""));
        assertEquals(Optional.of("plain.txt"), ContentDisposition.filename(
                "form-data; name=file; filename=plain.txt; filename*=UTF-8''%ZZ"), "a broken filename* is ignored");
    }
}
