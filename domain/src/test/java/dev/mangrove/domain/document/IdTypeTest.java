package dev.mangrove.domain.document;

import dev.mangrove.domain.error.ErrorKind;
import dev.mangrove.domain.error.MangroveException;
import dev.mangrove.domain.resource.Mount;
import dev.mangrove.domain.resource.MountTable;
import dev.mangrove.domain.resource.PathSegments;
import dev.mangrove.domain.resource.ResolvedResource;
import dev.mangrove.domain.resource.ResourceKind;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class IdTypeTest {
    private static final String HEX = "65a1b2c3d4e5f60718293a4b";

    private static void assertInvalidId(IdType type, String segment) {
        MangroveException e = assertThrows(MangroveException.class, () -> type.read(segment),
                () -> type + " should reject '" + segment + "'");
        assertEquals(ErrorKind.BAD_REQUEST, e.kind());
        assertEquals(ErrorKind.BAD_REQUEST, e.kind());
        assertEquals("invalid-document-id", e.code());
        assertTrue(e.detail().contains(type.name()), e.detail());
    }

    // --- parse ---------------------------------------------------------------------------------

    @Test
    void absentIdTypeIsStringOid() {
        assertEquals(IdType.STRING_OID, IdType.parse(null));
        assertEquals(IdType.STRING_OID, IdType.parse(""));
    }

    @ParameterizedTest
    @ValueSource(strings = {"STRING_OID", "string_oid", "OID", "oid", "STRING", "Number", "DATE", "minkey", "MAXKEY",
            "boolean", "null"})
    void parsesEveryIdTypeInAnyCase(String text) {
        assertEquals(IdType.valueOf(text.toUpperCase(java.util.Locale.ROOT)), IdType.parse(text));
    }

    @ParameterizedTest
    @ValueSource(strings = {"uuid", "int", "STRINGOID", " OID", "object_id"})
    void unknownIdTypeIsBadRequestListingAllowedValues(String text) {
        MangroveException e = assertThrows(MangroveException.class, () -> IdType.parse(text));
        assertEquals(ErrorKind.BAD_REQUEST, e.kind());
        assertEquals("invalid-id-type", e.code());
        assertTrue(e.detail().contains(text), e.detail());
        for (IdType type : IdType.values()) {
            assertTrue(e.detail().contains(type.name()), "detail should list " + type + ": " + e.detail());
        }
    }

    @Test
    void allowedListsEveryIdType() {
        assertEquals("STRING_OID, OID, STRING, NUMBER, DATE, MINKEY, MAXKEY, BOOLEAN, NULL", IdType.ALLOWED);
    }

    // --- STRING_OID, OID, STRING -----------------------------------------------------------------

    @Test
    void stringOidReadsTwentyFourHexAsObjectId() {
        assertEquals(new ObjectIdValue(HEX), IdType.STRING_OID.read(HEX));
        assertEquals(new ObjectIdValue(HEX), IdType.STRING_OID.read(HEX.toUpperCase(java.util.Locale.ROOT)));
    }

    @ParameterizedTest
    @ValueSource(strings = {"abc", "65a1b2c3d4e5f60718293a4", "65a1b2c3d4e5f60718293a4b0", "65a1b2c3d4e5f60718293a4g",
            "", "123", "null", "true"})
    void stringOidReadsAnythingElseAsString(String segment) {
        assertEquals(segment, IdType.STRING_OID.read(segment));
    }

    @Test
    void stringOidReadsNonAsciiDigitsAsString() {
        // 24 Arabic-Indic and full-width digits are not hexadecimal: MongoDB could not hold them as an ObjectId
        String arabic = "\u0660\u0661\u0662\u0663\u0664\u0665\u0666\u0667\u0668\u0669".repeat(2) + "\u0660\u0661\u0662\u0663";
        String fullWidth = "\uFF11".repeat(24);
        assertEquals(arabic, IdType.STRING_OID.read(arabic));
        assertEquals(fullWidth, IdType.STRING_OID.read(fullWidth));
        assertFalse(ObjectIdValue.isValid(fullWidth));
        assertInvalidId(IdType.OID, fullWidth);
    }

    @Test
    void oidReadsTwentyFourHex() {
        Object id = IdType.OID.read(HEX);
        assertEquals(new ObjectIdValue(HEX), id);
    }

    @ParameterizedTest
    @ValueSource(strings = {"abc", "", "65a1b2c3d4e5f60718293a4", "65a1b2c3d4e5f60718293a4bc", "zza1b2c3d4e5f60718293a4b",
            "65a1b2c3d4e5f607 8293a4b"})
    void oidRejectsAnythingElse(String segment) {
        assertInvalidId(IdType.OID, segment);
    }

    @ParameterizedTest
    @ValueSource(strings = {"abc", HEX, "", "42", "a b", "true"})
    void stringReadsEverySegmentAsIs(String segment) {
        assertEquals(segment, IdType.STRING.read(segment));
    }

    // --- NUMBER ----------------------------------------------------------------------------------

    @Test
    void numberReadsIntegersThatFitAsInt32() {
        assertEquals(42, IdType.NUMBER.read("42"));
        assertEquals(-7, IdType.NUMBER.read("-7"));
        assertEquals(5, IdType.NUMBER.read("+5"));
        assertEquals(7, IdType.NUMBER.read("007"));
        assertEquals(Integer.MAX_VALUE, IdType.NUMBER.read("2147483647"));
        assertEquals(Integer.MIN_VALUE, IdType.NUMBER.read("-2147483648"));
        assertInstanceOf(Integer.class, IdType.NUMBER.read("0"));
    }

    @Test
    void numberReadsLargerIntegersAsInt64() {
        assertEquals(2147483648L, IdType.NUMBER.read("2147483648"));
        assertEquals(-2147483649L, IdType.NUMBER.read("-2147483649"));
        assertEquals(Long.MAX_VALUE, IdType.NUMBER.read("9223372036854775807"));
        assertEquals(Long.MIN_VALUE, IdType.NUMBER.read("-9223372036854775808"));
    }

    @Test
    void numberReadsIntegersBeyondInt64ExactlyAsDecimal() {
        assertEquals(new BigDecimal("9223372036854775808"), IdType.NUMBER.read("9223372036854775808"));
        assertEquals(new BigDecimal("-123456789012345678901234567890"),
                IdType.NUMBER.read("-123456789012345678901234567890"));
    }

    @Test
    void numberReadsFractionsAsDouble() {
        assertEquals(1.5, IdType.NUMBER.read("1.5"));
        assertEquals(0.1, IdType.NUMBER.read("0.1"));
        assertEquals(-0.25, IdType.NUMBER.read("-.25"));
        assertEquals(100000.0, IdType.NUMBER.read("1e5"));
        assertEquals(1.0E-10, IdType.NUMBER.read("1.0E-10"));
        assertEquals(3.0, IdType.NUMBER.read("3."));
    }

    @Test
    void numberReadsFractionsADoubleCannotHoldAsDecimal() {
        assertEquals(new BigDecimal("0.123456789012345678901"), IdType.NUMBER.read("0.123456789012345678901"));
        assertEquals(new BigDecimal("1E+400"), IdType.NUMBER.read("1E+400"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "abc", "1e", "0x10", "1,5", "NaN", "Infinity", "-", "+", ".", "1.2.3", "12a", " 1",
            "1e99999999999", "1E-99999999999"})
    void numberRejectsWhatIsNotANumber(String segment) {
        assertInvalidId(IdType.NUMBER, segment);
    }

    // --- DATE ------------------------------------------------------------------------------------

    @Test
    void dateReadsEpochMillis() {
        assertEquals(Instant.ofEpochMilli(1_704_164_645_000L), IdType.DATE.read("1704164645000"));
        assertEquals(Instant.EPOCH, IdType.DATE.read("0"));
        assertEquals(Instant.ofEpochMilli(-86_400_000L), IdType.DATE.read("-86400000"));
    }

    @Test
    void dateReadsIsoDateTimes() {
        assertEquals(Instant.parse("2024-01-02T03:04:05Z"), IdType.DATE.read("2024-01-02T03:04:05Z"));
        assertEquals(Instant.parse("2024-01-02T03:04:05.123Z"), IdType.DATE.read("2024-01-02T03:04:05.123Z"));
        assertEquals(Instant.parse("2024-01-02T01:04:05Z"), IdType.DATE.read("2024-01-02T03:04:05+02:00"));
    }

    @Test
    void dateReadsDateOnlyAsMidnightUtc() {
        assertEquals(Instant.parse("2024-01-02T00:00:00Z"), IdType.DATE.read("2024-01-02"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "yesterday", "2024-13-01", "2024-01-32", "2024-01-02T25:00:00Z", "99999999999999999999",
            "1.5", "2024/01/02"})
    void dateRejectsWhatIsNotADate(String segment) {
        assertInvalidId(IdType.DATE, segment);
    }

    // --- MINKEY, MAXKEY, BOOLEAN, NULL -----------------------------------------------------------

    @Test
    void keyBoundsAndNullIgnoreTheSegment() {
        assertSame(KeyBound.MIN_KEY, IdType.MINKEY.read("anything"));
        assertSame(KeyBound.MAX_KEY, IdType.MAXKEY.read("maxkey"));
        assertNull(IdType.NULL.read("null"));
    }

    @Test
    void booleanReadsTrueAndFalse() {
        assertEquals(Boolean.TRUE, IdType.BOOLEAN.read("true"));
        assertEquals(Boolean.FALSE, IdType.BOOLEAN.read("false"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "yes", "1", "0", "t", "truee"})
    void booleanRejectsAnythingElse(String segment) {
        assertInvalidId(IdType.BOOLEAN, segment);
    }

    // --- segmentFor --------------------------------------------------------------------------------

    static Stream<Arguments> addressableIds() {
        return Stream.of(
                Arguments.of(new ObjectIdValue(HEX), IdType.STRING_OID),
                Arguments.of("plain", IdType.STRING_OID),
                Arguments.of("with space+plus/slash%", IdType.STRING_OID),
                Arguments.of("h\u00e9llo \u4e16\u754c \ud83c\udf31", IdType.STRING_OID),
                Arguments.of(HEX, IdType.STRING),
                Arguments.of("42", IdType.STRING_OID),
                Arguments.of(0, IdType.NUMBER),
                Arguments.of(42, IdType.NUMBER),
                Arguments.of(Integer.MIN_VALUE, IdType.NUMBER),
                Arguments.of(Integer.MAX_VALUE, IdType.NUMBER),
                Arguments.of(1L + Integer.MAX_VALUE, IdType.NUMBER),
                Arguments.of(Long.MAX_VALUE, IdType.NUMBER),
                Arguments.of(Long.MIN_VALUE, IdType.NUMBER),
                Arguments.of(1.5, IdType.NUMBER),
                Arguments.of(0.1, IdType.NUMBER),
                Arguments.of(-2.0, IdType.NUMBER),
                Arguments.of(1.0E7, IdType.NUMBER),
                Arguments.of(1.0E20, IdType.NUMBER),
                Arguments.of(1.2345678901234567E25, IdType.NUMBER),
                Arguments.of(Double.MAX_VALUE, IdType.NUMBER),
                Arguments.of(Double.MIN_VALUE, IdType.NUMBER),
                Arguments.of(0.30000000000000004, IdType.NUMBER),
                Arguments.of(new BigDecimal("0.123456789012345678901"), IdType.NUMBER),
                Arguments.of(new BigDecimal("1E+400"), IdType.NUMBER),
                Arguments.of(new BigDecimal("-98765432109876543210"), IdType.NUMBER),
                Arguments.of(Instant.parse("2024-01-02T03:04:05.678Z"), IdType.DATE),
                Arguments.of(Instant.parse("1960-06-01T00:00:00Z"), IdType.DATE),
                Arguments.of(true, IdType.BOOLEAN),
                Arguments.of(false, IdType.BOOLEAN),
                Arguments.of(null, IdType.NULL),
                Arguments.of(KeyBound.MIN_KEY, IdType.MINKEY),
                Arguments.of(KeyBound.MAX_KEY, IdType.MAXKEY));
    }

    @ParameterizedTest
    @MethodSource("addressableIds")
    void segmentForRoundTrips(Object id, IdType expectedType) {
        IdType.IdSegment segment = IdType.segmentFor(id).orElseThrow();
        assertEquals(expectedType, segment.idType());
        Object read = segment.idType().read(segment.segment());
        assertEquals(id, read, () -> "segment '" + segment.segment() + "' read back as " + read);
        if (id != null) {
            assertEquals(id.getClass(), read.getClass());
        }
    }

    @Test
    void segmentForRoundTripsRandomDoubles() {
        Random random = new Random(20240102);
        for (int i = 0; i < 5_000; i++) {
            double d = switch (i % 3) {
                case 0 -> Double.longBitsToDouble(random.nextLong());
                case 1 -> random.nextDouble() * Math.pow(10, random.nextInt(40) - 20);
                default -> (double) random.nextLong();
            };
            if (!Double.isFinite(d) || d == 0) {
                continue;
            }
            IdType.IdSegment segment = IdType.segmentFor(d).orElseThrow();
            assertEquals(d, segment.idType().read(segment.segment()), "segment " + segment.segment());
        }
    }

    @Test
    void segmentForRoundTripsRandomLongsAndInts() {
        Random random = new Random(7);
        for (int i = 0; i < 2_000; i++) {
            long l = random.nextLong();
            IdType.IdSegment segment = IdType.segmentFor(l).orElseThrow();
            assertEquals(l, segment.idType().read(segment.segment()));
            int n = random.nextInt();
            assertEquals(n, IdType.NUMBER.read(IdType.segmentFor(n).orElseThrow().segment()));
        }
    }

    @Test
    void segmentForAnInt64ThatFitsInt32ReadsBackAsTheSameNumberInt32() {
        IdType.IdSegment segment = IdType.segmentFor(5L).orElseThrow();
        assertEquals(new IdType.IdSegment("5", IdType.NUMBER), segment);
        assertEquals(5, IdType.NUMBER.read(segment.segment()));
    }

    @ParameterizedTest
    @ValueSource(strings = {"0.1", "1.5", "5", "-7", "123.456", "1.2E+5", "1E-400", "0.000001", "3.14159265358979323"})
    void segmentForADecimalReadsBackAsTheSameDecimalValue(String text) {
        BigDecimal id = new BigDecimal(text);
        IdType.IdSegment segment = IdType.segmentFor(id).orElseThrow();
        assertEquals(IdType.NUMBER, segment.idType());
        Object read = IdType.NUMBER.read(segment.segment());
        // a decimal must not come back as a double: MongoDB does not match NumberDecimal("0.1") with 0.1
        BigDecimal back = assertInstanceOf(BigDecimal.class, read, "segment " + segment.segment());
        assertEquals(0, id.compareTo(back), () -> id + " read back as " + back);
    }

    @Test
    void segmentForDecimalZeroReadsBackAsAnEqualZero() {
        IdType.IdSegment segment = IdType.segmentFor(BigDecimal.ZERO).orElseThrow();
        Object read = IdType.NUMBER.read(segment.segment());
        assertEquals(0, new BigDecimal(read.toString()).signum(), "zero compares equal across numeric types: " + read);
    }

    @Test
    void segmentForInstantIsEpochMillis() {
        assertEquals(Optional.of(new IdType.IdSegment("1704164645678", IdType.DATE)),
                IdType.segmentFor(Instant.parse("2024-01-02T03:04:05.678Z")));
    }

    @Test
    void segmentForObjectIdNeedsNoIdType() {
        assertEquals(Optional.of(new IdType.IdSegment(HEX, IdType.STRING_OID)), IdType.segmentFor(new ObjectIdValue(HEX)));
    }

    @Test
    void segmentForHexStringAsksForStringIdType() {
        assertEquals(Optional.of(new IdType.IdSegment(HEX, IdType.STRING)), IdType.segmentFor(HEX));
    }

    @ParameterizedTest
    @MethodSource("unaddressableIds")
    void unaddressableIdsGiveEmpty(Object id) {
        assertEquals(Optional.empty(), IdType.segmentFor(id));
    }

    static Stream<Object> unaddressableIds() {
        return Stream.of(
                Map.of("a", 1),
                List.of(1, 2),
                new BinaryValue((byte) 4, new byte[16]),
                new RegexValue("^a", "i"),
                new TimestampValue(1, 2),
                Undefined.UNDEFINED,
                new SymbolValue("s"),
                new JavaScriptValue("x", null),
                new NonFiniteDecimal("NaN"),
                Double.NaN,
                Double.POSITIVE_INFINITY,
                Double.NEGATIVE_INFINITY,
                // these ids name reserved resources (docs/api.md#resources): reachable only through a filter
                "",
                "*",
                "_meta",
                "_size",
                "_indexes",
                "_custom");
    }

    @Test
    void everyStringSegmentAddressesItsDocumentThroughTheMountTable() {
        MountTable table = MountTable.create(List.of(Mount.of("*", "/")));
        Random random = new Random(42);
        List<String> ids = new java.util.ArrayList<>(List.of("a", "a b", "a+b", "a%2Bb", "100%", "x/y", "?q=1#f",
                "\u00e9", "\ud83c\udf31", "..x", "-", "~", "a*", HEX, "null", "1"));
        String alphabet = "ab_*+-. %/?#&=\u00e9\u4e16\ud83c\udf31";
        for (int i = 0; i < 500; i++) {
            StringBuilder s = new StringBuilder();
            int length = 1 + random.nextInt(8);
            for (int j = 0; j < length; j++) {
                int cp = alphabet.codePointAt(alphabet.offsetByCodePoints(0, random.nextInt(alphabet.codePointCount(0,
                        alphabet.length()))));
                s.appendCodePoint(cp);
            }
            ids.add(s.toString());
        }
        for (String id : ids) {
            Optional<IdType.IdSegment> segment = IdType.segmentFor(id);
            if (segment.isEmpty()) {
                assertTrue(id.isEmpty() || id.equals("*") || id.startsWith("_"), "should be addressable: " + id);
                continue;
            }
            String path = "/shop/items/" + PathSegments.encode(segment.get().segment());
            ResolvedResource resolved = table.resolve(path).orElseThrow(() -> new AssertionError("no resource at " + path));
            assertEquals(ResourceKind.DOCUMENT, resolved.kind(), path);
            assertEquals(id, segment.get().idType().read(resolved.name()), path);
        }
    }

    @Test
    void theIntegerCheckAcceptsWhatItsRegularExpressionDid() {
        java.util.regex.Pattern integer = java.util.regex.Pattern.compile("[+-]?\\d+");
        java.util.List<String> samples = new java.util.ArrayList<>(java.util.List.of("", "+", "-", "0", "-0", "+7",
                "42", "4242", "-12345678901234567890", "1.5", "1e3", " 1", "1 ", "--1", "+-1", "1-", "\u0661", "\uff11",
                "0x1f", "abc", "12a", "a12"));
        java.util.Random random = new java.util.Random(18);
        String alphabet = "0123456789+-.eE x";
        for (int i = 0; i < 5_000; i++) {
            StringBuilder s = new StringBuilder();
            for (int n = random.nextInt(6); n > 0; n--) {
                s.append(alphabet.charAt(random.nextInt(alphabet.length())));
            }
            samples.add(s.toString());
        }
        for (String sample : samples) {
            org.junit.jupiter.api.Assertions.assertEquals(integer.matcher(sample).matches(), IdType.isInteger(sample),
                    "'" + sample + "'");
        }
    }
}
