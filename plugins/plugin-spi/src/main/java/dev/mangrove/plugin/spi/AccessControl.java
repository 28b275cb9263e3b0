package dev.mangrove.plugin.spi;

import dev.mangrove.domain.resource.Namespace;
import dev.mangrove.domain.resource.Verb;
import dev.mangrove.domain.security.DataScope;
import dev.mangrove.domain.security.Principal;

import java.util.Optional;

/** The server's access-control list, asked the way a direct request would ask it. */
@FunctionalInterface
public interface AccessControl {
    /**
     * The data scope within which {@code principal} may read {@code namespace} (as {@code GET /{db}/{coll}}
     * would be decided); empty when it may not read it at all.
     */
    Optional<DataScope> readScope(Principal principal, Namespace namespace);

    /**
     * The data scope within which {@code principal} may make the REST request {@code verb} on {@code target} of
     * {@code namespace} — with {@code wm=upsert} when {@code upsert} — decided exactly as that request would be
     * (permission, its flags such as {@code allowBulkPatch} or {@code allowAdhocAggregation}, its data scope);
     * empty when refused. The default knows reads of the collection only and refuses everything else.
     */
    default Optional<DataScope> scope(Principal principal, Verb verb, Namespace namespace, Target target,
                                      boolean upsert) {
        return verb == Verb.GET && target == Target.COLLECTION && !upsert
                ? readScope(principal, namespace) : Optional.empty();
    }

    /** What of a collection a request addresses. */
    enum Target {
        /** {@code /{db}/{coll}}. */
        COLLECTION,
        /** One document, {@code /{db}/{coll}/{id}}. */
        DOCUMENT,
        /** The documents a filter selects, {@code /{db}/{coll}/*}. */
        DOCUMENTS,
        /** The ad-hoc aggregation endpoint, {@code /{db}/{coll}/_aggregate}. */
        AGGREGATE
    }
}
