package dev.mangrove.adapter.http.json;

import dev.mangrove.domain.error.ErrorKind;
import dev.mangrove.domain.error.MangroveException;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.function.Consumer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/** Property-style checks: whatever bytes arrive, the reader answers with a value or a client-safe 400. */
class ExtendedJsonRobustnessTest {
    private static final Set<String> CODES = Set.of("invalid-json", "invalid-extended-json", "nesting-too-deep",
            "empty-body", "invalid-body", "invalid-parameter");
    private static final byte[] ALPHABET = ("{}[]\":,$ \n\t\\/'-+.0123456789eEatrufnlsxu_"
            + "oidnumberIntLongDoubleDecimaldatebinarybase64subTypeuuid").getBytes(StandardCharsets.US_ASCII);

    private final ExtendedJson json = ExtendedJson.create(100);
    private final Random random = new Random(20240102L);

    @Test
    void randomBytesGiveAValueOrA400() {
        for (int i = 0; i < 1500; i++) {
            byte[] bytes = new byte[random.nextInt(80)];
            random.nextBytes(bytes);
            checkAll(bytes);
        }
    }

    @Test
    void jsonLookingGarbageGivesAValueOrA400() {
        for (int i = 0; i < 3000; i++) {
            byte[] bytes = new byte[random.nextInt(120)];
            for (int j = 0; j < bytes.length; j++) {
                bytes[j] = ALPHABET[random.nextInt(ALPHABET.length)];
            }
            checkAll(bytes);
        }
    }

    @Test
    void everyTruncationOfValidDocumentsGivesAValueOrA400() {
        for (String valid : validTexts()) {
            byte[] bytes = valid.getBytes(StandardCharsets.UTF_8);
            for (int length = 0; length <= bytes.length; length++) {
                checkAll(Arrays.copyOf(bytes, length));
            }
        }
    }

    @Test
    void randomMutationsOfValidDocumentsGiveAValueOrA400() {
        List<String> texts = validTexts();
        for (int i = 0; i < 4000; i++) {
            byte[] bytes = texts.get(random.nextInt(texts.size())).getBytes(StandardCharsets.UTF_8);
            int edits = 1 + random.nextInt(3);
            for (int e = 0; e < edits; e++) {
                bytes = mutate(bytes);
            }
            checkAll(bytes);
        }
    }

    @Test
    void structuralSwapsInsideTypeWrappersGiveAValueOrA400() {
        String[] pieces = {"{", "}", "[", "]", ",", ":", "\"$oid\"", "\"$date\"", "\"$numberLong\"", "\"$binary\"",
                "\"$type\"", "\"$code\"", "\"$scope\"", "\"$timestamp\"", "\"t\"", "\"i\"", "\"base64\"", "\"subType\"",
                "\"$regularExpression\"", "\"pattern\"", "\"options\"", "\"$dbPointer\"", "\"$ref\"", "\"$id\"",
                "\"$uuid\"", "\"$minKey\"", "1", "-1", "1.5", "true", "null", "\"AQ==\"", "\"00\"",
                "\"57e193d7a9cc81b4027498b5\"", "\"2024-01-02T03:04:05Z\"", "\"x\""};
        for (int i = 0; i < 4000; i++) {
            StringBuilder text = new StringBuilder("{\"a\":");
            int count = 1 + random.nextInt(14);
            for (int j = 0; j < count; j++) {
                text.append(pieces[random.nextInt(pieces.length)]);
            }
            checkAll(text.toString().getBytes(StandardCharsets.UTF_8));
        }
    }

    private List<String> validTexts() {
        List<String> texts = new ArrayList<>();
        texts.add(ExtendedJsonWriteTest.SPEC_CANONICAL);
        texts.add(ExtendedJsonWriteTest.SPEC_RELAXED);
        texts.add("[{\"a\": {\"$binary\": \"AQID\", \"$type\": \"05\"}}, {\"b\": {\"$type\": \"string\"}}, "
                + "{\"c\": {\"$scope\": {}, \"$code\": \"f\"}}, {\"d\": {\"$uuid\": \"c8edabc3-f738-4ca3-b68d-ab92a91478a3\"}},"
                + " {\"e\": {\"$date\": 1704164645000}}, {\"f\": [1, 2.5, -3e4, \"Zoë ☃ 😀\", null, true]}]");
        return texts;
    }

    private byte[] mutate(byte[] bytes) {
        int position = bytes.length == 0 ? 0 : random.nextInt(bytes.length);
        byte replacement = random.nextBoolean() ? ALPHABET[random.nextInt(ALPHABET.length)] : (byte) random.nextInt();
        return switch (random.nextInt(3)) {
            case 0 -> {
                byte[] copy = bytes.clone();
                if (copy.length > 0) {
                    copy[position] = replacement;
                }
                yield copy;
            }
            case 1 -> {
                if (bytes.length == 0) {
                    yield bytes;
                }
                byte[] copy = new byte[bytes.length - 1];
                System.arraycopy(bytes, 0, copy, 0, position);
                System.arraycopy(bytes, position + 1, copy, position, bytes.length - position - 1);
                yield copy;
            }
            default -> {
                byte[] copy = new byte[bytes.length + 1];
                System.arraycopy(bytes, 0, copy, 0, position);
                copy[position] = replacement;
                System.arraycopy(bytes, position, copy, position + 1, bytes.length - position);
                yield copy;
            }
        };
    }

    private void checkAll(byte[] bytes) {
        check(bytes, b -> json.parse(new ByteArrayInputStream(b)));
        check(bytes, b -> json.parseDocument(new ByteArrayInputStream(b)));
        String text = new String(bytes, StandardCharsets.UTF_8);
        check(bytes, b -> json.parseQuery(text, "filter", false));
        check(bytes, b -> json.parseQuery(text, "where", true));
    }

    private static void check(byte[] bytes, Consumer<byte[]> reader) {
        try {
            reader.accept(bytes);
        } catch (MangroveException e) {
            assertEquals(ErrorKind.BAD_REQUEST, e.kind(), e::detail);
            assertTrue(CODES.contains(e.code()), () -> e.code() + ": " + e.detail());
            assertClientSafe(e.detail());
        } catch (RuntimeException | StackOverflowError e) {
            fail("Input " + Arrays.toString(bytes) + " (" + new String(bytes, StandardCharsets.UTF_8)
                    + ") threw " + e, e);
        }
    }

    private static void assertClientSafe(String detail) {
        for (String leak : List.of("Exception", "com.fasterxml", "java.", "dev.mangrove", "StreamReadConstraints",
                "StreamReadFeature", "[Source", "REDACTED", "\n")) {
            assertFalse(detail.contains(leak), () -> "detail leaks '" + leak + "': " + detail);
        }
    }
}
