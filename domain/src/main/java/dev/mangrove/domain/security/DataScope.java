package dev.mangrove.domain.security;

import dev.mangrove.domain.query.Filter;
import dev.mangrove.domain.query.Projection;

import java.util.Map;
import java.util.Objects;

/**
 * What a permission lets a caller see and change in the documents of the collections it covers,
 * with the ACL's variables ({@code @user.username}, {@code @user.roles}, {@code @now}) already
 * substituted (docs/security.md).
 *
 * @param readFilter      ANDed into every read: documents outside it do not exist for the caller
 * @param writeFilter     ANDed into every update, replace and delete: documents outside it cannot
 *                        be changed
 * @param mergeRequest    fields set on every written document (insert, replace, update), overriding
 *                        the client's values
 * @param projectResponse fields hidden from (or the only fields shown in) every document returned
 */
public record DataScope(Filter readFilter, Filter writeFilter, Map<String, Object> mergeRequest,
                        Projection projectResponse) {
    /** No restriction: every document is visible and writable, nothing merged or hidden. */
    public static final DataScope UNRESTRICTED = new DataScope(Filter.ALL, Filter.ALL, Map.of(), Projection.none());

    public DataScope {
        Objects.requireNonNull(readFilter, "readFilter");
        Objects.requireNonNull(writeFilter, "writeFilter");
        Objects.requireNonNull(projectResponse, "projectResponse");
        mergeRequest = Map.copyOf(mergeRequest);
    }

    /** Whether this scope changes nothing. */
    public boolean isUnrestricted() {
        return readFilter instanceof Filter.All && writeFilter instanceof Filter.All && mergeRequest.isEmpty()
                && projectResponse.isNone();
    }
}
