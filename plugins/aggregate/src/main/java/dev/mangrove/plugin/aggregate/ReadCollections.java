package dev.mangrove.plugin.aggregate;

import dev.mangrove.domain.document.Document;
import dev.mangrove.domain.error.MangroveException;
import dev.mangrove.domain.query.Filter;
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

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.LinkedHashSet;
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
 * database is refused at any depth unless the stage is in {@code allowed-stages}.
 */
final class ReadCollections {

    private ReadCollections() {
    }

    /** Refuses the pipeline (403 {@code stage-not-allowed}) when it reads a collection the caller may not read fully. */
    static void check(Object pipeline, Namespace runsOn, Optional<Principal> caller, AccessControl access,
                      Set<String> allowedStages) {
        for (Target target : targets(pipeline)) {
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

    /** Every collection the pipeline names as a source, in order of discovery. */
    static Set<Target> targets(Object pipeline) {
        Set<Target> out = new LinkedHashSet<>();
        Deque<Object> pending = new ArrayDeque<>();
        pending.push(pipeline);
        while (!pending.isEmpty()) {
            Object value = pending.pop();
            Map<String, Object> map = asMap(value);
            if (map != null) {
                for (Map.Entry<String, Object> entry : map.entrySet()) {
                    String key = entry.getKey();
                    Object spec = entry.getValue();
                    if ("$lookup".equals(key) || "$graphLookup".equals(key)) {
                        Map<String, Object> fields = asMap(spec);
                        if (fields != null && fields.get("from") != null) {
                            target(key, fields.get("from")).ifPresent(out::add);
                        }
                    } else if ("$unionWith".equals(key)) {
                        Map<String, Object> fields = asMap(spec);
                        // {coll: name | {db, coll}, pipeline}; a {db, coll} at the top is read as a qualified name too
                        Object from = fields == null ? spec : fields.containsKey("db") ? fields : fields.get("coll");
                        target(key, from).ifPresent(out::add);
                    }
                    if (spec != null) {
                        pending.push(spec);
                    }
                }
            } else if (value instanceof List<?> list) {
                for (Object element : list) {
                    if (element != null) {
                        pending.push(element);
                    }
                }
            }
        }
        return out;
    }

    private static Optional<Target> target(String stage, Object from) {
        if (from instanceof String name) {
            return Optional.of(new Target(stage, null, name));
        }
        Map<String, Object> qualified = asMap(from);
        if (qualified != null) {
            Object db = qualified.get("db");
            Object coll = qualified.get("coll");
            return Optional.of(new Target(stage, db == null ? null : String.valueOf(db),
                    coll == null ? "" : String.valueOf(coll)));
        }
        return from == null ? Optional.empty() : Optional.of(new Target(stage, null, String.valueOf(from)));
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> asMap(Object value) {
        return switch (value) {
            case Document document -> document.fields();
            case Map<?, ?> map -> (Map<String, Object>) map;
            case null, default -> null;
        };
    }

    private static MangroveException denied(String detail) {
        return MangroveException.forbidden("stage-not-allowed", detail);
    }

    /** A collection a stage reads: {@code database} is {@code null} for the pipeline's own database. */
    record Target(String stage, String database, String collection) {
    }
}
