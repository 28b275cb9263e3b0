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
import dev.mangrove.domain.document.SpecialValue;
import dev.mangrove.domain.document.SymbolValue;
import dev.mangrove.domain.document.TimestampValue;
import dev.mangrove.domain.document.Undefined;

import java.io.IOException;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Writes domain values as Extended JSON v2 to a Jackson generator; stateless. */
final class EjsonWriter {
    /** The last millisecond of year 9999: later (and pre-1970) dates are written as {@code $numberLong}. */
    private static final long LAST_ISO_MILLIS = 253_402_300_799_999L;
    private static final long MILLIS_PER_DAY = 86_400_000L;

    private EjsonWriter() {
    }

    static void write(JsonGenerator g, Object value, boolean canonical) throws IOException {
        switch (value) {
            case null -> g.writeNull();
            case String s -> g.writeString(s);
            case Boolean b -> g.writeBoolean(b);
            case Integer i -> {
                if (canonical) {
                    wrapped(g, "$numberInt", Integer.toString(i));
                } else {
                    g.writeNumber(i);
                }
            }
            case Long l -> {
                if (canonical) {
                    wrapped(g, "$numberLong", Long.toString(l));
                } else {
                    g.writeNumber(l);
                }
            }
            case Double d -> {
                if (canonical || !Double.isFinite(d)) {
                    wrapped(g, "$numberDouble", Double.toString(d));
                } else {
                    g.writeNumber(d);
                }
            }
            case BigDecimal d -> wrapped(g, "$numberDecimal", d.toString());
            case Instant t -> date(g, t, canonical);
            case Document d -> object(g, d.fields(), canonical);
            case Map<?, ?> m -> object(g, m, canonical);
            case List<?> l -> {
                g.writeStartArray();
                for (Object element : l) {
                    write(g, element, canonical);
                }
                g.writeEndArray();
            }
            case SpecialValue s -> special(g, s, canonical);
            default -> throw new IllegalArgumentException(
                    "No Extended JSON form for a value of type " + value.getClass().getName());
        }
    }

    private static void object(JsonGenerator g, Map<?, ?> map, boolean canonical) throws IOException {
        g.writeStartObject();
        for (Map.Entry<?, ?> field : map.entrySet()) {
            g.writeFieldName(String.valueOf(field.getKey()));
            write(g, field.getValue(), canonical);
        }
        g.writeEndObject();
    }

    private static void special(JsonGenerator g, SpecialValue value, boolean canonical) throws IOException {
        switch (value) {
            case ObjectIdValue id -> wrapped(g, "$oid", id.hex());
            case NonFiniteDecimal d -> wrapped(g, "$numberDecimal", d.text());
            case SymbolValue s -> wrapped(g, "$symbol", s.symbol());
            case BinaryValue b -> {
                g.writeStartObject();
                g.writeObjectFieldStart("$binary");
                g.writeStringField("base64", Base64.getEncoder().encodeToString(b.data()));
                g.writeStringField("subType", String.format(Locale.ROOT, "%02x", b.subtype() & 0xFF));
                g.writeEndObject();
                g.writeEndObject();
            }
            case RegexValue r -> {
                g.writeStartObject();
                g.writeObjectFieldStart("$regularExpression");
                g.writeStringField("pattern", r.pattern());
                g.writeStringField("options", r.options());
                g.writeEndObject();
                g.writeEndObject();
            }
            case TimestampValue t -> {
                g.writeStartObject();
                g.writeObjectFieldStart("$timestamp");
                g.writeNumberField("t", t.seconds());
                g.writeNumberField("i", t.increment());
                g.writeEndObject();
                g.writeEndObject();
            }
            case KeyBound k -> {
                g.writeStartObject();
                g.writeNumberField(k == KeyBound.MIN_KEY ? "$minKey" : "$maxKey", 1);
                g.writeEndObject();
            }
            case Undefined u -> {
                g.writeStartObject();
                g.writeBooleanField("$undefined", true);
                g.writeEndObject();
            }
            case JavaScriptValue js -> {
                g.writeStartObject();
                g.writeStringField("$code", js.code());
                if (js.scope() != null) {
                    g.writeFieldName("$scope");
                    object(g, js.scope(), canonical);
                }
                g.writeEndObject();
            }
            case DbPointerValue p -> {
                g.writeStartObject();
                g.writeObjectFieldStart("$dbPointer");
                g.writeStringField("$ref", p.namespace());
                g.writeFieldName("$id");
                wrapped(g, "$oid", p.id().hex());
                g.writeEndObject();
                g.writeEndObject();
            }
        }
    }

    private static void date(JsonGenerator g, Instant instant, boolean canonical) throws IOException {
        long millis = instant.toEpochMilli();
        g.writeStartObject();
        g.writeFieldName("$date");
        if (!canonical && millis >= 0 && millis <= LAST_ISO_MILLIS) {
            g.writeString(isoMillis(millis));
        } else {
            wrapped(g, "$numberLong", Long.toString(millis));
        }
        g.writeEndObject();
    }

    /** {@code yyyy-MM-ddTHH:mm:ss.SSSZ} for a non-negative instant before year 10000, without a formatter. */
    static String isoMillis(long millis) {
        LocalDate date = LocalDate.ofEpochDay(millis / MILLIS_PER_DAY);
        int ofDay = (int) (millis % MILLIS_PER_DAY);
        char[] text = new char[24];
        put(text, 0, date.getYear(), 4);
        text[4] = '-';
        put(text, 5, date.getMonthValue(), 2);
        text[7] = '-';
        put(text, 8, date.getDayOfMonth(), 2);
        text[10] = 'T';
        put(text, 11, ofDay / 3_600_000, 2);
        text[13] = ':';
        put(text, 14, ofDay / 60_000 % 60, 2);
        text[16] = ':';
        put(text, 17, ofDay / 1000 % 60, 2);
        text[19] = '.';
        put(text, 20, ofDay % 1000, 3);
        text[23] = 'Z';
        return new String(text);
    }

    private static void put(char[] text, int at, int value, int width) {
        int rest = value;
        for (int i = at + width - 1; i >= at; i--) {
            text[i] = (char) ('0' + rest % 10);
            rest /= 10;
        }
    }

    private static void wrapped(JsonGenerator g, String key, String text) throws IOException {
        g.writeStartObject();
        g.writeStringField(key, text);
        g.writeEndObject();
    }
}
