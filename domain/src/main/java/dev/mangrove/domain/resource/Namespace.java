package dev.mangrove.domain.resource;

import java.util.Objects;

/**
 * A collection in a database: the real names, never shown to clients of a hidden mount.
 *
 * @param database   the database
 * @param collection the collection
 */
public record Namespace(DatabaseName database, CollectionName collection) {
    public Namespace {
        Objects.requireNonNull(database, "database");
        Objects.requireNonNull(collection, "collection");
    }

    /** A namespace from two raw names, validated. */
    public static Namespace of(String database, String collection) {
        return new Namespace(new DatabaseName(database), new CollectionName(collection));
    }
}
