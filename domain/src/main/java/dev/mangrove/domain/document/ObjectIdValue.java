package dev.mangrove.domain.document;

import java.util.Locale;
import java.util.Objects;

/**
 * A BSON ObjectId, held as its 24 lower-case hexadecimal digits.
 *
 * @param hex the 24 hex digits
 */
public record ObjectIdValue(String hex) implements SpecialValue {
    public ObjectIdValue {
        Objects.requireNonNull(hex, "hex");
        if (!isValid(hex)) {
            throw new IllegalArgumentException("not a 24-digit hexadecimal ObjectId: " + hex);
        }
        hex = hex.toLowerCase(Locale.ROOT);
    }

    /** Whether {@code text} is 24 hexadecimal digits. */
    public static boolean isValid(String text) {
        if (text == null || text.length() != 24) {
            return false;
        }
        for (int i = 0; i < 24; i++) {
            char c = text.charAt(i);
            if (!(c >= '0' && c <= '9' || c >= 'a' && c <= 'f' || c >= 'A' && c <= 'F')) {
                return false;
            }
        }
        return true;
    }

    @Override
    public String toString() {
        return hex;
    }
}
