package dev.mangrove.domain.document;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A strong entity tag: the SHA-256 (base64url) of a document's canonical, type-tagged content, computed
 * by Mangrove and never stored in the document.
 *
 * @param value the opaque tag, without quotes
 */
public record ETag(String value) {
    private static final MessageDigest SHA_256 = newSha256();

    public ETag {
        Objects.requireNonNull(value, "value");
    }

    /** The tag of a document; {@code _id} counts first wherever the backend keeps it. */
    public static ETag of(Document document) {
        Objects.requireNonNull(document, "document");
        Canonical out = new Canonical();
        out.ascii('{');
        if (document.hasId()) {
            field(out, Document.ID, document.get(Document.ID));
        }
        document.fields().forEach((name, value) -> {
            if (!Document.ID.equals(name)) {
                field(out, name, value);
            }
        });
        out.ascii('}');
        MessageDigest digest = sha256();
        digest.update(out.bytes, 0, out.length);
        return new ETag(Base64.getUrlEncoder().withoutPadding().encodeToString(digest.digest()));
    }

    /** A fresh SHA-256: a copy of one looked up once (the provider look-up cost half of a tag, per response). */
    private static MessageDigest sha256() {
        try {
            return (MessageDigest) SHA_256.clone();
        } catch (CloneNotSupportedException e) {
            return newSha256();
        }
    }

    private static MessageDigest newSha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }

    /** The header form: the tag in double quotes. */
    public String quoted() {
        return '"' + value + '"';
    }

    /** Whether a header value ({@code *}, or a list of quoted tags, weak ones included) names this tag. */
    public boolean matchesHeader(String header) {
        for (String part : header.split(",")) {
            String tag = part.trim();
            if (tag.equals("*")) {
                return true;
            }
            if (tag.startsWith("W/")) {
                tag = tag.substring(2);
            }
            if (tag.length() >= 2 && tag.startsWith("\"") && tag.endsWith("\"")) {
                tag = tag.substring(1, tag.length() - 1);
            }
            if (tag.equals(value)) {
                return true;
            }
        }
        return false;
    }

    private static void field(Canonical out, String name, Object value) {
        text(out, name);
        value(out, value);
    }

    private static void value(Canonical out, Object value) {
        switch (value) {
            case null -> out.ascii('N');
            case Map<?, ?> map -> {
                out.ascii('{');
                map.forEach((k, v) -> field(out, String.valueOf(k), v));
                out.ascii('}');
            }
            case Document document -> value(out, document.fields());
            case List<?> list -> {
                out.ascii('[');
                list.forEach(v -> value(out, v));
                out.ascii(']');
            }
            case String s -> {
                out.ascii('s');
                text(out, s);
            }
            case Boolean b -> out.ascii(b ? 'T' : 'F');
            case Integer i -> number(out, 'i', i);
            case Long l -> number(out, 'l', l);
            case Double d -> number(out, 'd', Double.doubleToLongBits(d));
            case BigDecimal d -> {
                out.ascii('m');
                out.string(d.toString());
                out.ascii(';');
            }
            case Instant t -> number(out, 't', t.toEpochMilli());
            case BinaryValue b -> {
                out.ascii('b');
                out.decimal(b.subtype());
                out.ascii(':');
                text(out, Base64.getEncoder().encodeToString(b.data()));
            }
            case JavaScriptValue js -> {
                out.ascii('j');
                text(out, js.code());
                value(out, js.scope());
            }
            default -> {
                // the other special values are records of strings and numbers whose toString is exact
                out.ascii('x');
                text(out, value.getClass().getSimpleName());
                text(out, value.toString());
            }
        }
    }

    private static void number(Canonical out, char type, long value) {
        out.ascii(type);
        out.decimal(value);
        out.ascii(';');
    }

    private static void text(Canonical out, String s) {
        out.decimal(s.length());
        out.ascii(':');
        out.string(s);
    }

    /**
     * The canonical text as UTF-8, written straight into bytes: the same bytes as building the text in a
     * {@code StringBuilder} and encoding it, without the two copies (ETagTest checks the equivalence).
     */
    private static final class Canonical {
        private byte[] bytes = new byte[512]; // most documents' text fits: no copies while it grows
        private int length;

        void ascii(char c) {
            room(1);
            bytes[length++] = (byte) c;
        }

        /** {@code value} in decimal, as {@code Long.toString} writes it. */
        void decimal(long value) {
            if (value == Long.MIN_VALUE) {
                string(Long.toString(value)); // its negation does not fit
                return;
            }
            if (value < 0) {
                ascii('-');
                value = -value;
            }
            int digits = 1;
            for (long rest = value; rest >= 10; rest /= 10) {
                digits++;
            }
            room(digits);
            int end = length + digits;
            for (int i = end - 1; i >= length; i--) {
                bytes[i] = (byte) ('0' + value % 10);
                value /= 10;
            }
            length = end;
        }

        /** {@code s} in UTF-8: ASCII byte by byte, the rest from its first other character as {@code getBytes} does. */
        void string(String s) {
            int n = s.length();
            room(n);
            for (int i = 0; i < n; i++) {
                char c = s.charAt(i);
                if (c >= 0x80) {
                    // everything before i is ASCII, so i never splits a surrogate pair
                    byte[] rest = s.substring(i).getBytes(StandardCharsets.UTF_8);
                    room(rest.length);
                    System.arraycopy(rest, 0, bytes, length, rest.length);
                    length += rest.length;
                    return;
                }
                bytes[length++] = (byte) c;
            }
        }

        private void room(int more) {
            if (length + more > bytes.length) {
                bytes = Arrays.copyOf(bytes, Math.max(bytes.length * 2, length + more));
            }
        }
    }
}
