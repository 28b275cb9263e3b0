package dev.mangrove.domain.query;

import dev.mangrove.domain.document.Document;
import dev.mangrove.domain.error.MangroveException;

import java.util.ArrayDeque;
import java.util.Collection;
import java.util.Deque;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

/**
 * Which query operators filters may use (SPEC §3.1.3): {@code $where}, {@code $function} and
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

    /** Throws a 400 {@code operator-not-allowed} when the filter uses a denied operator at any depth. */
    public void check(Filter filter) {
        Objects.requireNonNull(filter, "filter");
        // iterative, so that a hostile, deeply nested filter cannot overflow the stack
        Deque<Object> pending = new ArrayDeque<>();
        pending.push(filter);
        while (!pending.isEmpty()) {
            Object value = pending.pop();
            switch (value) {
                case Filter.And and -> and.filters().forEach(pending::push);
                case Filter.Or or -> or.filters().forEach(pending::push);
                case Filter.Nor nor -> nor.filters().forEach(pending::push);
                case Filter.Condition condition -> {
                    checkKey(condition.field());
                    push(pending, condition.value());
                }
                case Filter.Expression expression -> push(pending, expression.query());
                case Document document -> push(pending, document.fields());
                case Map<?, ?> map -> {
                    for (Map.Entry<?, ?> entry : map.entrySet()) {
                        if (entry.getKey() instanceof String key) {
                            checkKey(key);
                        }
                        push(pending, entry.getValue());
                    }
                }
                case Collection<?> collection -> collection.forEach(element -> push(pending, element));
                case Object[] array -> {
                    for (Object element : array) {
                        push(pending, element);
                    }
                }
                default -> {
                    // a scalar value
                }
            }
        }
    }

    private static void push(Deque<Object> pending, Object value) {
        if (value != null) {
            pending.push(value);
        }
    }

    private void checkKey(String key) {
        if (key.startsWith("$") && denied.contains(key)) {
            throw MangroveException.badRequest("operator-not-allowed",
                    "Operator " + key + " is not allowed in filters");
        }
    }
}
