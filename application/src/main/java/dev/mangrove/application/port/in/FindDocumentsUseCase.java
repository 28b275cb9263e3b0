package dev.mangrove.application.port.in;

import dev.mangrove.domain.query.Filter;
import dev.mangrove.domain.resource.Namespace;
import dev.mangrove.domain.security.DataScope;

/** Reads documents of a collection as a stream the caller must close. */
public interface FindDocumentsUseCase {
    /** Opens a cursor over the documents the query selects. */
    ResultCursor find(FindDocumentsQuery query);

    /**
     * How many documents of a collection match a filter; {@code estimated} uses the collection's
     * metadata count (only meaningful without a filter).
     */
    default long count(Namespace namespace, Filter filter, boolean estimated) {
        return count(namespace, filter, estimated, DataScope.UNRESTRICTED);
    }

    /**
     * How many documents the caller may see match a filter: the scope's read filter is ANDed in, so
     * an estimate is only used when neither restricts anything.
     */
    long count(Namespace namespace, Filter filter, boolean estimated, DataScope scope);
}
