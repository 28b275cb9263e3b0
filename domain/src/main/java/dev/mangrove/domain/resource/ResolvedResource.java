package dev.mangrove.domain.resource;

import dev.mangrove.domain.error.MangroveException;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A request path resolved against the mounts: what it addresses, with the real names to act on
 * and the public paths to show.
 *
 * @param kind            what the path addresses
 * @param mount           the mount that matched
 * @param database        the real database, or {@code null} at the root
 * @param collection      the real collection, or {@code null} above collection level
 * @param databasePath    the public path of the database, or {@code null} when it is not addressable
 * @param collectionPath  the public path of the collection, or {@code null}
 * @param name            the document id segment (decoded, {@code +} as space), or the index,
 *                        aggregation, stream, schema or extension name; {@code null} otherwise
 * @param rest            segments after an extension name (decoded)
 */
public record ResolvedResource(ResourceKind kind, Mount mount, DatabaseName database, CollectionName collection,
                               String databasePath, String collectionPath, String name, List<String> rest) {
    public ResolvedResource {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(mount, "mount");
        rest = List.copyOf(rest);
    }

    /** The real namespace; only for collection- and document-level resources. */
    public Namespace namespace() {
        if (database == null || collection == null) {
            throw new IllegalStateException(kind + " has no namespace");
        }
        return new Namespace(database, collection);
    }

    /** The real database, if the path is at or below database level. */
    public Optional<DatabaseName> databaseName() {
        return Optional.ofNullable(database);
    }

    /** The public path of the collection (what clients see), for collection and document resources. */
    public String publicCollectionPath() {
        return Objects.requireNonNull(collectionPath, "collectionPath");
    }

    /** Whether the mount allows {@code verb} here; otherwise a method-not-allowed failure naming the allowed verbs. */
    public void checkVerb(Verb verb, java.util.Set<Verb> supported) {
        boolean allowed = supported.contains(verb) && mount.methods().allows(kind.level(), verb);
        if (!allowed) {
            throw MangroveException.of(dev.mangrove.domain.error.ErrorKind.METHOD_NOT_ALLOWED, "method-not-allowed",
                    verb + " is not allowed on this resource")
                    .withAllowed(allowedVerbs(supported));
        }
    }

    /** The {@code Allow} header value: supported verbs the mount does not forbid, comma-separated. */
    public String allowHeader(java.util.Set<Verb> supported) {
        return String.join(", ", allowedVerbs(supported));
    }

    /** The supported verbs the mount does not forbid here, by name in declaration order. */
    public List<String> allowedVerbs(java.util.Set<Verb> supported) {
        List<String> out = new ArrayList<>();
        for (Verb v : Verb.values()) {
            if (supported.contains(v) && mount.methods().allows(kind.level(), v)) {
                out.add(v.name());
            }
        }
        return out;
    }
}
