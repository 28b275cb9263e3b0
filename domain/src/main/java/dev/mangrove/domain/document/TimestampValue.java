package dev.mangrove.domain.document;

/**
 * A BSON timestamp (internal MongoDB type).
 *
 * @param seconds   seconds since the epoch, unsigned 32-bit
 * @param increment the ordinal within the second, unsigned 32-bit
 */
public record TimestampValue(long seconds, long increment) implements SpecialValue {
}
