package dev.mangrove.domain.document;

import dev.mangrove.domain.error.MangroveException;
import dev.mangrove.domain.write.Precondition;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ETagTest {
    private static Document doc(Object... keyValues) {
        Map<String, Object> fields = new LinkedHashMap<>();
        for (int i = 0; i < keyValues.length; i += 2) {
            fields.put((String) keyValues[i], keyValues[i + 1]);
        }
        return new Document(fields);
    }

    @Test
    void isStableAndUrlSafe() {
        ETag tag = ETag.of(doc("_id", "a", "n", 1, "list", List.of("x", Map.of("k", true))));
        assertEquals(tag, ETag.of(doc("_id", "a", "n", 1, "list", List.of("x", Map.of("k", true)))));
        assertTrue(tag.value().matches("[A-Za-z0-9_-]{43}"), tag.value());
        assertEquals('"' + tag.value() + '"', tag.quoted());
    }

    @Test
    void distinguishesTypesOrderAndStructure() {
        ETag intOne = ETag.of(doc("_id", "a", "n", 1));
        assertNotEquals(intOne, ETag.of(doc("_id", "a", "n", 1L)));
        assertNotEquals(intOne, ETag.of(doc("_id", "a", "n", 1.0)));
        assertNotEquals(intOne, ETag.of(doc("_id", "a", "n", "1")));
        assertNotEquals(ETag.of(doc("_id", "a", "x", 1, "y", 2)), ETag.of(doc("_id", "a", "y", 2, "x", 1)));
        assertNotEquals(ETag.of(doc("_id", "a", "s", "1:b")), ETag.of(doc("_id", "a", "s", "1", "b", null)));
        assertEquals(ETag.of(doc("n", 1, "_id", "a")), intOne, "_id counts first, as MongoDB stores it");
    }

    @Test
    void matchesHeaderListsWildcardsAndWeakTags() {
        ETag tag = new ETag("abc");
        assertTrue(tag.matchesHeader("\"abc\""));
        assertTrue(tag.matchesHeader("\"x\", \"abc\""));
        assertTrue(tag.matchesHeader("*"));
        assertTrue(tag.matchesHeader("W/\"abc\""));
        assertFalse(tag.matchesHeader("\"abcd\""));
        assertTrue(Precondition.NONE.admits(tag));
        assertFalse(Precondition.ifMatch("\"other\"").admits(tag));
        assertThrows(MangroveException.class, () -> Precondition.ifMatch(" "));
    }

    /**
     * The tag hashes its canonical text's UTF-8 bytes written straight into a byte array: the same tags as hashing
     * the text built in a {@code StringBuilder} and encoded (how tags were made before), for every value type, any
     * text (non-ASCII, surrogate pairs, lone surrogates) and the extreme numbers.
     */
    @Test
    void equalsTheHashOfTheCanonicalTextOnRandomDocuments() throws Exception {
        Random random = new Random(18);
        for (int i = 0; i < 3_000; i++) {
            Document document = new Document(randomFields(random, 0));
            assertEquals(textTag(document), ETag.of(document).value(), () -> "for " + document.fields());
        }
    }

    private static Map<String, Object> randomFields(Random random, int depth) {
        Map<String, Object> fields = new LinkedHashMap<>();
        if (random.nextInt(3) > 0) {
            fields.put(Document.ID, randomValue(random, 2));
        }
        for (int n = random.nextInt(6); n > 0; n--) {
            fields.put(randomText(random), randomValue(random, depth));
        }
        return fields;
    }

    private static Object randomValue(Random random, int depth) {
        int kinds = depth < 2 ? 18 : 15;
        return switch (random.nextInt(kinds)) {
            case 0 -> null;
            case 1 -> randomText(random);
            case 2 -> random.nextBoolean();
            case 3 -> List.of(Integer.MIN_VALUE, Integer.MAX_VALUE, 0, -7, 10, random.nextInt()).get(random.nextInt(6));
            case 4 -> List.of(Long.MIN_VALUE, Long.MAX_VALUE, -1L, 9L, 1_000_000_007L, random.nextLong()).get(random.nextInt(6));
            case 5 -> List.of(-0.0, 0.0, Double.NaN, Double.NEGATIVE_INFINITY, 1.5e300, random.nextDouble()).get(random.nextInt(6));
            case 6 -> new BigDecimal(random.nextLong()).movePointLeft(random.nextInt(40) - 20);
            case 7 -> Instant.ofEpochMilli(random.nextLong() % 100_000_000_000_000L);
            case 8 -> {
                byte[] data = new byte[random.nextInt(20)];
                random.nextBytes(data);
                yield new BinaryValue((byte) random.nextInt(256), data);
            }
            case 9 -> new ObjectIdValue("5f1d7a1e9c2b4a0012345678");
            case 10 -> new RegexValue(randomText(random), "i");
            case 11 -> new TimestampValue(random.nextInt(Integer.MAX_VALUE), random.nextInt(1000));
            case 12 -> new SymbolValue(randomText(random));
            case 13 -> Undefined.UNDEFINED;
            case 14 -> new JavaScriptValue(randomText(random), Map.of("x", 1));
            case 15 -> randomFields(random, depth + 1);
            case 16 -> new Document(randomFields(random, depth + 1));
            default -> {
                List<Object> list = new ArrayList<>();
                for (int n = random.nextInt(4); n > 0; n--) {
                    list.add(randomValue(random, depth + 1));
                }
                yield list;
            }
        };
    }

    private static String randomText(Random random) {
        StringBuilder text = new StringBuilder();
        for (int n = random.nextInt(12); n > 0; n--) {
            switch (random.nextInt(8)) {
                case 0 -> text.append((char) (0x80 + random.nextInt(0x780))); // two UTF-8 bytes
                case 1 -> text.append((char) (0x800 + random.nextInt(0xD000))); // three
                case 2 -> text.appendCodePoint(0x10000 + random.nextInt(0xFFFFF)); // a surrogate pair, four
                case 3 -> text.append((char) (0xD800 + random.nextInt(0x800))); // a lone surrogate
                default -> text.append((char) random.nextInt(0x80));
            }
        }
        return text.toString();
    }

    /** The tag as the canonical text built in a StringBuilder, encoded as UTF-8 and hashed. */
    private static String textTag(Document document) throws Exception {
        StringBuilder out = new StringBuilder("{");
        if (document.hasId()) {
            textField(out, Document.ID, document.get(Document.ID));
        }
        document.fields().forEach((name, value) -> {
            if (!Document.ID.equals(name)) {
                textField(out, name, value);
            }
        });
        out.append('}');
        byte[] hash = MessageDigest.getInstance("SHA-256").digest(out.toString().getBytes(StandardCharsets.UTF_8));
        return Base64.getUrlEncoder().withoutPadding().encodeToString(hash);
    }

    private static void textField(StringBuilder out, String name, Object value) {
        out.append(name.length()).append(':').append(name);
        textValue(out, value);
    }

    private static void textValue(StringBuilder out, Object value) {
        switch (value) {
            case null -> out.append('N');
            case Map<?, ?> map -> {
                out.append('{');
                map.forEach((k, v) -> textField(out, String.valueOf(k), v));
                out.append('}');
            }
            case Document document -> textValue(out, document.fields());
            case List<?> list -> {
                out.append('[');
                list.forEach(v -> textValue(out, v));
                out.append(']');
            }
            case String s -> out.append('s').append(s.length()).append(':').append(s);
            case Boolean b -> out.append(b ? 'T' : 'F');
            case Integer i -> out.append('i').append(i).append(';');
            case Long l -> out.append('l').append(l).append(';');
            case Double d -> out.append('d').append(Double.doubleToLongBits(d)).append(';');
            case BigDecimal d -> out.append('m').append(d).append(';');
            case Instant t -> out.append('t').append(t.toEpochMilli()).append(';');
            case BinaryValue b -> {
                String data = Base64.getEncoder().encodeToString(b.data());
                out.append('b').append(b.subtype()).append(':').append(data.length()).append(':').append(data);
            }
            case JavaScriptValue js -> {
                out.append('j').append(js.code().length()).append(':').append(js.code());
                textValue(out, js.scope());
            }
            default -> {
                String type = value.getClass().getSimpleName();
                String text = value.toString();
                out.append('x').append(type.length()).append(':').append(type).append(text.length()).append(':').append(text);
            }
        }
    }
}
