package dev.mangrove.domain.query;

import dev.mangrove.domain.error.MangroveException;

import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

/**
 * Which query operators filters may use (docs/querying.md#filters): {@code $where}, {@code $function} and
 * {@code $accumulator} are always denied, as are the configured ones; immutable and thread-safe.
 */
public final class OperatorPolicy {
    /** The operators that run server-side JavaScript, denied whatever the configuration. */
    public static final Set<String> ALWAYS_DENIED = Set.of("$where", "$function", "$accumulator");

    private final Set<String> denied;

    private OperatorPolicy(Set<String> denied) {
        this.denied = denied;
    }

    /**
     * A policy denying the always-denied operators and {@code extraDenied} (names with or without
     * the leading {@code $}).
     */
    public static OperatorPolicy create(Set<String> extraDenied) {
        Objects.requireNonNull(extraDenied, "extraDenied");
        Set<String> all = new TreeSet<>(ALWAYS_DENIED);
        for (String name : extraDenied) {
            String trimmed = Objects.requireNonNull(name, "denied operator").trim();
            if (trimmed.isEmpty()) {
                continue;
            }
            all.add(trimmed.startsWith("$") ? trimmed : "$" + trimmed);
        }
        return new OperatorPolicy(Set.copyOf(all));
    }

    /** The denied operators, each with its leading {@code $}. */
    public Set<String> denied() {
        return denied;
    }

    /** Throws a bad request {@code operator-not-allowed} when the filter uses a denied operator at any depth. */
    public void check(Filter filter) {
        Objects.requireNonNull(filter, "filter");
        for (String operator : QueryWalker.operators(filter)) {
            if (denied.contains(operator)) {
                throw MangroveException.badRequest("operator-not-allowed",
                        "Operator " + operator + " is not allowed in filters");
            }
        }
    }
}
