package dev.mangrove.plugin.dataapi;

import dev.mangrove.domain.document.Document;
import dev.mangrove.domain.error.MangroveException;
import dev.mangrove.domain.query.Filter;
import dev.mangrove.domain.query.QueryWalker;
import dev.mangrove.domain.resource.CollectionName;
import dev.mangrove.domain.resource.Mount;
import dev.mangrove.domain.resource.Namespace;
import dev.mangrove.domain.resource.PathSegments;
import dev.mangrove.domain.resource.ResolvedResource;
import dev.mangrove.domain.resource.ResourceKind;
import dev.mangrove.domain.resource.Verb;
import dev.mangrove.domain.security.DataScope;
import dev.mangrove.domain.security.Principal;
import dev.mangrove.plugin.spi.AccessControl;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The other collections a pipeline reads ({@code $lookup.from}, {@code $graphLookup.from}, {@code $unionWith}, at
 * any depth: inside {@code $facet}, sub-pipelines of {@code $lookup} and {@code $unionWith}), and the check that the
 * caller may read each of them in full. The caller's data scope is put in front of the pipeline for the collection
 * it runs on, but a joined collection would otherwise be read without its own permission: so, with security on, a
 * joined collection must be one the ACL lets the caller read as {@code GET /{db}/{coll}} without a readFilter or a
 * projectResponse (the users collection, whose hashes are always hidden, never qualifies). A target naming another
 * database is refused at any depth. (The same rule as the aggregate plugin's, docs/plugins.md#aggregations-and-the-access-control-list;
 * a plugin depends on the SPI only, so it keeps its own copy.)
 */
final class JoinCheck {

    private JoinCheck() {
    }

    /** Refuses the pipeline (403 {@code stage-not-allowed}) when it reads a collection the caller may not read fully. */
    static void check(Object pipeline, Namespace runsOn, Optional<Principal> caller, AccessControl access) {
        Set<String> allowedStages = Set.of();
        for (QueryWalker.Join target : QueryWalker.joins(pipeline)) {
            String db = target.database() == null ? runsOn.database().value() : target.database();
            if (!db.equals(runsOn.database().value())) {
                if (allowedStages.contains(target.stage())) {
                    continue;
                }
                throw denied("The stage " + target.stage() + " may only read collections of the database '"
                        + runsOn.database().value() + "'");
            }
            if (caller.isEmpty()) {
                continue; // security off
            }
            // the pipeline's own collection too: a $lookup into it reads it without the scope put in front
            CollectionName collection;
            try {
                collection = new CollectionName(target.collection());
            } catch (RuntimeException e) {
                throw denied("The stage " + target.stage() + " names the collection '" + target.collection()
                        + "', which cannot be read through the API");
            }
            Optional<DataScope> readable = access.readScope(caller.get(), new Namespace(runsOn.database(), collection));
            if (readable.isEmpty()) {
                throw denied("The stage " + target.stage() + " reads the collection '" + collection.value()
                        + "', which you may not read");
            }
            DataScope scope = readable.get();
            if (!(scope.readFilter() instanceof Filter.All) || !scope.projectResponse().isNone()) {
                throw denied("The stage " + target.stage() + " reads the collection '" + collection.value()
                        + "', which your permission restricts (readFilter or projectResponse); only collections you "
                        + "may read in full can be joined");
            }
        }
    }

    private static MangroveException denied(String detail) {
        return MangroveException.forbidden("stage-not-allowed", detail);
    }
}
