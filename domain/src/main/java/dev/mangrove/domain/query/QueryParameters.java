package dev.mangrove.domain.query;

import java.util.Set;

/**
 * The names of the query parameters with a meaning of their own (docs/querying.md); every other parameter of a
 * collection request is a typed field filter (MangoREST). One list, so that the parser that reads a
 * request and the access-control list that classifies it (bulk write or not) always agree.
 */
public final class QueryParameters {
    /** The parameters that hold a filter in one of the dialects. */
    public static final Set<String> FILTERS = Set.of("filter", "where", "and", "or", "nor");

    /** Every reserved parameter: the filter dialects and the parameters that never select documents. */
    public static final Set<String> RESERVED = Set.of("filter", "where", "keys", "projection", "fields", "sort",
            "sort_by", "page", "pagesize", "max_results", "pagination", "count", "hint", "rep", "hateoas", "pretty",
            "jsonMode", "id_type", "wm", "force", "embedded", "avars", "pipeline", "np", "and", "or", "nor",
            "sid", "txn");

    private QueryParameters() {
    }

    /** Whether {@code name} is reserved: listed, or starting with {@code _}; otherwise it is a field filter. */
    public static boolean isReserved(String name) {
        return name.startsWith("_") || RESERVED.contains(name);
    }

    /** Whether the parameter {@code name} selects documents (a filter dialect or a typed field filter). */
    public static boolean selectsDocuments(String name) {
        return !name.isEmpty() && (FILTERS.contains(name) || !isReserved(name));
    }
}
