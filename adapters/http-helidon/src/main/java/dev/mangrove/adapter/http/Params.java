package dev.mangrove.adapter.http;

import dev.mangrove.domain.error.MangroveException;
import io.helidon.common.uri.UriQuery;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Typed access to query parameters — the request's own, or the ones the interceptors left; a malformed
 * value is a 400 naming the parameter.
 */
final class Params {
    private final UriQuery query;
    private final Map<String, List<String>> changed;

    /** The request's own parameters. */
    Params(UriQuery query) {
        this.query = query;
        this.changed = null;
    }

    /** Parameters an interceptor changed. */
    Params(Map<String, List<String>> parameters) {
        this.query = null;
        this.changed = java.util.Objects.requireNonNull(parameters, "parameters");
    }

    /** Whether these are not the request's own parameters. */
    boolean changed() {
        return changed != null;
    }

    /** Every parameter with its decoded values. */
    Map<String, List<String>> toMap() {
        return changed != null ? changed : query.toMap();
    }

    Optional<String> first(String name) {
        if (changed != null) {
            List<String> values = changed.get(name);
            return values == null ? Optional.empty() : Optional.of(values.isEmpty() ? "" : values.get(0));
        }
        // get, not first: UriQuery.first builds a mapper-aware value, which looks up Helidon's global
        // MapperManager in the service registry on every call (12 % of a GET by id's CPU, docs/performance.md)
        return query.contains(name) ? Optional.of(query.get(name)) : Optional.empty();
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
        return changed != null ? changed.containsKey(name) : query.contains(name);
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
