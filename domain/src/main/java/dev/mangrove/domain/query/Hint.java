package dev.mangrove.domain.query;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/** Which index the backend should use for a query ({@code hint=}). */
public sealed interface Hint {
    /** No hint: the backend chooses. */
    Hint NONE = new None();

    /** No hint: the backend chooses. */
    record None() implements Hint {
    }

    /**
     * An index given by name.
     *
     * @param name the index name, not blank
     */
    record IndexName(String name) implements Hint {
        public IndexName {
            Objects.requireNonNull(name, "name");
            if (name.isBlank()) {
                throw new IllegalArgumentException("index name must not be blank");
            }
        }
    }

    /**
     * An index given by its key document ({@code {"name": 1, "age": -1}}).
     *
     * @param keys the index keys in order, not empty
     */
    record IndexKeys(Map<String, Object> keys) implements Hint {
        public IndexKeys {
            Objects.requireNonNull(keys, "keys");
            if (keys.isEmpty()) {
                throw new IllegalArgumentException("index keys must not be empty");
            }
            keys = Collections.unmodifiableMap(new LinkedHashMap<>(keys));
        }
    }
}
