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
import dev.mangrove.domain.error.ErrorKind;
import dev.mangrove.domain.error.MangroveException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ExtendedJsonReadTest {
    private static final String OID = "57e193d7a9cc81b4027498b5";

    private final ExtendedJson json = ExtendedJson.create(100);

    // ---- shapes of the top level

    @Test
    void topLevelObjectIsADocumentAndNestedObjectsAreOrderedMaps() {
        Object value = parse("{\"b\": 1, \"a\": {\"y\": 1, \"x\": 2}}");
        Document doc = assertInstanceOf(Document.class, value);
        assertEquals(List.of("b", "a"), List.copyOf(doc.fields().keySet()));
        LinkedHashMap<?, ?> nested = assertInstanceOf(LinkedHashMap.class, doc.get("a"));
        assertEquals(List.of("y", "x"), List.copyOf(nested.keySet()));
    }

    @Test
    void topLevelArrayMakesDocumentsOfItsObjectElementsOnly() {
        List<?> list = assertInstanceOf(List.class,
                parse("[{\"a\": {\"b\": 1}}, 2, \"s\", {\"$oid\": \"" + OID + "\"}, [{}], null]"));
        Document first = assertInstanceOf(Document.class, list.get(0));
        assertInstanceOf(LinkedHashMap.class, first.get("a"));
        assertEquals(2, list.get(1));
        assertEquals("s", list.get(2));
        assertEquals(new ObjectIdValue(OID), list.get(3));
        assertInstanceOf(LinkedHashMap.class, ((List<?>) list.get(4)).get(0));
        assertNull(list.get(5));
    }

    @Test
    void topLevelScalarsAreAllowed() {
        assertEquals("x", parse("\"x\""));
        assertEquals(7, parse(" 7 "));
        assertEquals(true, parse("true"));
        assertNull(parse("null"));
    }

    @Test
    void theTopLevelObjectIsNeverATypeWrapper() {
        Document doc = (Document) parse("{\"$oid\": \"" + OID + "\"}");
        assertEquals(OID, doc.get("$oid"));
    }

    @Test
    void parseDocumentReturnsTheObject() {
        Document doc = json.parseDocument(body("{\"_id\": {\"$oid\": \"" + OID + "\"}}"));
        assertEquals(new ObjectIdValue(OID), doc.get("_id"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"[]", "[{}]", "1", "\"s\"", "null"})
    void parseDocumentRejectsAnythingButAnObject(String text) {
        MangroveException e = assertThrows(MangroveException.class, () -> json.parseDocument(body(text)));
        assertEquals("invalid-body", e.code());
        assertTrue(e.detail().contains("expected a JSON object"), e.detail());
    }

    // ---- plain JSON numbers

    @Test
    void integersTakeTheSmallestTypeThatHoldsThemAndOthersAreDoubles() {
        Document doc = (Document) parse("{\"i\": 2147483647, \"j\": -2147483648, \"l\": 2147483648, "
                + "\"m\": -9223372036854775808, \"big\": 9223372036854775808, \"f\": 1.0, \"e\": 1e2, \"z\": -0, "
                + "\"nz\": -0.0}");
        assertEquals(Integer.MAX_VALUE, doc.get("i"));
        assertEquals(Integer.MIN_VALUE, doc.get("j"));
        assertEquals(2147483648L, doc.get("l"));
        assertEquals(Long.MIN_VALUE, doc.get("m"));
        assertEquals(9.223372036854775808e18, doc.get("big"));
        assertEquals(1.0, doc.get("f"));
        assertEquals(100.0, doc.get("e"));
        assertEquals(0, doc.get("z"));
        assertEquals(-0.0, doc.get("nz"));
    }

    // ---- type wrappers

    @Test
    void readsCanonicalNumberWrappers() {
        Document doc = (Document) parse("{\"i\": {\"$numberInt\": \"-42\"}, \"l\": {\"$numberLong\": \"42\"}, "
                + "\"d\": {\"$numberDouble\": \"1.0\"}, \"inf\": {\"$numberDouble\": \"Infinity\"}, "
                + "\"ninf\": {\"$numberDouble\": \"-Infinity\"}, \"nan\": {\"$numberDouble\": \"NaN\"}, "
                + "\"e\": {\"$numberDouble\": \"1.2345678921232E+18\"}, \"dec\": {\"$numberDecimal\": \"1.50\"}, "
                + "\"decnan\": {\"$numberDecimal\": \"NaN\"}, \"decinf\": {\"$numberDecimal\": \"-Infinity\"}, "
                + "\"decnegzero\": {\"$numberDecimal\": \"-0.00\"}}");
        assertEquals(-42, doc.get("i"));
        assertEquals(42L, doc.get("l"));
        assertEquals(1.0, doc.get("d"));
        assertEquals(Double.POSITIVE_INFINITY, doc.get("inf"));
        assertEquals(Double.NEGATIVE_INFINITY, doc.get("ninf"));
        assertEquals(Double.NaN, doc.get("nan"));
        assertEquals(1.2345678921232E18, doc.get("e"));
        assertEquals(new BigDecimal("1.50"), doc.get("dec"));
        assertEquals(new NonFiniteDecimal("NaN"), doc.get("decnan"));
        assertEquals(new NonFiniteDecimal("-Infinity"), doc.get("decinf"));
        assertEquals(new NonFiniteDecimal("-0"), doc.get("decnegzero"));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "\"2024-01-02T03:04:05Z\"|1704164645000",
            "\"2024-01-02T03:04:05.123Z\"|1704164645123",
            "\"2024-01-02T04:04:05.123+01:00\"|1704164645123",
            "\"2024-01-02T04:04:05+0100\"|1704164645000",
            "\"2024-01-01T22:04:05-05\"|1704164645000",
            "1704164645000|1704164645000",
            "-1|-1",
            "{\"$numberLong\": \"-62135596800000\"}|-62135596800000"})
    void readsEveryDateForm(String date, long millis) {
        Document doc = (Document) parse("{\"d\": {\"$date\": " + date + "}}");
        assertEquals(Instant.ofEpochMilli(millis), doc.get("d"));
    }

    @Test
    void readsBinaryInEveryFormAndKeyOrder() {
        Document doc = (Document) parse("{"
                + "\"v2\": {\"$binary\": {\"base64\": \"AQID\", \"subType\": \"80\"}},"
                + "\"v2r\": {\"$binary\": {\"subType\": \"0\", \"base64\": \"AQID\"}},"
                + "\"legacy\": {\"$binary\": \"AQID\", \"$type\": \"05\"},"
                + "\"legacyr\": {\"$type\": \"5\", \"$binary\": \"AQID\"},"
                + "\"uuid\": {\"$uuid\": \"c8edabc3-f738-4ca3-b68d-ab92a91478a3\"},"
                + "\"uuidnohyphen\": {\"$uuid\": \"C8EDABC3F7384CA3B68DAB92A91478A3\"}}");
        assertEquals(new BinaryValue((byte) 0x80, new byte[] {1, 2, 3}), doc.get("v2"));
        assertEquals(new BinaryValue((byte) 0, new byte[] {1, 2, 3}), doc.get("v2r"));
        assertEquals(new BinaryValue((byte) 5, new byte[] {1, 2, 3}), doc.get("legacy"));
        assertEquals(new BinaryValue((byte) 5, new byte[] {1, 2, 3}), doc.get("legacyr"));
        BinaryValue uuid = (BinaryValue) doc.get("uuid");
        assertEquals(4, uuid.subtype());
        assertArrayEquals(new byte[] {(byte) 0xc8, (byte) 0xed, (byte) 0xab, (byte) 0xc3, (byte) 0xf7, 0x38, 0x4c,
                (byte) 0xa3, (byte) 0xb6, (byte) 0x8d, (byte) 0xab, (byte) 0x92, (byte) 0xa9, 0x14, 0x78, (byte) 0xa3},
                uuid.data());
        assertEquals(uuid, doc.get("uuidnohyphen"));
    }

    @Test
    void readsTheOtherWrappersInAnyKeyOrder() {
        Document doc = (Document) parse("{"
                + "\"oid\": {\"$oid\": \"57E193D7A9CC81B4027498B5\"},"
                + "\"re\": {\"$regularExpression\": {\"options\": \"xi\", \"pattern\": \"^a\"}},"
                + "\"ts\": {\"$timestamp\": {\"i\": 2, \"t\": 1}},"
                + "\"min\": {\"$minKey\": 1}, \"max\": {\"$maxKey\": 1}, \"u\": {\"$undefined\": true},"
                + "\"sym\": {\"$symbol\": \"s\"}, \"code\": {\"$code\": \"f()\"},"
                + "\"cws\": {\"$scope\": {\"x\": {\"$numberLong\": \"1\"}}, \"$code\": \"g()\"},"
                + "\"ptr\": {\"$dbPointer\": {\"$id\": {\"$oid\": \"" + OID + "\"}, \"$ref\": \"db.c\"}}}");
        assertEquals(new ObjectIdValue(OID), doc.get("oid"));
        assertEquals(new RegexValue("^a", "ix"), doc.get("re"));
        assertEquals(new TimestampValue(1, 2), doc.get("ts"));
        assertEquals(KeyBound.MIN_KEY, doc.get("min"));
        assertEquals(KeyBound.MAX_KEY, doc.get("max"));
        assertEquals(Undefined.UNDEFINED, doc.get("u"));
        assertEquals(new SymbolValue("s"), doc.get("sym"));
        assertEquals(new JavaScriptValue("f()", null), doc.get("code"));
        assertEquals(new JavaScriptValue("g()", Map.of("x", 1L)), doc.get("cws"));
        assertEquals(new DbPointerValue("db.c", new ObjectIdValue(OID)), doc.get("ptr"));
    }

    @Test
    void queryAndUpdateOperatorsStayPlainKeys() {
        Document doc = (Document) parse("{\"$set\": {\"a\": 1}, \"age\": {\"$gt\": {\"$numberLong\": \"5\"}}, "
                + "\"name\": {\"$regex\": \"^J\", \"$options\": \"i\"}, \"zip\": {\"$type\": \"string\"}, "
                + "\"n\": {\"$type\": 2}, \"ref\": {\"$ref\": \"c\", \"$id\": 1}, \"s\": {\"$scope\": 1}}");
        assertEquals(Map.of("a", 1), doc.get("$set"));
        assertEquals(Map.of("$gt", 5L), doc.get("age"));
        assertEquals(Map.of("$regex", "^J", "$options", "i"), doc.get("name"));
        assertEquals(Map.of("$type", "string"), doc.get("zip"));
        assertEquals(Map.of("$type", 2), doc.get("n"));
        assertEquals(Map.of("$ref", "c", "$id", 1), doc.get("ref"));
        assertEquals(Map.of("$scope", 1), doc.get("s"));
    }

    // ---- malformed input

    @ParameterizedTest
    @ValueSource(strings = {"", "   ", " \n\t "})
    void anEmptyBodyIsItsOwnError(String text) {
        assertEquals("empty-body", fail(text).code());
    }

    @Test
    void malformedJsonGivesLineColumnAndAShortReason() {
        MangroveException e = fail("{\n  \"a\": 1,\n  \"b\" 2\n}");
        assertEquals("invalid-json", e.code());
        assertEquals(ErrorKind.BAD_REQUEST, e.kind());
        assertTrue(e.detail().startsWith("Request body is not valid JSON at line 3, column "), e.detail());
        assertTrue(e.detail().contains("was expecting a colon"), e.detail());
    }

    @ParameterizedTest
    @ValueSource(strings = {"{} x", "{}{}", "1 2", "[] ]", "{\"a\": 1}}", "\"a\" \"b\""})
    void contentAfterTheValueIsInvalidJson(String text) {
        MangroveException e = fail(text);
        assertEquals("invalid-json", e.code(), e.detail());
    }

    @ParameterizedTest
    @ValueSource(strings = {"{", "{\"a\"", "{\"a\":", "[1,", "{\"a\": tru}", "{'a': 1}", "{a: 1}", "[1,]",
            "{\"a\": NaN}", "{\"a\": 01}", "{\"a\": \"\u0001\"}", "{\"a\": 1,}", "nul", "{\"a\" : \"x}"})
    void syntaxErrorsAreInvalidJson(String text) {
        assertEquals("invalid-json", fail(text).code());
    }

    @Test
    void duplicateKeysAreRejected() {
        MangroveException e = fail("{\"a\": 1, \"b\": {\"c\": 1, \"c\": 2}}");
        assertEquals("invalid-json", e.code());
        assertTrue(e.detail().contains("Duplicate field 'c'"), e.detail());
    }

    @Test
    void invalidUtf8IsInvalidJson() {
        byte[] bytes = {'{', '"', 'a', '"', ':', '"', (byte) 0xC3, (byte) 0x28, '"', '}'};
        MangroveException e = assertThrows(MangroveException.class,
                () -> json.parse(new ByteArrayInputStream(bytes)));
        assertEquals("invalid-json", e.code());
    }

    @Test
    void aFailingStreamIsAnUnreadableBody() {
        InputStream broken = new InputStream() {
            @Override
            public int read() throws IOException {
                throw new IOException("connection reset");
            }

            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                throw new IOException("connection reset");
            }
        };
        MangroveException e = assertThrows(MangroveException.class, () -> json.parse(broken));
        assertEquals("unreadable-body", e.code());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "{\"$oid\": \"xyz\"}|$oid",
            "{\"$oid\": 12}|$oid",
            "{\"$oid\": \"" + OID + "\", \"x\": 1}|$oid",
            "{\"x\": 1, \"$oid\": \"" + OID + "\"}|$oid",
            "{\"$numberInt\": \"1.5\"}|$numberInt",
            "{\"$numberInt\": 1}|$numberInt",
            "{\"$numberInt\": \"2147483648\"}|$numberInt",
            "{\"$numberInt\": \" 1\"}|$numberInt",
            "{\"$numberLong\": \"9223372036854775808\"}|$numberLong",
            "{\"$numberLong\": \"1e3\"}|$numberLong",
            "{\"$numberDouble\": \"abc\"}|$numberDouble",
            "{\"$numberDouble\": \"0x10\"}|$numberDouble",
            "{\"$numberDouble\": \"1e400\"}|$numberDouble",
            "{\"$numberDouble\": 1.5}|$numberDouble",
            "{\"$numberDecimal\": \"1.2.3\"}|$numberDecimal",
            "{\"$numberDecimal\": \"12345678901234567890123456789012345\"}|$numberDecimal",
            "{\"$numberDecimal\": \"1E+9999\"}|$numberDecimal",
            "{\"$date\": \"not a date\"}|$date",
            "{\"$date\": \"2024-01-02T03:04:05\"}|$date",
            "{\"$date\": \"2024-02-30T00:00:00Z\"}|$date",
            "{\"$date\": true}|$date",
            "{\"$date\": 1.5}|$date",
            "{\"$date\": 99999999999999999999}|$date",
            "{\"$date\": {\"$numberLong\": \"x\"}}|$date",
            "{\"$date\": {\"$numberLong\": \"1\", \"x\": 1}}|$numberLong",
            "{\"$date\": {}}|$date",
            "{\"$date\": \"2024-01-02T03:04:05Z\", \"tz\": 1}|$date",
            "{\"$binary\": {\"base64\": \"!!!\", \"subType\": \"00\"}}|base64",
            "{\"$binary\": {\"base64\": \"AQ==\", \"subType\": \"xyz\"}}|subType",
            "{\"$binary\": {\"base64\": \"AQ==\"}}|subType",
            "{\"$binary\": {\"base64\": \"AQ==\", \"subType\": \"00\", \"x\": 1}}|$binary",
            "{\"$binary\": \"AQ==\"}|$type",
            "{\"$binary\": 1}|$binary",
            "{\"$type\": 0, \"$binary\": \"AQ==\"}|$binary",
            "{\"$uuid\": \"nope\"}|$uuid",
            "{\"$regularExpression\": {\"pattern\": \"a\"}}|$regularExpression",
            "{\"$regularExpression\": \"a\"}|$regularExpression",
            "{\"$timestamp\": {\"t\": -1, \"i\": 0}}|$timestamp.t",
            "{\"$timestamp\": {\"t\": 1.5, \"i\": 0}}|$timestamp.t",
            "{\"$timestamp\": {\"t\": 1, \"i\": 4294967296}}|$timestamp.i",
            "{\"$timestamp\": {\"t\": 1}}|$timestamp",
            "{\"$minKey\": 2}|$minKey",
            "{\"$maxKey\": \"1\"}|$maxKey",
            "{\"$undefined\": false}|$undefined",
            "{\"$symbol\": 1}|$symbol",
            "{\"$code\": 1}|$code",
            "{\"$code\": \"f\", \"$scope\": 1}|$scope",
            "{\"$code\": \"f\", \"$scope\": {\"$oid\": \"" + OID + "\"}}|$scope",
            "{\"$code\": \"f\", \"other\": 1}|$code",
            "{\"$code\": \"f\", \"$scope\": {}, \"x\": 1}|$code",
            "{\"$scope\": 1, \"$code\": \"f\"}|$scope",
            "{\"$dbPointer\": {\"$ref\": \"a.b\", \"$id\": \"" + OID + "\"}}|$dbPointer.$id",
            "{\"$dbPointer\": {\"$ref\": \"a.b\"}}|$dbPointer"})
    void malformedTypeWrappersAreInvalidExtendedJsonNamingKeyAndPointer(String wrapper, String key) {
        MangroveException e = fail("{\"a\": [0, {\"b\": " + wrapper + "}]}");
        assertEquals("invalid-extended-json", e.code(), e.detail());
        assertEquals(ErrorKind.BAD_REQUEST, e.kind());
        assertTrue(e.detail().startsWith("Request body has invalid Extended JSON at /a/1/b (line 1, column "),
                e.detail());
        assertTrue(e.detail().contains(key), e.detail());
    }

    @Test
    void pointersEscapeSlashAndTilde() {
        MangroveException e = fail("{\"a/b\": {\"c~d\": {\"$oid\": \"x\"}}}");
        assertTrue(e.detail().contains(" at /a~1b/c~0d "), e.detail());
    }

    @Test
    void depthUpToTheMaximumIsAccepted() {
        assertInstanceOf(Document.class, parse(nestedObjects(100)));
        assertInstanceOf(List.class, parse("[".repeat(100) + "]".repeat(100)));
    }

    @Test
    void typeWrappersDoNotCountAsALevel() {
        String leaf = "{\"$date\": {\"$numberLong\": \"1\"}}";
        String text = "{\"a\":".repeat(99) + "{\"leaf\": " + leaf + "}" + "}".repeat(99);
        assertInstanceOf(Document.class, parse(text));
    }

    @Test
    void nestingBeyondTheMaximumIsRejected() {
        MangroveException e = fail(nestedObjects(101));
        assertEquals("nesting-too-deep", e.code());
        assertEquals("nesting-too-deep", fail("[".repeat(101) + "]".repeat(101)).code());
        assertEquals("nesting-too-deep", fail("{\"a\": {\"$code\": \"f\", \"$scope\": " + nestedObjects(100) + "}}")
                .code());
    }

    @Test
    void aHundredThousandOpenBracketsFailWithoutStackOverflow() {
        MangroveException e = fail("[".repeat(100_000));
        assertEquals("nesting-too-deep", e.code());
        assertTrue(e.detail().contains("deeper than 100 levels"), e.detail());
        MangroveException objects = fail("{\"a\":".repeat(100_000));
        assertEquals("nesting-too-deep", objects.code());
    }

    @ParameterizedTest
    @ValueSource(strings = {"[", "{\"a\":"})
    @Timeout(value = 60, unit = TimeUnit.SECONDS) // guards against a hang only
    void endlessNestingFailsAtTheMaximumDepthWithoutReadingOn(String opening) {
        Endless body = new Endless(opening.getBytes(StandardCharsets.UTF_8));
        MangroveException e = assertThrows(MangroveException.class, () -> json.parse(body));
        assertEquals("nesting-too-deep", e.code());
        // fail-fast: stops within the first buffers, not after the whole (here: endless) body
        assertTrue(body.read < 100_000, "read " + body.read + " bytes");
    }

    /** A body that repeats one pattern forever, counting the bytes read. */
    private static final class Endless extends InputStream {
        private final byte[] pattern;
        long read;

        Endless(byte[] pattern) {
            this.pattern = pattern;
        }

        @Override
        public int read() {
            return pattern[(int) (read++ % pattern.length)];
        }

        @Override
        public int read(byte[] buffer, int offset, int length) {
            for (int i = 0; i < length; i++) {
                buffer[offset + i] = (byte) read();
            }
            return length;
        }
    }

    @Test
    void theMaximumDepthIsConfigurable() {
        ExtendedJson shallow = ExtendedJson.create(2);
        assertInstanceOf(Document.class, shallow.parse(body("{\"a\": [1]}")));
        MangroveException e = assertThrows(MangroveException.class, () -> shallow.parse(body("{\"a\": [[1]]}")));
        assertEquals("nesting-too-deep", e.code());
        assertEquals(100, ExtendedJson.create().maxDepth());
    }

    private static String nestedObjects(int depth) {
        return "{\"a\":".repeat(depth - 1) + "{}" + "}".repeat(depth - 1);
    }

    private Object parse(String text) {
        return json.parse(body(text));
    }

    private MangroveException fail(String text) {
        MangroveException e = assertThrows(MangroveException.class, () -> parse(text));
        assertEquals(ErrorKind.BAD_REQUEST, e.kind());
        return e;
    }

    private static InputStream body(String text) {
        return new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8));
    }
}
