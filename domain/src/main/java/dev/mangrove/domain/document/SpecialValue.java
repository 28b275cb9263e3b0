package dev.mangrove.domain.document;

/** The BSON values that have no natural Java type (all others are plain Java values, see {@link Document}). */
public sealed interface SpecialValue
        permits ObjectIdValue, BinaryValue, RegexValue, TimestampValue, KeyBound, JavaScriptValue,
        SymbolValue, Undefined, DbPointerValue, NonFiniteDecimal {
}
