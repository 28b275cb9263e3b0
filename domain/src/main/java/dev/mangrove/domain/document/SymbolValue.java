package dev.mangrove.domain.document;

import java.util.Objects;

/**
 * A deprecated BSON symbol.
 *
 * @param symbol the symbol text
 */
public record SymbolValue(String symbol) implements SpecialValue {
    public SymbolValue {
        Objects.requireNonNull(symbol, "symbol");
    }
}
