package dev.mangrove.adapter.mongo;

import dev.mangrove.domain.document.BinaryValue;
import dev.mangrove.domain.document.DbPointerValue;
import dev.mangrove.domain.document.JavaScriptValue;
import dev.mangrove.domain.document.KeyBound;
import dev.mangrove.domain.document.NonFiniteDecimal;
import dev.mangrove.domain.document.ObjectIdValue;
import dev.mangrove.domain.document.RegexValue;
import dev.mangrove.domain.document.SymbolValue;
import dev.mangrove.domain.document.TimestampValue;
import dev.mangrove.domain.document.Undefined;
import dev.mangrove.domain.error.MangroveException;
import org.bson.BsonBinary;
import org.bson.BsonDbPointer;
import org.bson.BsonDocument;
import org.bson.BsonDocumentReader;
import org.bson.BsonDocumentWriter;
import org.bson.BsonReader;
import org.bson.BsonRegularExpression;
import org.bson.BsonTimestamp;
import org.bson.BsonType;
import org.bson.BsonValue;
import org.bson.BsonWriter;
import org.bson.types.Decimal128;
import org.bson.types.ObjectId;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads BSON straight into domain values and writes domain values straight to BSON (the value model
 * of {@link dev.mangrove.domain.document.Document}), with no intermediate {@code org.bson.Document}.
 */
final class BsonValues {
    private static final String WRAPPER = "v";
    private static final long UNSIGNED_INT_LIMIT = 1L << 32;

    private BsonValues() {
    }

    /** Reads the document the reader is positioned at into an ordered map of domain values. */
    static Map<String, Object> readDocument(BsonReader reader) {
        reader.readStartDocument();
        Map<String, Object> fields = new LinkedHashMap<>();
        while (reader.readBsonType() != BsonType.END_OF_DOCUMENT) {
            String name = reader.readName();
            fields.put(name, readValue(reader));
        }
        reader.readEndDocument();
        return fields;
    }

    /** Reads the value whose type the reader has just read. */
    static Object readValue(BsonReader reader) {
        BsonType type = reader.getCurrentBsonType();
        return switch (type) {
            case DOUBLE -> Double.valueOf(reader.readDouble());
            case STRING -> reader.readString();
            case DOCUMENT -> readDocument(reader);
            case ARRAY -> readArray(reader);
            case BINARY -> {
                BsonBinary binary = reader.readBinaryData();
                yield new BinaryValue(binary.getType(), binary.getData());
            }
            case UNDEFINED -> {
                reader.readUndefined();
                yield Undefined.UNDEFINED;
            }
            case OBJECT_ID -> new ObjectIdValue(reader.readObjectId().toHexString());
            case BOOLEAN -> Boolean.valueOf(reader.readBoolean());
            case DATE_TIME -> Instant.ofEpochMilli(reader.readDateTime());
            case NULL -> {
                reader.readNull();
                yield null;
            }
            case REGULAR_EXPRESSION -> {
                BsonRegularExpression regex = reader.readRegularExpression();
                yield new RegexValue(regex.getPattern(), regex.getOptions());
            }
            case DB_POINTER -> {
                BsonDbPointer pointer = reader.readDBPointer();
                yield new DbPointerValue(pointer.getNamespace(), new ObjectIdValue(pointer.getId().toHexString()));
            }
            case JAVASCRIPT -> new JavaScriptValue(reader.readJavaScript(), null);
            case SYMBOL -> new SymbolValue(reader.readSymbol());
            case JAVASCRIPT_WITH_SCOPE -> {
                String code = reader.readJavaScriptWithScope();
                yield new JavaScriptValue(code, readDocument(reader));
            }
            case INT32 -> Integer.valueOf(reader.readInt32());
            case TIMESTAMP -> {
                BsonTimestamp timestamp = reader.readTimestamp();
                yield new TimestampValue(Integer.toUnsignedLong(timestamp.getTime()),
                        Integer.toUnsignedLong(timestamp.getInc()));
            }
            case INT64 -> Long.valueOf(reader.readInt64());
            case DECIMAL128 -> readDecimal(reader.readDecimal128());
            case MIN_KEY -> {
                reader.readMinKey();
                yield KeyBound.MIN_KEY;
            }
            case MAX_KEY -> {
                reader.readMaxKey();
                yield KeyBound.MAX_KEY;
            }
            case END_OF_DOCUMENT -> throw new IllegalStateException("no value to read at the end of a document");
        };
    }

    private static List<Object> readArray(BsonReader reader) {
        reader.readStartArray();
        List<Object> values = new ArrayList<>();
        while (reader.readBsonType() != BsonType.END_OF_DOCUMENT) {
            values.add(readValue(reader));
        }
        reader.readEndArray();
        return values;
    }

    private static Object readDecimal(Decimal128 decimal) {
        if (!decimal.isFinite()) {
            return new NonFiniteDecimal(decimal.toString());
        }
        try {
            return decimal.bigDecimalValue();
        } catch (ArithmeticException negativeZero) {
            return new NonFiniteDecimal(decimal.toString());
        }
    }

    /** Writes a map of domain values as a BSON document. */
    static void writeDocument(BsonWriter writer, Map<?, ?> fields) {
        writer.writeStartDocument();
        for (Map.Entry<?, ?> field : fields.entrySet()) {
            if (!(field.getKey() instanceof String name)) {
                throw new IllegalArgumentException("document field names must be strings, not " + field.getKey());
            }
            writer.writeName(name);
            writeValue(writer, field.getValue());
        }
        writer.writeEndDocument();
    }

    /** Writes one domain value. */
    static void writeValue(BsonWriter writer, Object value) {
        switch (value) {
            case null -> writer.writeNull();
            case String s -> writer.writeString(s);
            case Boolean b -> writer.writeBoolean(b);
            case Integer i -> writer.writeInt32(i);
            case Long l -> writer.writeInt64(l);
            case Double d -> writer.writeDouble(d);
            case BigDecimal d -> writer.writeDecimal128(toDecimal128(d));
            case Instant t -> writer.writeDateTime(t.toEpochMilli());
            case Map<?, ?> map -> writeDocument(writer, map);
            case List<?> list -> {
                writer.writeStartArray();
                for (Object element : list) {
                    writeValue(writer, element);
                }
                writer.writeEndArray();
            }
            case ObjectIdValue id -> writer.writeObjectId(new ObjectId(id.hex()));
            case BinaryValue binary -> writer.writeBinaryData(new BsonBinary(binary.subtype(), binary.data()));
            case RegexValue regex -> writer.writeRegularExpression(
                    new BsonRegularExpression(regex.pattern(), regex.options()));
            case TimestampValue ts -> writer.writeTimestamp(toTimestamp(ts));
            case KeyBound bound -> {
                if (bound == KeyBound.MIN_KEY) {
                    writer.writeMinKey();
                } else {
                    writer.writeMaxKey();
                }
            }
            case JavaScriptValue js -> {
                if (js.scope() == null) {
                    writer.writeJavaScript(js.code());
                } else {
                    writer.writeJavaScriptWithScope(js.code());
                    writeDocument(writer, js.scope());
                }
            }
            case SymbolValue symbol -> writer.writeSymbol(symbol.symbol());
            case Undefined undefined -> writer.writeUndefined();
            case DbPointerValue pointer -> writer.writeDBPointer(
                    new BsonDbPointer(pointer.namespace(), new ObjectId(pointer.id().hex())));
            case NonFiniteDecimal decimal -> writer.writeDecimal128(parseDecimal(decimal.text()));
            default -> throw new IllegalArgumentException(
                    "not a document value: " + value.getClass().getName());
        }
    }

    /** A BSON document holding the given domain map. */
    static BsonDocument toBsonDocument(Map<String, ?> fields) {
        BsonDocument document = new BsonDocument();
        try (BsonDocumentWriter writer = new BsonDocumentWriter(document)) {
            writeDocument(writer, fields);
        }
        return document;
    }

    /** The BSON value of one domain value. */
    static BsonValue toBsonValue(Object value) {
        Map<String, Object> wrapper = new LinkedHashMap<>();
        wrapper.put(WRAPPER, value);
        return toBsonDocument(wrapper).get(WRAPPER);
    }

    /** The domain map of a BSON document. */
    static Map<String, Object> fromBsonDocument(BsonDocument document) {
        try (BsonDocumentReader reader = new BsonDocumentReader(document)) {
            return readDocument(reader);
        }
    }

    /** The domain value of one BSON value. */
    static Object fromBsonValue(BsonValue value) {
        return fromBsonDocument(new BsonDocument(WRAPPER, value)).get(WRAPPER);
    }

    private static Decimal128 toDecimal128(BigDecimal value) {
        try {
            return new Decimal128(value);
        } catch (NumberFormatException | ArithmeticException e) {
            String text = value.toString();
            String shown = text.length() > 40 ? text.substring(0, 40) + "..." : text;
            throw MangroveException.badRequest("invalid-value", "The number " + shown
                    + " cannot be stored exactly as a decimal128 (at most 34 significant digits)");
        }
    }

    private static Decimal128 parseDecimal(String text) {
        try {
            return Decimal128.parse(text);
        } catch (NumberFormatException e) {
            throw MangroveException.badRequest("invalid-value", "'" + text + "' is not a decimal128 value");
        }
    }

    private static BsonTimestamp toTimestamp(TimestampValue ts) {
        if (ts.seconds() < 0 || ts.seconds() >= UNSIGNED_INT_LIMIT
                || ts.increment() < 0 || ts.increment() >= UNSIGNED_INT_LIMIT) {
            throw MangroveException.badRequest("invalid-value",
                    "A timestamp's seconds and increment must be unsigned 32-bit integers");
        }
        return new BsonTimestamp((ts.seconds() << 32) | ts.increment());
    }
}
