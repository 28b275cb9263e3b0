package dev.mangrove.adapter.http;

import dev.mangrove.domain.error.MangroveException;
import io.helidon.common.uri.UriQuery;

import java.util.Locale;
import java.util.Optional;

/** Typed access to query parameters; a malformed value is a 400 naming the parameter. */
final class Params {
    private final UriQuery query;

    Params(UriQuery query) {
        this.query = query;
    }

    Optional<String> first(String name) {
        return query.contains(name) ? Optional.of(query.first(name).orElse("")) : Optional.empty();
    }

    /** The first of several aliases that is present. */
    Optional<String> first(String... names) {
        for (String name : names) {
            Optional<String> value = first(name);
            if (value.isPresent()) {
                return value;
            }
        }
        return Optional.empty();
    }

    boolean has(String name) {
        return query.contains(name);
    }

    /** A flag: present without a value, or {@code true}/{@code false}. */
    boolean flag(String name) {
        Optional<String> value = first(name);
        if (value.isEmpty()) {
            return false;
        }
        return switch (value.get().toLowerCase(Locale.ROOT)) {
            case "", "true", "1", "yes" -> true;
            case "false", "0", "no" -> false;
            default -> throw MangroveException.badRequest("invalid-parameter",
                    "Parameter '" + name + "' must be true or false, not '" + value.get() + "'");
        };
    }

    /** A non-negative integer, or {@code fallback} when absent. */
    long nonNegative(String name, long fallback) {
        Optional<String> value = first(name);
        if (value.isEmpty()) {
            return fallback;
        }
        return parseNonNegative(name, value.get());
    }

    static long parseNonNegative(String name, String text) {
        try {
            long n = Long.parseLong(text.trim());
            if (n >= 0) {
                return n;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw MangroveException.badRequest("invalid-parameter",
                "Parameter '" + name + "' must be a non-negative integer, not '" + text + "'");
    }
}
