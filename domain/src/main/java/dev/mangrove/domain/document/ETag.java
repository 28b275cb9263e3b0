package dev.mangrove.domain.document;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
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
        StringBuilder out = new StringBuilder(512); // most documents' text fits: no copies while it grows
        out.append('{');
        if (document.hasId()) {
            field(out, Document.ID, document.get(Document.ID));
        }
        document.fields().forEach((name, value) -> {
            if (!Document.ID.equals(name)) {
                field(out, name, value);
            }
        });
        out.append('}');
        byte[] hash = sha256().digest(out.toString().getBytes(StandardCharsets.UTF_8));
        return new ETag(Base64.getUrlEncoder().withoutPadding().encodeToString(hash));
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

    private static void field(StringBuilder out, String name, Object value) {
        text(out, name);
        value(out, value);
    }

    private static void value(StringBuilder out, Object value) {
        switch (value) {
            case null -> out.append('N');
            case Map<?, ?> map -> {
                out.append('{');
                map.forEach((k, v) -> field(out, String.valueOf(k), v));
                out.append('}');
            }
            case Document document -> value(out, document.fields());
            case List<?> list -> {
                out.append('[');
                list.forEach(v -> value(out, v));
                out.append(']');
            }
            case String s -> {
                out.append('s');
                text(out, s);
            }
            case Boolean b -> out.append(b ? 'T' : 'F');
            case Integer i -> out.append('i').append(i).append(';');
            case Long l -> out.append('l').append(l).append(';');
            case Double d -> out.append('d').append(Double.doubleToLongBits(d)).append(';');
            case BigDecimal d -> out.append('m').append(d.toString()).append(';');
            case Instant t -> out.append('t').append(t.toEpochMilli()).append(';');
            case BinaryValue b -> {
                out.append('b').append(b.subtype()).append(':');
                text(out, Base64.getEncoder().encodeToString(b.data()));
            }
            case JavaScriptValue js -> {
                out.append('j');
                text(out, js.code());
                value(out, js.scope());
            }
            default -> {
                // the other special values are records of strings and numbers whose toString is exact
                out.append('x');
                text(out, value.getClass().getSimpleName());
                text(out, value.toString());
            }
        }
    }

    private static void text(StringBuilder out, String s) {
        out.append(s.length()).append(':').append(s);
    }
}
