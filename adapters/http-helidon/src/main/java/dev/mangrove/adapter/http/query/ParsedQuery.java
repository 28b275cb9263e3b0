package dev.mangrove.adapter.http.query;

import dev.mangrove.domain.query.CountMode;
import dev.mangrove.domain.query.Query;

import java.util.Objects;

/**
 * A collection read parsed from its query parameters.
 *
 * @param query     the read: filter, projection, sort, window and hint
 * @param page      the page number, from 1 (derived from the offset when {@code _skip} is used)
 * @param pageSize  the page size actually used (after capping), or the raw {@code _limit}
 * @param paginated false for {@code pagination=false}, which streams every match
 * @param count     whether and how to count the matches
 */
public record ParsedQuery(Query query, long page, int pageSize, boolean paginated, CountMode count) {
    public ParsedQuery {
        Objects.requireNonNull(query, "query");
        Objects.requireNonNull(count, "count");
    }
}
