package dev.mangrove.domain.query;

import java.util.List;
import java.util.Objects;

/**
 * The order of results.
 *
 * @param keys the sort keys, most significant first
 */
public record Sort(List<Key> keys) {
    /** The default order, {@code {_id: 1}}, which keeps pages stable. */
    public static final Sort BY_ID = new Sort(List.of(new Key("_id", true)));

    public Sort {
        keys = List.copyOf(Objects.requireNonNull(keys, "keys"));
    }

    /**
     * One sort key.
     *
     * @param field     the dotted field path
     * @param ascending the direction
     */
    public record Key(String field, boolean ascending) {
        public Key {
            Objects.requireNonNull(field, "field");
        }
    }
}
