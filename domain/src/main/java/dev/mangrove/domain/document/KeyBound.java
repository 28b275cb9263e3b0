package dev.mangrove.domain.document;

/** BSON MinKey and MaxKey. */
public enum KeyBound implements SpecialValue {
    MIN_KEY,
    MAX_KEY
}
