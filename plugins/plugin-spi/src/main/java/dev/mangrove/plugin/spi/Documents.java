package dev.mangrove.plugin.spi;

import dev.mangrove.domain.query.Filter;
import dev.mangrove.domain.query.Query;
import dev.mangrove.domain.resource.Namespace;
import dev.mangrove.domain.security.DataScope;

/** Reads the documents of a collection, within a caller's data scope. */
public interface Documents {
    /** The documents the query selects that the scope lets the caller see; close the stream. */
    DocumentStream find(Namespace namespace, Query query, DataScope scope);

    /** How many documents the filter selects within the scope. */
    long count(Namespace namespace, Filter filter, DataScope scope);
}
