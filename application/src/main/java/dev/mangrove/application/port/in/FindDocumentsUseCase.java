package dev.mangrove.application.port.in;

import dev.mangrove.application.port.out.DocumentCursor;
import dev.mangrove.domain.query.Filter;
import dev.mangrove.domain.resource.Namespace;

/** Reads documents of a collection as a stream the caller must close. */
public interface FindDocumentsUseCase {
    /** Opens a cursor over the documents the query selects. */
    DocumentCursor find(FindDocumentsQuery query);

    /**
     * How many documents of a collection match a filter; {@code estimated} uses the collection's
     * metadata count (only meaningful without a filter).
     */
    long count(Namespace namespace, Filter filter, boolean estimated);
}
