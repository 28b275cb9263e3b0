package dev.mangrove.adapter.http;

import dev.mangrove.application.port.in.ManageIndexesUseCase;
import dev.mangrove.domain.resource.ResolvedResource;
import io.helidon.http.Status;

import java.util.Objects;

/** {@code /{db}/{coll}/_indexes} and {@code /{db}/{coll}/_indexes/{name}}: list, create and drop indexes. */
final class IndexHandlers {
    private final ManageIndexesUseCase indexes;
    private final Bodies bodies;

    IndexHandlers(ManageIndexesUseCase indexes, Bodies bodies) {
        this.indexes = Objects.requireNonNull(indexes, "indexes");
        this.bodies = Objects.requireNonNull(bodies, "bodies");
    }

    /** GET: the collection's indexes. */
    void list(Exchange x) {
        x.sendList(indexes.indexes(x.resource().namespace()));
    }

    /** PUT: creates the named index from its keys and options. */
    void create(Exchange x) {
        ResolvedResource r = x.resource();
        indexes.create(r.namespace(), r.name(), bodies.readDocument(x.req()));
        x.send(Status.CREATED_201);
    }

    /** DELETE: drops the named index. */
    void drop(Exchange x) {
        ResolvedResource r = x.resource();
        indexes.drop(r.namespace(), r.name());
        x.send(Status.NO_CONTENT_204);
    }
}
