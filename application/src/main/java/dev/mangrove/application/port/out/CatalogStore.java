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

    /** Whether the collection exists. */
    boolean collectionExists(Namespace namespace);
}
