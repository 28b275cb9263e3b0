package dev.mangrove.domain.write;

import dev.mangrove.domain.error.MangroveException;

import java.util.Locale;

/** How a PUT or PATCH treats a missing or existing document ({@code wm}). */
public enum WriteMode {
    /** Create only: an existing document is a conflict. */
    INSERT,
    /** Change only: a missing document is not found. */
    UPDATE,
    /** Change, or create when missing. */
    UPSERT;

    /** The allowed values, for error messages. */
    public static final String ALLOWED = "insert, update, upsert";

    /** Parses {@code wm}; absent gives {@code fallback}. */
    public static WriteMode parse(String text, WriteMode fallback) {
        if (text == null || text.isEmpty()) {
            return fallback;
        }
        try {
            return valueOf(text.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw MangroveException.badRequest("invalid-write-mode",
                    "Unknown wm '" + text + "'; allowed: " + ALLOWED);
        }
    }
}
