package dev.mangrove.adapter.http.json;

import dev.mangrove.domain.error.MangroveException;

import java.util.Locale;

/** The Extended JSON v2 output format chosen by the {@code jsonMode} parameter. */
public enum JsonMode {
    /** Plain JSON numbers and ISO-8601 dates where that loses nothing essential (the default). */
    RELAXED,
    /** Type wrappers for every number and date, so that every BSON type survives a round trip. */
    CANONICAL;

    /**
     * Reads the {@code jsonMode} parameter, case-insensitively; absent or empty means {@link #RELAXED}. RESTHeart's
     * names map to the nearest Extended JSON v2 output (docs/api.md#representation): {@code extended} and the
     * legacy {@code strict} and {@code shell} (type-preserving forms) to {@link #CANONICAL}.
     */
    public static JsonMode parse(String text) {
        if (text == null || text.isEmpty()) {
            return RELAXED;
        }
        return switch (text.toLowerCase(Locale.ROOT)) {
            case "relaxed" -> RELAXED;
            case "canonical", "extended", "strict", "shell" -> CANONICAL;
            default -> throw MangroveException.badRequest("invalid-json-mode",
                    "Unknown jsonMode '" + text + "'; allowed: relaxed, canonical (RESTHeart's extended, strict and"
                            + " shell answer canonical)");
        };
    }
}
