package dev.mangrove.adapter.mongo;

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
import dev.mangrove.domain.error.ErrorKind;
import dev.mangrove.domain.error.MangroveException;
import org.bson.BsonBinaryReader;
import org.bson.BsonBinaryWriter;
import org.bson.BsonDocument;
import org.bson.BsonType;
import org.bson.codecs.DecoderContext;
import org.bson.codecs.EncoderContext;
import org.bson.io.BasicOutputBuffer;
import org.bson.types.Decimal128;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertIterableEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class BsonValuesTest {
    private final DomainDocumentCodec codec = new DomainDocumentCodec(false);

    /** One field of every BSON type, keyed by the type it must be written as. */
    static Map<String, Object> everyType() {
        Map<String, Object> nested = new LinkedHashMap<>();
        nested.put("z", 1);
        nested.put("a", "first key order is kept");
        Map<String, Object> scope = new LinkedHashMap<>();
        scope.put("x", 42);
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("_id", new ObjectIdValue("65a1b2c3d4e5f60718293a4b"));
        fields.put("int32", 7);
        fields.put("int64", 1L << 40);
        fields.put("double", 2.5);
        fields.put("decimal", new BigDecimal("123.4500"));
        fields.put("nan", new NonFiniteDecimal("NaN"));
        fields.put("infinity", new NonFiniteDecimal("Infinity"));
        fields.put("negativeInfinity", new NonFiniteDecimal("-Infinity"));
        fields.put("negativeZero", new NonFiniteDecimal("-0"));
        fields.put("string", "héllo");
        fields.put("true", true);
        fields.put("null", null);
        fields.put("date", Instant.parse("2024-01-02T03:04:05.678Z"));
        fields.put("objectId", new ObjectIdValue("0123456789abcdef01234567"));
        fields.put("document", nested);
        fields.put("array", new ArrayList<>(List.of(1, "two", List.of(3L))));
        fields.put("binary", new BinaryValue((byte) 0, new byte[] {1, 2, 3}));
        fields.put("uuid", new BinaryValue((byte) 4, new byte[16]));
        fields.put("userBinary", new BinaryValue((byte) 0x80, new byte[] {9}));
        fields.put("regex", new RegexValue("^ab+c", "mi"));
        fields.put("timestamp", new TimestampValue(4_000_000_000L, 3_000_000_000L));
        fields.put("minKey", KeyBound.MIN_KEY);
        fields.put("maxKey", KeyBound.MAX_KEY);
        fields.put("javascript", new JavaScriptValue("function() { return 1; }", null));
        fields.put("javascriptWithScope", new JavaScriptValue("function() { return x; }", scope));
        fields.put("symbol", new SymbolValue("sym"));
        fields.put("undefined", Undefined.UNDEFINED);
        fields.put("dbPointer", new DbPointerValue("db.coll", new ObjectIdValue("0123456789abcdef01234567")));
        return fields;
    }

    static final Map<String, BsonType> EXPECTED_TYPES = Map.ofEntries(
            Map.entry("int32", BsonType.INT32), Map.entry("int64", BsonType.INT64),
            Map.entry("double", BsonType.DOUBLE), Map.entry("decimal", BsonType.DECIMAL128),
            Map.entry("nan", BsonType.DECIMAL128), Map.entry("negativeZero", BsonType.DECIMAL128),
            Map.entry("string", BsonType.STRING), Map.entry("true", BsonType.BOOLEAN),
            Map.entry("null", BsonType.NULL), Map.entry("date", BsonType.DATE_TIME),
            Map.entry("objectId", BsonType.OBJECT_ID), Map.entry("document", BsonType.DOCUMENT),
            Map.entry("array", BsonType.ARRAY), Map.entry("binary", BsonType.BINARY),
            Map.entry("regex", BsonType.REGULAR_EXPRESSION), Map.entry("timestamp", BsonType.TIMESTAMP),
            Map.entry("minKey", BsonType.MIN_KEY), Map.entry("maxKey", BsonType.MAX_KEY),
            Map.entry("javascript", BsonType.JAVASCRIPT),
            Map.entry("javascriptWithScope", BsonType.JAVASCRIPT_WITH_SCOPE),
            Map.entry("symbol", BsonType.SYMBOL), Map.entry("undefined", BsonType.UNDEFINED),
            Map.entry("dbPointer", BsonType.DB_POINTER));

    private Document binaryRoundTrip(Document document) {
        BasicOutputBuffer buffer = new BasicOutputBuffer();
        try (BsonBinaryWriter writer = new BsonBinaryWriter(buffer)) {
            codec.encode(writer, document, EncoderContext.builder().build());
        }
        try (BsonBinaryReader reader = new BsonBinaryReader(ByteBuffer.wrap(buffer.toByteArray()))) {
            return codec.decode(reader, DecoderContext.builder().build());
        }
    }

    @Test
    void roundTripsEveryBsonTypeThroughBinaryBson() {
        Document original = new Document(everyType());

        Document decoded = binaryRoundTrip(original);

        assertEquals(original, decoded);
        assertIterableEquals(original.fields().keySet(), decoded.fields().keySet());
    }

    @Test
    void writesEveryDomainValueAsItsBsonType() {
        BsonDocument bson = BsonValues.toBsonDocument(everyType());

        EXPECTED_TYPES.forEach((field, type) -> assertEquals(type, bson.get(field).getBsonType(), field));
        assertEquals(Decimal128.NEGATIVE_ZERO, bson.getDecimal128("negativeZero").getValue());
        assertEquals(4_000_000_000L, Integer.toUnsignedLong(bson.getTimestamp("timestamp").getTime()));
        assertEquals(4, bson.getBinary("uuid").getType());
    }

    @Test
    void roundTripsEveryBsonTypeThroughBsonDocuments() {
        Map<String, Object> original = everyType();

        assertEquals(original, BsonValues.fromBsonDocument(BsonValues.toBsonDocument(original)));
    }

    @Test
    void decodesNumbersAsTheirExactJavaTypes() {
        Map<String, Object> decoded = binaryRoundTrip(new Document(everyType())).fields();

        assertInstanceOf(Integer.class, decoded.get("int32"));
        assertInstanceOf(Long.class, decoded.get("int64"));
        assertInstanceOf(Double.class, decoded.get("double"));
        assertEquals(new BigDecimal("123.4500"), decoded.get("decimal"));
        assertInstanceOf(LinkedHashMap.class, decoded.get("document"));
        assertInstanceOf(ArrayList.class, decoded.get("array"));
        assertEquals(new NonFiniteDecimal("-0"), decoded.get("negativeZero"));
    }

    @Test
    void keepsTheExponentOfANegativeZeroDecimal() {
        Object decoded = BsonValues.fromBsonValue(new org.bson.BsonDecimal128(Decimal128.parse("-0.00")));

        assertEquals(new NonFiniteDecimal("-0.00"), decoded);
        assertEquals(Decimal128.parse("-0.00"), BsonValues.toBsonValue(decoded).asDecimal128().getValue());
    }

    @Test
    void rejectsADecimalThatDecimal128CannotHoldExactlyWith400() {
        BigDecimal tooPrecise = new BigDecimal("1.23456789012345678901234567890123456789");

        MangroveException e = assertThrows(MangroveException.class, () -> BsonValues.toBsonValue(tooPrecise));

        assertEquals(ErrorKind.BAD_REQUEST, e.kind());
        assertEquals("invalid-value", e.code());
    }

    @Test
    void rejectsJavaTypesOutsideTheValueModel() {
        assertThrows(IllegalArgumentException.class, () -> BsonValues.toBsonValue(new StringBuilder("x")));
        assertThrows(IllegalArgumentException.class, () -> BsonValues.toBsonValue(Map.of(1, "non-string key")));
    }

    @Test
    void rejectsATimestampOutsideUnsigned32Bits() {
        assertThrows(MangroveException.class, () -> BsonValues.toBsonValue(new TimestampValue(1L << 32, 0)));
        assertThrows(MangroveException.class, () -> BsonValues.toBsonValue(new TimestampValue(0, -1)));
    }
}
