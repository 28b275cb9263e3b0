package dev.mangrove.domain.document;

/** The deprecated BSON undefined value. */
public enum Undefined implements SpecialValue {
    UNDEFINED
}
