package dev.mangrove.domain.resource;

import dev.mangrove.domain.error.ErrorKind;
import dev.mangrove.domain.error.MangroveException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PathSegmentsTest {

    @Test
    void splitDropsEmptySegments() {
        assertEquals(List.of("a", "b"), PathSegments.split("/a//b/"));
        assertEquals(List.of("a", "b", "c"), PathSegments.split("a/b/c"));
        assertEquals(List.of(), PathSegments.split("/"));
        assertEquals(List.of(), PathSegments.split(""));
        assertEquals(List.of(), PathSegments.split("///"));
        assertEquals(List.of("x"), PathSegments.split("x"));
    }

    @Test
    void splitKeepsSegmentsUndecoded() {
        assertEquals(List.of("a%2Fb", "c+d"), PathSegments.split("/a%2Fb/c+d"));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "abc|abc",
            "a%20b|a b",
            "a%2Bb|a+b",
            "a%2bb|a+b",
            "%2F|/",
            "%25|%",
            "caf%C3%A9|caf\u00e9",
            "%E4%B8%96%E7%95%8C|\u4e16\u754c",
            "%F0%9F%8C%B1|\ud83c\udf31",
            "\u00e9%41|\u00e9A",
            "\ud83c\udf31%41|\ud83c\udf31A",
    })
    void decodesPercentEncodedUtf8(String raw, String decoded) {
        assertEquals(decoded, PathSegments.decode(raw, false));
        assertEquals(decoded, PathSegments.decode(raw, true));
    }

    @Test
    void plusIsSpaceOnlyWhenAsked() {
        assertEquals("a b", PathSegments.decode("a+b", true));
        assertEquals("a+b", PathSegments.decode("a+b", false));
        assertEquals("  ", PathSegments.decode("++", true));
        assertEquals("a b+c", PathSegments.decode("a+b%2Bc", true));
        assertEquals("a+b+c", PathSegments.decode("a+b%2Bc", false));
    }

    @ParameterizedTest
    @ValueSource(strings = {"%zz", "%4", "%", "a%", "a%4", "%G1", "%1G", "%-1", "%C3", "%C3%28", "%FF", "%C0%AF",
            "%ED%A0%80", "%F8%88%80%80%80", "%E4%B8", "%\uFF11\uFF11"})
    void malformedEscapesAndInvalidUtf8AreBadRequest(String raw) {
        for (boolean plusIsSpace : new boolean[] {false, true}) {
            MangroveException e = assertThrows(MangroveException.class, () -> PathSegments.decode(raw, plusIsSpace),
                    raw);
            assertEquals(ErrorKind.BAD_REQUEST, e.kind());
            assertEquals("invalid-path", e.code());
        }
    }

    @Test
    void encodeEscapesEverythingButUnreservedCharacters() {
        assertEquals("abc-._~XYZ019", PathSegments.encode("abc-._~XYZ019"));
        assertEquals("a%20b", PathSegments.encode("a b"));
        assertEquals("a%2Bb", PathSegments.encode("a+b"));
        assertEquals("%2F%25%3F%23", PathSegments.encode("/%?#"));
        assertEquals("caf%C3%A9", PathSegments.encode("caf\u00e9"));
        assertEquals("%F0%9F%8C%B1", PathSegments.encode("\ud83c\udf31"));
    }

    @Test
    void encodedSegmentsAreSingleSafeSegments() {
        String encoded = PathSegments.encode("a/b c+d%e?f#g\\h\"i");
        assertEquals(List.of(encoded), PathSegments.split(encoded));
        for (char c : encoded.toCharArray()) {
            assertTrue(c < 128 && " /?#\\\"+".indexOf(c) < 0, "unsafe character '" + c + "' in " + encoded);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "a", "a b", "a+b", "+", " + ", "%", "%2B", "%zz", "100%", "/", "a/b", "?", "#", "&=;",
            "caf\u00e9", "\u4e16\u754c", "\ud83c\udf31\ud83c\udf32", "tab\there", "nul\u0000x", "~!$&'()*,;=:@",
            "\u00a0", "\u007f", "quote\"back\\slash"})
    void encodeThenDecodeRoundTrips(String segment) {
        assertEquals(segment, PathSegments.decode(PathSegments.encode(segment), true));
        assertEquals(segment, PathSegments.decode(PathSegments.encode(segment), false));
    }

    @Test
    void encodeThenDecodeRoundTripsRandomStrings() {
        Random random = new Random(3986);
        List<String> failures = new ArrayList<>();
        for (int i = 0; i < 10_000; i++) {
            StringBuilder s = new StringBuilder();
            int length = random.nextInt(12);
            for (int j = 0; j < length; j++) {
                int cp = switch (random.nextInt(4)) {
                    case 0 -> 0x20 + random.nextInt(0x5f);         // printable ASCII
                    case 1 -> random.nextInt(0x80);                  // any ASCII
                    case 2 -> 0x80 + random.nextInt(0xD800 - 0x80);  // BMP below surrogates
                    default -> 0x10000 + random.nextInt(0x10FFFF - 0x10000);
                };
                s.appendCodePoint(cp);
            }
            String segment = s.toString();
            String encoded = PathSegments.encode(segment);
            if (!segment.equals(PathSegments.decode(encoded, true)) || !segment.equals(PathSegments.decode(encoded, false))) {
                failures.add(segment);
            }
            if (!new String(segment.getBytes(StandardCharsets.UTF_8), StandardCharsets.UTF_8).equals(segment)) {
                failures.add("not UTF-8 safe: " + segment);
            }
        }
        assertEquals(List.of(), failures);
    }
}
