package dev.mangrove.adapter.http.query;

import dev.mangrove.domain.error.MangroveException;

/** Builds the 400s of query parameters: each names the parameter, the offending text and what was expected. */
final class Problems {
    private static final int MAX_QUOTED = 200;

    private Problems() {
    }

    /** {@code Parameter 'name' must be <expected>, not '<text>'}. */
    static MangroveException invalid(String code, String parameter, String text, String expected) {
        return MangroveException.badRequest(code,
                "Parameter '" + quote(parameter) + "' must be " + expected + ", not '" + quote(text) + "'");
    }

    /** {@code Parameter 'name' has '<text>': <problem>; expected <expected>}. */
    static MangroveException invalid(String code, String parameter, String text, String problem, String expected) {
        return MangroveException.badRequest(code, "Parameter '" + quote(parameter) + "' has '" + quote(text) + "': "
                + problem + "; expected " + expected);
    }

    /** Shortens long text so that a problem stays readable. */
    static String quote(String text) {
        if (text == null) {
            return "";
        }
        return text.length() <= MAX_QUOTED ? text : text.substring(0, MAX_QUOTED) + "…";
    }
}
