package dev.mangrove.domain.resource;

import dev.mangrove.domain.error.MangroveException;

import java.io.ByteArrayOutputStream;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** Splitting, RFC 3986 percent-decoding and encoding of URL path segments. */
public final class PathSegments {
    private static final String UNRESERVED = "-._~!$&'()*+,;=:@";

    private PathSegments() {
    }

    /** The non-empty segments of a path, undecoded ({@code "/a//b/"} gives {@code [a, b]}). */
    public static List<String> split(String path) {
        List<String> out = new ArrayList<>();
        int start = 0;
        int length = path.length();
        while (start <= length) {
            int slash = path.indexOf('/', start);
            int end = slash < 0 ? length : slash;
            if (end > start) {
                out.add(path.substring(start, end));
            }
            start = end + 1;
        }
        return out;
    }

    /**
     * Percent-decodes a segment as UTF-8; with {@code plusIsSpace}, a literal {@code +} is a space
     * (RESTHeart's rule for document ids, where {@code %2B} is a plus).
     */
    public static String decode(String raw, boolean plusIsSpace) {
        if (raw.indexOf('%') < 0 && !(plusIsSpace && raw.indexOf('+') >= 0)) {
            return raw;
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(raw.length());
        for (int i = 0; i < raw.length(); i++) {
            char c = raw.charAt(i);
            if (c == '%') {
                if (i + 2 >= raw.length()) {
                    throw malformed(raw);
                }
                int hi = hexDigit(raw.charAt(i + 1));
                int lo = hexDigit(raw.charAt(i + 2));
                if (hi < 0 || lo < 0) {
                    throw malformed(raw);
                }
                bytes.write(hi * 16 + lo);
                i += 2;
            } else if (c == '+' && plusIsSpace) {
                bytes.write(' ');
            } else {
                byte[] encoded = String.valueOf(c).getBytes(StandardCharsets.UTF_8);
                if (Character.isHighSurrogate(c) && i + 1 < raw.length()) {
                    encoded = raw.substring(i, i + 2).getBytes(StandardCharsets.UTF_8);
                    i++;
                }
                bytes.writeBytes(encoded);
            }
        }
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(java.nio.ByteBuffer.wrap(bytes.toByteArray())).toString();
        } catch (CharacterCodingException e) {
            throw malformed(raw);
        }
    }

    /** Percent-encodes a segment so that {@link #decode} with {@code plusIsSpace} reads it back. */
    public static String encode(String segment) {
        StringBuilder out = new StringBuilder(segment.length() + 8);
        for (byte b : segment.getBytes(StandardCharsets.UTF_8)) {
            char c = (char) (b & 0xff);
            if (c < 128 && (Character.isLetterOrDigit(c) || UNRESERVED.indexOf(c) >= 0) && c != '+') {
                out.append(c);
            } else {
                out.append('%').append(Character.toUpperCase(Character.forDigit((b >> 4) & 0xf, 16)))
                        .append(Character.toUpperCase(Character.forDigit(b & 0xf, 16)));
            }
        }
        return out.toString();
    }

    /** The value of an RFC 3986 HEXDIG (ASCII only), or -1. */
    private static int hexDigit(char c) {
        return c < 128 ? Character.digit(c, 16) : -1;
    }

    private static MangroveException malformed(String raw) {
        return MangroveException.badRequest("invalid-path",
                "Path segment '" + raw + "' is not valid percent-encoded UTF-8 (RFC 3986)");
    }
}
