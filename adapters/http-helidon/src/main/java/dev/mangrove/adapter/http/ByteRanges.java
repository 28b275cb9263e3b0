package dev.mangrove.adapter.http;

import dev.mangrove.domain.error.ErrorKind;
import dev.mangrove.domain.error.MangroveException;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The {@code Range} header of a download (RFC 9110 §14.2): {@code bytes=a-b}, {@code a-} and {@code -n}, against a
 * content of a known length. A header that does not parse, or uses another unit, is ignored (the whole content is
 * sent), as RFC 9110 says; one that parses but selects nothing is 416.
 */
final class ByteRanges {
    /** More ranges than this in one header are ignored (the whole content is sent): a defence against range floods. */
    static final int MAX_RANGES = 16;

    private ByteRanges() {
    }

    /**
     * The satisfiable ranges of {@code header} within {@code length} bytes; empty when the header is absent, malformed
     * or not in bytes (serve everything).
     *
     * @throws MangroveException 416 {@code range-not-satisfiable} when no range lies within the content
     */
    static Optional<List<Range>> parse(String header, long length) {
        if (header == null) {
            return Optional.empty();
        }
        String h = header.trim();
        if (!h.toLowerCase(Locale.ROOT).startsWith("bytes=")) {
            return Optional.empty();
        }
        String[] specs = h.substring("bytes=".length()).split(",", -1);
        if (specs.length > MAX_RANGES) {
            return Optional.empty();
        }
        List<Range> ranges = new ArrayList<>();
        for (String raw : specs) {
            String spec = raw.trim();
            int dash = spec.indexOf('-');
            if (dash < 0) {
                return Optional.empty();
            }
            String first = spec.substring(0, dash).trim();
            String last = spec.substring(dash + 1).trim();
            if (first.isEmpty()) {
                OptionalNumber suffix = number(last);
                if (suffix == null) {
                    return Optional.empty();
                }
                if (suffix.value > 0 && length > 0) {
                    long n = Math.min(suffix.value, length);
                    ranges.add(new Range(length - n, length - 1));
                }
                continue;
            }
            OptionalNumber from = number(first);
            if (from == null) {
                return Optional.empty();
            }
            long to;
            if (last.isEmpty()) {
                to = length - 1;
            } else {
                OptionalNumber until = number(last);
                if (until == null || until.value < from.value) {
                    return Optional.empty();
                }
                to = Math.min(until.value, length - 1);
            }
            if (from.value < length) {
                ranges.add(new Range(from.value, to));
            }
        }
        if (ranges.isEmpty()) {
            throw MangroveException.of(ErrorKind.RANGE_NOT_SATISFIABLE, "range-not-satisfiable",
                    "No range of '" + header + "' lies within the " + length + " bytes of the file");
        }
        return Optional.of(ranges);
    }

    private static OptionalNumber number(String digits) {
        if (digits.isEmpty() || digits.length() > 18) {
            return null;
        }
        for (int i = 0; i < digits.length(); i++) {
            if (digits.charAt(i) < '0' || digits.charAt(i) > '9') {
                return null;
            }
        }
        return new OptionalNumber(Long.parseLong(digits));
    }

    private record OptionalNumber(long value) {
    }

    /**
     * A satisfiable range of bytes.
     *
     * @param first the first byte
     * @param last  the last byte (inclusive)
     */
    record Range(long first, long last) {
        long length() {
            return last - first + 1;
        }

        /** Its {@code Content-Range} value within {@code total} bytes. */
        String contentRange(long total) {
            return "bytes " + first + "-" + last + "/" + total;
        }
    }
}
