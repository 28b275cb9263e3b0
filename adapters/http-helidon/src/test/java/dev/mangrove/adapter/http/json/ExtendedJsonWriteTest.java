package dev.mangrove.adapter.http.json;

import com.fasterxml.jackson.core.JsonGenerator;
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
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ExtendedJsonWriteTest {
    private final ExtendedJson json = ExtendedJson.create(100);

    /** The example document of the Extended JSON v2 specification ("Examples" section). */
    static Document specExample() {
        Map<String, Object> dbRef = new LinkedHashMap<>();
        dbRef.put("$ref", "collection");
        dbRef.put("$id", new ObjectIdValue("57e193d7a9cc81b4027498b1"));
        dbRef.put("$db", "database");
        Map<String, Object> dbRefNoDb = new LinkedHashMap<>();
        dbRefNoDb.put("$ref", "collection");
        dbRefNoDb.put("$id", new ObjectIdValue("57fd71e96e32ab4225b723fb"));
        Map<String, Object> subdocument = new LinkedHashMap<>();
        subdocument.put("foo", "bar");

        Document doc = Document.empty();
        Map<String, Object> f = doc.fields();
        f.put("_id", new ObjectIdValue("57e193d7a9cc81b4027498b5"));
        f.put("String", "string");
        f.put("Int32", 42);
        f.put("Int64", 42L);
        f.put("Double", 42.42);
        f.put("Decimal", new BigDecimal("1234.5"));
        f.put("Binary", new BinaryValue((byte) 4, bytes(0xc8, 0xed, 0xab, 0xc3, 0xf7, 0x38, 0x4c, 0xa3, 0xb6, 0x8d,
                0xab, 0x92, 0xa9, 0x14, 0x78, 0xa3)));
        f.put("BinaryUserDefined", new BinaryValue((byte) 0x80, "123".getBytes(StandardCharsets.US_ASCII)));
        f.put("Code", new JavaScriptValue("function() {}", null));
        f.put("CodeWithScope", new JavaScriptValue("function() {}", new LinkedHashMap<>()));
        f.put("Subdocument", subdocument);
        f.put("Array", new ArrayList<>(List.of(1, 2, 3, 4, 5)));
        f.put("Timestamp", new TimestampValue(42, 1));
        f.put("RegularExpression", new RegexValue("foo*", "xi"));
        f.put("DatetimeEpoch", Instant.EPOCH);
        f.put("DatetimePositive", Instant.ofEpochMilli(253402300799999L));
        f.put("DatetimeNegative", Instant.ofEpochMilli(-62135596800000L));
        f.put("True", true);
        f.put("False", false);
        f.put("DBRef", dbRef);
        f.put("DBRefNoDB", dbRefNoDb);
        f.put("Minkey", KeyBound.MIN_KEY);
        f.put("Maxkey", KeyBound.MAX_KEY);
        f.put("Null", null);
        return doc;
    }

    static final String SPEC_CANONICAL = "{"
            + "\"_id\":{\"$oid\":\"57e193d7a9cc81b4027498b5\"},"
            + "\"String\":\"string\","
            + "\"Int32\":{\"$numberInt\":\"42\"},"
            + "\"Int64\":{\"$numberLong\":\"42\"},"
            + "\"Double\":{\"$numberDouble\":\"42.42\"},"
            + "\"Decimal\":{\"$numberDecimal\":\"1234.5\"},"
            + "\"Binary\":{\"$binary\":{\"base64\":\"yO2rw/c4TKO2jauSqRR4ow==\",\"subType\":\"04\"}},"
            + "\"BinaryUserDefined\":{\"$binary\":{\"base64\":\"MTIz\",\"subType\":\"80\"}},"
            + "\"Code\":{\"$code\":\"function() {}\"},"
            + "\"CodeWithScope\":{\"$code\":\"function() {}\",\"$scope\":{}},"
            + "\"Subdocument\":{\"foo\":\"bar\"},"
            + "\"Array\":[{\"$numberInt\":\"1\"},{\"$numberInt\":\"2\"},{\"$numberInt\":\"3\"},{\"$numberInt\":\"4\"},"
            + "{\"$numberInt\":\"5\"}],"
            + "\"Timestamp\":{\"$timestamp\":{\"t\":42,\"i\":1}},"
            + "\"RegularExpression\":{\"$regularExpression\":{\"pattern\":\"foo*\",\"options\":\"ix\"}},"
            + "\"DatetimeEpoch\":{\"$date\":{\"$numberLong\":\"0\"}},"
            + "\"DatetimePositive\":{\"$date\":{\"$numberLong\":\"253402300799999\"}},"
            + "\"DatetimeNegative\":{\"$date\":{\"$numberLong\":\"-62135596800000\"}},"
            + "\"True\":true,"
            + "\"False\":false,"
            + "\"DBRef\":{\"$ref\":\"collection\",\"$id\":{\"$oid\":\"57e193d7a9cc81b4027498b1\"},\"$db\":\"database\"},"
            + "\"DBRefNoDB\":{\"$ref\":\"collection\",\"$id\":{\"$oid\":\"57fd71e96e32ab4225b723fb\"}},"
            + "\"Minkey\":{\"$minKey\":1},"
            + "\"Maxkey\":{\"$maxKey\":1},"
            + "\"Null\":null"
            + "}";

    static final String SPEC_RELAXED = SPEC_CANONICAL
            .replace("{\"$numberInt\":\"42\"}", "42")
            .replace("{\"$numberLong\":\"42\"}", "42")
            .replace("{\"$numberDouble\":\"42.42\"}", "42.42")
            .replace("[{\"$numberInt\":\"1\"},{\"$numberInt\":\"2\"},{\"$numberInt\":\"3\"},{\"$numberInt\":\"4\"},"
                    + "{\"$numberInt\":\"5\"}]", "[1,2,3,4,5]")
            .replace("{\"$date\":{\"$numberLong\":\"0\"}}", "{\"$date\":\"1970-01-01T00:00:00.000Z\"}")
            .replace("{\"$date\":{\"$numberLong\":\"253402300799999\"}}", "{\"$date\":\"9999-12-31T23:59:59.999Z\"}");

    @Test
    void writesTheSpecificationExampleInCanonicalModeExactly() {
        assertEquals(SPEC_CANONICAL, json.toJson(specExample(), JsonMode.CANONICAL));
    }

    @Test
    void writesTheSpecificationExampleInRelaxedModeExactly() {
        String relaxed = json.toJson(specExample(), JsonMode.RELAXED);
        assertEquals(SPEC_RELAXED, relaxed);
        assertTrue(relaxed.contains("\"Int32\":42,\"Int64\":42,\"Double\":42.42,"));
        assertTrue(relaxed.contains("\"DatetimeEpoch\":{\"$date\":\"1970-01-01T00:00:00.000Z\"}"));
        assertTrue(relaxed.contains("\"DatetimeNegative\":{\"$date\":{\"$numberLong\":\"-62135596800000\"}}"));
    }

    @Test
    void readsTheSpecificationsCanonicalTextAsWrittenThere() {
        String specText = """
                {
                    "_id": {"$oid": "57e193d7a9cc81b4027498b5"},
                    "String": "string",
                    "Int32": {"$numberInt": "42"},
                    "Int64": {"$numberLong": "42"},
                    "Double": {"$numberDouble": "42.42"},
                    "Decimal": {"$numberDecimal": "1234.5"},
                    "Binary": {"$binary": {"base64": "yO2rw/c4TKO2jauSqRR4ow==", "subType": "04"}},
                    "BinaryUserDefined": {"$binary": {"base64": "MTIz", "subType": "80"}},
                    "Code": {"$code": "function() {}"},
                    "CodeWithScope": {"$code": "function() {}", "$scope": {}},
                    "Subdocument": {"foo": "bar"},
                    "Array": [{"$numberInt": "1"}, {"$numberInt": "2"}, {"$numberInt": "3"},
                              {"$numberInt": "4"}, {"$numberInt": "5"}],
                    "Timestamp": {"$timestamp": { "t": 42, "i": 1 }},
                    "RegularExpression": {"$regularExpression": {"pattern": "foo*", "options": "ix"}},
                    "DatetimeEpoch": {"$date": {"$numberLong": "0"}},
                    "DatetimePositive": {"$date": {"$numberLong": "253402300799999"}},
                    "DatetimeNegative": {"$date": {"$numberLong": "-62135596800000"}},
                    "True": true,
                    "False": false,
                    "DBRef": {"$ref": "collection", "$id": {"$oid": "57e193d7a9cc81b4027498b1"}, "$db": "database"},
                    "DBRefNoDB": {"$ref": "collection", "$id": {"$oid": "57fd71e96e32ab4225b723fb"}},
                    "Minkey": {"$minKey": 1},
                    "Maxkey": {"$maxKey": 1},
                    "Null": null
                }
                """;
        assertEquals(specExample(), parse(specText));
    }

    @Test
    void readsTheRelaxedExampleLosingOnlyTheInt64Type() {
        Document expected = specExample();
        expected.fields().put("Int64", 42);
        assertEquals(expected, parse(SPEC_RELAXED));
    }

    @Test
    void relaxedDoublesKeepADecimalPointAndNonFiniteOnesAreWrapped() {
        assertEquals("1.0", json.toJson(1.0, JsonMode.RELAXED));
        assertEquals("-0.0", json.toJson(-0.0, JsonMode.RELAXED));
        assertEquals("1.0E20", json.toJson(1e20, JsonMode.RELAXED));
        assertEquals("{\"$numberDouble\":\"Infinity\"}", json.toJson(Double.POSITIVE_INFINITY, JsonMode.RELAXED));
        assertEquals("{\"$numberDouble\":\"-Infinity\"}", json.toJson(Double.NEGATIVE_INFINITY, JsonMode.RELAXED));
        assertEquals("{\"$numberDouble\":\"NaN\"}", json.toJson(Double.NaN, JsonMode.RELAXED));
    }

    @Test
    void canonicalModeWrapsEveryNumber() {
        assertEquals("{\"$numberInt\":\"1\"}", json.toJson(1, JsonMode.CANONICAL));
        assertEquals("{\"$numberLong\":\"1\"}", json.toJson(1L, JsonMode.CANONICAL));
        assertEquals("{\"$numberDouble\":\"1.0\"}", json.toJson(1.0, JsonMode.CANONICAL));
        assertEquals("{\"$numberDouble\":\"-0.0\"}", json.toJson(-0.0, JsonMode.CANONICAL));
        assertEquals("{\"$numberDecimal\":\"1.50\"}", json.toJson(new BigDecimal("1.50"), JsonMode.CANONICAL));
        assertEquals("{\"$numberDecimal\":\"-1E+10\"}", json.toJson(new BigDecimal("-1E+10"), JsonMode.CANONICAL));
        assertEquals("{\"$numberDecimal\":\"NaN\"}", json.toJson(new NonFiniteDecimal("NaN"), JsonMode.RELAXED));
    }

    @Test
    void relaxedDatesAreIsoWithMillisecondsOnlyFrom1970To9999() {
        assertEquals("{\"$date\":\"2024-01-02T03:04:05.000Z\"}",
                json.toJson(Instant.parse("2024-01-02T03:04:05Z"), JsonMode.RELAXED));
        assertEquals("{\"$date\":\"2024-01-02T03:04:05.120Z\"}",
                json.toJson(Instant.parse("2024-01-02T03:04:05.12Z"), JsonMode.RELAXED));
        assertEquals("{\"$date\":{\"$numberLong\":\"-1\"}}", json.toJson(Instant.ofEpochMilli(-1), JsonMode.RELAXED));
        assertEquals("{\"$date\":{\"$numberLong\":\"253402300800000\"}}",
                json.toJson(Instant.ofEpochMilli(253402300800000L), JsonMode.RELAXED));
        assertEquals("{\"$date\":{\"$numberLong\":\"1704164645000\"}}",
                json.toJson(Instant.parse("2024-01-02T03:04:05Z"), JsonMode.CANONICAL));
    }

    @Test
    void writesTheRemainingSpecialValues() {
        assertEquals("{\"$undefined\":true}", json.toJson(Undefined.UNDEFINED, JsonMode.RELAXED));
        assertEquals("{\"$symbol\":\"sym\"}", json.toJson(new SymbolValue("sym"), JsonMode.RELAXED));
        assertEquals("{\"$dbPointer\":{\"$ref\":\"db.coll\",\"$id\":{\"$oid\":\"57e193d7a9cc81b4027498b1\"}}}",
                json.toJson(new DbPointerValue("db.coll", new ObjectIdValue("57e193d7a9cc81b4027498b1")),
                        JsonMode.CANONICAL));
        assertEquals("{\"$code\":\"f()\",\"$scope\":{\"x\":{\"$numberInt\":\"1\"}}}",
                json.toJson(new JavaScriptValue("f()", Map.of("x", 1)), JsonMode.CANONICAL));
        assertEquals("{\"$binary\":{\"base64\":\"\",\"subType\":\"ff\"}}",
                json.toJson(new BinaryValue((byte) 0xff, new byte[0]), JsonMode.RELAXED));
        assertEquals("{\"$timestamp\":{\"t\":4294967295,\"i\":4294967295}}",
                json.toJson(new TimestampValue(4294967295L, 4294967295L), JsonMode.CANONICAL));
    }

    @Test
    void writesIdsAndScalarsForResponses() {
        assertEquals("{\"$oid\":\"57e193d7a9cc81b4027498b5\"}",
                json.toJson(new ObjectIdValue("57E193D7A9CC81B4027498B5"), JsonMode.RELAXED));
        assertEquals("\"a \\\"quoted\\\" id\"", json.toJson("a \"quoted\" id", JsonMode.RELAXED));
        assertEquals("null", json.toJson(null, JsonMode.CANONICAL));
        assertEquals("[1,\"x\",{\"a\":true}]", json.toJson(List.of(1, "x", Map.of("a", true)), JsonMode.RELAXED));
    }

    @Test
    void prettyGeneratorIndentsAndStillReadsBack() throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (JsonGenerator generator = json.generator(out, true)) {
            json.write(generator, specExample(), JsonMode.CANONICAL);
        }
        String pretty = out.toString(StandardCharsets.UTF_8);
        assertTrue(pretty.contains("\n  \"String\" : \"string\""), pretty);
        assertEquals(specExample(), parse(pretty));
    }

    @Test
    void compactGeneratorWritesUtf8() throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (JsonGenerator generator = json.generator(out, false)) {
            json.write(generator, Map.of("name", "Zoë ☃ 😀"), JsonMode.RELAXED);
        }
        // characters outside the BMP are escaped as a surrogate pair, which is lossless (Jackson's combining
        // option mangles a lone surrogate followed by another character)
        assertEquals("{\"name\":\"Zoë ☃ \\uD83D\\uDE00\"}", out.toString(StandardCharsets.UTF_8));
        assertEquals(Map.of("name", "Zoë ☃ 😀"), ((Document) json.parse(new ByteArrayInputStream(out.toByteArray())))
                .fields());
    }

    @Test
    void loneSurrogatesReadFromEscapesCanBeWrittenBack() throws Exception {
        Document doc = (Document) parse("{\"s\": \"a\\ud800b\", \"t\": \"\\udc00\"}");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (JsonGenerator generator = json.generator(out, false)) {
            json.write(generator, doc, JsonMode.RELAXED);
        }
        assertEquals(doc, json.parse(new ByteArrayInputStream(out.toByteArray())));
        assertEquals("{\"s\":\"a\ud800b\",\"t\":\"\udc00\"}", json.toJson(doc, JsonMode.RELAXED));
    }

    @Test
    void refusesValuesWithNoExtendedJsonForm() {
        assertThrows(IllegalArgumentException.class, () -> json.toJson(new Object(), JsonMode.RELAXED));
    }

    private Object parse(String text) {
        return json.parse(new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)));
    }

    private static byte[] bytes(int... values) {
        byte[] bytes = new byte[values.length];
        for (int i = 0; i < values.length; i++) {
            bytes[i] = (byte) values[i];
        }
        return bytes;
    }
}
