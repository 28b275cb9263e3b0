package dev.mangrove.domain.document;

import java.util.Objects;

/**
 * A decimal128 that {@link java.math.BigDecimal} cannot hold: NaN, Infinity, -Infinity or -0.
 *
 * @param text the canonical text ({@code "NaN"}, {@code "Infinity"}, {@code "-Infinity"}, {@code "-0"})
 */
public record NonFiniteDecimal(String text) implements SpecialValue {
    public NonFiniteDecimal {
        Objects.requireNonNull(text, "text");
    }
}
