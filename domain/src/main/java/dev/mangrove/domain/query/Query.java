package dev.mangrove.domain.query;

import java.util.Objects;

/**
 * A read of a collection: filter, projection, sort, window and index hint.
 *
 * @param filter     which documents
 * @param projection which fields
 * @param sort       in which order
 * @param skip       how many matching documents to skip
 * @param limit      how many to return at most; {@link #UNLIMITED} for all, 0 for none
 * @param hint       which index to use, {@link Hint#NONE} to let the backend choose
 */
public record Query(Filter filter, Projection projection, Sort sort, long skip, long limit, Hint hint) {
    /** No limit (streaming every match). */
    public static final long UNLIMITED = -1;

    public Query {
        Objects.requireNonNull(filter, "filter");
        Objects.requireNonNull(projection, "projection");
        Objects.requireNonNull(sort, "sort");
        Objects.requireNonNull(hint, "hint");
        if (skip < 0) {
            throw new IllegalArgumentException("skip must be >= 0");
        }
        if (limit < UNLIMITED) {
            throw new IllegalArgumentException("limit must be >= 0 or UNLIMITED");
        }
    }

    /** A read without an index hint. */
    public Query(Filter filter, Projection projection, Sort sort, long skip, long limit) {
        this(filter, projection, sort, skip, limit, Hint.NONE);
    }

    /** One page of every document in {@code _id} order. */
    public static Query page(PageRequest page) {
        return new Query(Filter.ALL, Projection.none(), Sort.BY_ID, page.skip(), page.size());
    }

    /** The same query with another limit. */
    public Query withLimit(long newLimit) {
        return new Query(filter, projection, sort, skip, newLimit, hint);
    }

    /** The same query with another hint. */
    public Query withHint(Hint newHint) {
        return new Query(filter, projection, sort, skip, limit, newHint);
    }
}
