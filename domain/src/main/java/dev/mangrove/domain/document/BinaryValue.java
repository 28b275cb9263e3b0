package dev.mangrove.domain.document;

import java.util.Arrays;
import java.util.Objects;

/**
 * BSON binary data with its subtype (4 is a UUID).
 *
 * @param subtype the BSON binary subtype
 * @param data    the bytes (not copied)
 */
public record BinaryValue(byte subtype, byte[] data) implements SpecialValue {
    public BinaryValue {
        Objects.requireNonNull(data, "data");
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof BinaryValue other && other.subtype == subtype && Arrays.equals(other.data, data);
    }

    @Override
    public int hashCode() {
        return 31 * subtype + Arrays.hashCode(data);
    }

    @Override
    public String toString() {
        return "BinaryValue[subtype=" + subtype + ", length=" + data.length + "]";
    }
}
