package dev.mangrove.adapter.http;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Optional;

/**
 * {@code Content-Disposition}: reading the {@code name} and {@code filename} of a form-data part (RFC 7578), and
 * writing an {@code attachment} or {@code inline} header with a file name that is safe in any browser (RFC 6266:
 * an ASCII {@code filename} fallback and the exact name as RFC 8187 {@code filename*=UTF-8''…}).
 */
final class ContentDisposition {
    private static final String ATTR_CHAR = "!#$&+-.^_`|~";

    private ContentDisposition() {
    }

    /** The header value for a file named {@code filename}, shown inline or offered as a download. */
    static String format(String filename, boolean inline) {
        String type = inline ? "inline" : "attachment";
        if (filename == null || filename.isEmpty()) {
            return type;
        }
        StringBuilder ascii = new StringBuilder();
        boolean plain = true;
        for (int i = 0; i < filename.length(); i++) {
            char c = filename.charAt(i);
            if (c < 0x20 || c >= 0x7f || c == '"' || c == '\\' || c == '%' || c == '/') {
                ascii.append('_');
                plain = false;
            } else {
                ascii.append(c);
            }
        }
        String header = type + "; filename=\"" + ascii + "\"";
        return plain ? header : header + "; filename*=UTF-8''" + encode(filename);
    }

    /** RFC 8187 value-chars: attr-chars as they are, every other UTF-8 byte percent-encoded. */
    static String encode(String value) {
        StringBuilder out = new StringBuilder();
        for (byte b : value.getBytes(StandardCharsets.UTF_8)) {
            char c = (char) (b & 0xff);
            if (c < 0x80 && (Character.isLetterOrDigit(c) || ATTR_CHAR.indexOf(c) >= 0)) {
                out.append(c);
            } else {
                out.append('%').append(Character.toUpperCase(Character.forDigit((b >> 4) & 0xf, 16)))
                        .append(Character.toUpperCase(Character.forDigit(b & 0xf, 16)));
            }
        }
        return out.toString();
    }

    /** The file name of a part: {@code filename*} (RFC 8187) when present and valid, else {@code filename}. */
    static Optional<String> filename(String header) {
        Optional<String> extended = parameter(header, "filename*").flatMap(ContentDisposition::decodeExtended);
        if (extended.isPresent()) {
            return extended;
        }
        // browsers send the raw UTF-8 bytes of the name, which the header line carries as ISO-8859-1 characters
        return parameter(header, "filename").map(ContentDisposition::utf8);
    }

    /** A parameter of a header like {@code form-data; name="file"; filename="a.txt"} (quoted or token). */
    static Optional<String> parameter(String header, String name) {
        int i = header.indexOf(';');
        while (i >= 0 && i < header.length()) {
            i++;
            while (i < header.length() && (header.charAt(i) == ' ' || header.charAt(i) == '\t')) {
                i++;
            }
            int eq = header.indexOf('=', i);
            if (eq < 0) {
                return Optional.empty();
            }
            String key = header.substring(i, eq).trim().toLowerCase(Locale.ROOT);
            int j = eq + 1;
            String value;
            if (j < header.length() && header.charAt(j) == '"') {
                StringBuilder quoted = new StringBuilder();
                j++;
                while (j < header.length() && header.charAt(j) != '"') {
                    char c = header.charAt(j);
                    if (c == '\\' && j + 1 < header.length()) {
                        c = header.charAt(++j);
                    }
                    quoted.append(c);
                    j++;
                }
                value = quoted.toString();
                j = header.indexOf(';', j);
            } else {
                int semi = header.indexOf(';', j);
                value = (semi < 0 ? header.substring(j) : header.substring(j, semi)).trim();
                j = semi;
            }
            if (key.equals(name)) {
                return Optional.of(value);
            }
            i = j;
        }
        return Optional.empty();
    }

    private static Optional<String> decodeExtended(String value) {
        int first = value.indexOf('\'');
        int second = first < 0 ? -1 : value.indexOf('\'', first + 1);
        if (second < 0 || !value.substring(0, first).equalsIgnoreCase("UTF-8")) {
            return Optional.empty();
        }
        String encoded = value.substring(second + 1);
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        for (int i = 0; i < encoded.length(); i++) {
            char c = encoded.charAt(i);
            if (c == '%' && i + 2 < encoded.length()) {
                int hi = Character.digit(encoded.charAt(i + 1), 16);
                int lo = Character.digit(encoded.charAt(i + 2), 16);
                if (hi < 0 || lo < 0) {
                    return Optional.empty();
                }
                bytes.write(hi * 16 + lo);
                i += 2;
            } else if (c == '%') {
                return Optional.empty();
            } else {
                bytes.write(c);
            }
        }
        return Optional.of(bytes.toString(StandardCharsets.UTF_8));
    }

    private static String utf8(String latin1) {
        byte[] raw = latin1.getBytes(StandardCharsets.ISO_8859_1);
        String decoded = new String(raw, StandardCharsets.UTF_8);
        return decoded.indexOf('\uFFFD') >= 0 ? latin1 : decoded;
    }
}
