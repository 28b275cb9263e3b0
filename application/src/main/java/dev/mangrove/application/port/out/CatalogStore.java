package dev.mangrove.application.port.out;

import dev.mangrove.domain.resource.DatabaseName;
import dev.mangrove.domain.resource.Namespace;

import java.util.List;

/** Lists what the backend holds. */
public interface CatalogStore {
    /** Every database name, unfiltered. */
    List<String> databaseNames();

    /** Every collection name in a database, unfiltered. */
    List<String> collectionNames(DatabaseName database);

    /** Whether the collection exists; asking never creates the database or the collection. */
    boolean collectionExists(Namespace namespace);

    /** Whether the database exists (has a collection); asking never creates it. */
    default boolean databaseExists(DatabaseName database) {
        return databaseNames().contains(database.value());
    }
}
