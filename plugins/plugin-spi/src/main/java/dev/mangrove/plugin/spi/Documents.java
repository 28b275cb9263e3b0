package dev.mangrove.plugin.spi;

import dev.mangrove.domain.document.Document;
import dev.mangrove.domain.query.Filter;
import dev.mangrove.domain.query.Projection;
import dev.mangrove.domain.query.Sort;
import dev.mangrove.domain.query.Query;
import dev.mangrove.domain.resource.Namespace;
import dev.mangrove.domain.security.DataScope;

import java.util.List;
import java.util.Optional;

/** Reads the documents of a collection, within a caller's data scope. */
public interface Documents {
    /** The documents the query selects that the scope lets the caller see; close the stream. */
    DocumentStream find(Namespace namespace, Query query, DataScope scope);

    /** How many documents the filter selects within the scope. */
    long count(Namespace namespace, Filter filter, DataScope scope);

    /**
     * The document with this {@code _id}, when the scope lets the caller see it, projected; the host answers it as a
     * {@code GET /{db}/{coll}/{id}} (a read by id, cheaper than a query). The default runs {@link #find}.
     */
    default Optional<Document> findById(Namespace namespace, Object id, Projection projection, DataScope scope) {
        Query query = new Query(Filter.eq(Document.ID, id), projection, new Sort(List.of()), 0, 1);
        try (DocumentStream found = find(namespace, query, scope)) {
            return found.hasNext() ? Optional.of(found.next()) : Optional.empty();
        }
    }
}
