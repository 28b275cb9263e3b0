package dev.mangrove.adapter.http.json;

import dev.mangrove.domain.document.BinaryValue;
import dev.mangrove.domain.document.DbPointerValue;
import dev.mangrove.domain.document.Document;
import dev.mangrove.domain.document.JavaScriptValue;
import dev.mangrove.domain.document.KeyBound;
import dev.mangrove.domain.document.NonFiniteDecimal;
import dev.mangrove.domain.document.ObjectIdValue;
import dev.mangrove.domain.document.RegexValue;
import dev.mangrove.domain.document.SymbolValue;
import dev.mangrove.domain.document.TimestampValue;
import dev.mangrove.domain.document.Undefined;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

class ExtendedJsonRoundTripTest {
    private final ExtendedJson json = ExtendedJson.create(100);

    /** One value of every type, with edge cases; int64 values here lie outside the int32 range. */
    static List<Object> everyValue() {
        Map<String, Object> nested = new LinkedHashMap<>();
        nested.put("z", 1);
        nested.put("a", new ArrayList<>(List.of("x", 2.5, new ArrayList<>())));
        nested.put("deeper", new LinkedHashMap<>(Map.of("id", new ObjectIdValue("57e193d7a9cc81b4027498b5"))));
        Map<String, Object> scope = new LinkedHashMap<>();
        scope.put("n", 3_000_000_000L);
        scope.put("when", Instant.ofEpochMilli(1_700_000_000_123L));
        return new ArrayList<>(Arrays.asList(
                null, true, false, "", "plain", "Zoë ☃ 😀 \"quoted\" \\ / \n\t\u0001",
                0, 1, -1, Integer.MAX_VALUE, Integer.MIN_VALUE,
                Long.MAX_VALUE, Long.MIN_VALUE, 1L << 40, -(1L << 31) - 1,
                0.0, -0.0, 1.0, 42.42, -1.5e-7, 1e20, 1.7976931348623157e308, 4.9e-324,
                Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY,
                new BigDecimal("1234.5"), new BigDecimal("1.50"), new BigDecimal("-1E+10"), new BigDecimal("0E-6176"),
                new BigDecimal("1E+6144"), new BigDecimal("1234567890123456789012345678901234"), BigDecimal.ZERO,
                new NonFiniteDecimal("NaN"), new NonFiniteDecimal("Infinity"), new NonFiniteDecimal("-Infinity"),
                new NonFiniteDecimal("-0"),
                Instant.EPOCH, Instant.ofEpochMilli(1_704_164_645_123L), Instant.ofEpochMilli(-1),
                Instant.ofEpochMilli(253402300799999L), Instant.ofEpochMilli(253402300800000L),
                Instant.ofEpochMilli(Long.MIN_VALUE), Instant.ofEpochMilli(Long.MAX_VALUE),
                new ObjectIdValue("57e193d7a9cc81b4027498b5"),
                new BinaryValue((byte) 0, new byte[] {1, 2, 3}), new BinaryValue((byte) 4, new byte[16]),
                new BinaryValue((byte) 0x80, new byte[0]), new BinaryValue((byte) 0xff, new byte[] {-1}),
                new RegexValue("^J", "i"), new RegexValue("a/b\\d+", "xsmi"), new RegexValue("", ""),
                new TimestampValue(0, 0), new TimestampValue(4294967295L, 4294967295L), new TimestampValue(42, 1),
                KeyBound.MIN_KEY, KeyBound.MAX_KEY, Undefined.UNDEFINED, new SymbolValue("sym"),
                new JavaScriptValue("function() {}", null), new JavaScriptValue("f(x)", scope),
                new JavaScriptValue("g()", new LinkedHashMap<>()),
                new DbPointerValue("db.coll", new ObjectIdValue("57e193d7a9cc81b4027498b1")),
                nested, new ArrayList<>(List.of(1, new LinkedHashMap<>(Map.of("$gt", 5)), List.of())),
                new LinkedHashMap<>(Map.of("$ref", "c", "$id", new ObjectIdValue("57fd71e96e32ab4225b723fb")))));
    }

    @ParameterizedTest
    @EnumSource(JsonMode.class)
    void everyValueTypeSurvivesARoundTripInsideADocument(JsonMode mode) {
        List<Object> values = everyValue();
        for (int i = 0; i < values.size(); i++) {
            Document doc = Document.empty();
            doc.fields().put("v", values.get(i));
            String text = json.toJson(doc, mode);
            assertEquals(doc, parse(text), () -> mode + " round trip of " + text);
        }
    }

    @ParameterizedTest
    @EnumSource(JsonMode.class)
    void aDocumentHoldingEveryValueSurvivesARoundTripThroughAPrettyGenerator(JsonMode mode) throws Exception {
        Document doc = Document.empty();
        List<Object> values = everyValue();
        for (int i = 0; i < values.size(); i++) {
            doc.fields().put("f" + i, values.get(i));
        }
        doc.fields().put("all", values);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (var generator = json.generator(out, true)) {
            json.write(generator, doc, mode);
        }
        assertEquals(doc, json.parse(new ByteArrayInputStream(out.toByteArray())));
    }

    @ParameterizedTest
    @EnumSource(JsonMode.class)
    void topLevelArraysOfDocumentsSurviveARoundTrip(JsonMode mode) {
        Document first = Document.empty();
        first.fields().put("_id", new ObjectIdValue("57e193d7a9cc81b4027498b5"));
        Document second = Document.empty();
        second.fields().put("n", 3_000_000_000L);
        List<Object> docs = List.of(first, second);
        assertEquals(docs, parse(json.toJson(docs, mode)));
    }

    @Test
    void canonicalKeepsSmallInt64ButRelaxedReadsItBackAsInt32() {
        Document doc = Document.empty();
        doc.fields().put("n", 5L);
        assertEquals(doc, parse(json.toJson(doc, JsonMode.CANONICAL)));
        assertEquals(5, ((Document) parse(json.toJson(doc, JsonMode.RELAXED))).get("n"));
    }

    @Test
    void subMillisecondPrecisionIsDroppedAsInBson() {
        Document doc = Document.empty();
        doc.fields().put("t", Instant.parse("2024-01-02T03:04:05.123456789Z"));
        Document back = (Document) parse(json.toJson(doc, JsonMode.RELAXED));
        assertEquals(Instant.parse("2024-01-02T03:04:05.123Z"), back.get("t"));
    }

    private Object parse(String text) {
        return json.parse(new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)));
    }
}
