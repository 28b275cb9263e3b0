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

    /**
     * Refuses a pipeline (403 {@code stage-not-allowed}) that reads another collection the caller may not read in
     * full ({@code $lookup.from}, {@code $graphLookup.from}, {@code $unionWith}, at any depth: inside {@code $facet}
     * and the sub-pipelines of {@code $lookup} and {@code $unionWith}). The caller's data scope is put in front of
     * the pipeline for the collection it runs on, but a joined collection would otherwise be read without its own
     * permission: so, with security on ({@code caller} present), a joined collection must be one the ACL lets the
     * caller read as {@code GET /{db}/{coll}} without a readFilter or a projectResponse. A target in another
     * database is refused at any depth unless its stage is in {@code crossDatabaseStages}
     * (docs/plugins.md#aggregations-and-the-access-control-list).
     */
    default void checkJoins(Object pipeline, Namespace runsOn, Optional<Principal> caller,
                            java.util.Set<String> crossDatabaseStages) {
        for (dev.mangrove.domain.query.QueryWalker.Join target : dev.mangrove.domain.query.QueryWalker.joins(pipeline)) {
            String db = target.database() == null ? runsOn.database().value() : target.database();
            if (!db.equals(runsOn.database().value())) {
                if (crossDatabaseStages.contains(target.stage())) {
                    continue;
                }
                throw joinDenied("The stage " + target.stage() + " may only read collections of the database '"
                        + runsOn.database().value() + "'");
            }
            if (caller.isEmpty()) {
                continue; // security off
            }
            // the pipeline's own collection too: a $lookup into it reads it without the scope put in front
            dev.mangrove.domain.resource.CollectionName collection;
            try {
                collection = new dev.mangrove.domain.resource.CollectionName(target.collection());
            } catch (RuntimeException e) {
                throw joinDenied("The stage " + target.stage() + " names the collection '" + target.collection()
                        + "', which cannot be read through the API");
            }
            Optional<DataScope> readable = readScope(caller.get(), new Namespace(runsOn.database(), collection));
            if (readable.isEmpty()) {
                throw joinDenied("The stage " + target.stage() + " reads the collection '" + collection.value()
                        + "', which you may not read");
            }
            DataScope scope = readable.get();
            if (!(scope.readFilter() instanceof dev.mangrove.domain.query.Filter.All)
                    || !scope.projectResponse().isNone()) {
                throw joinDenied("The stage " + target.stage() + " reads the collection '" + collection.value()
                        + "', which your permission restricts (readFilter or projectResponse); only collections you "
                        + "may read in full can be joined");
            }
        }
    }

    private static dev.mangrove.domain.error.MangroveException joinDenied(String detail) {
        return dev.mangrove.domain.error.MangroveException.forbidden("stage-not-allowed", detail);
    }
}
