package dev.mangrove.application.service;

import dev.mangrove.application.port.out.CatalogStore;
import dev.mangrove.domain.error.MangroveException;
import dev.mangrove.domain.resource.DatabaseName;
import dev.mangrove.domain.resource.Namespace;

/**
 * The 404s of a read on a database or collection that does not exist (docs/api.md#missing-resources): asked before
 * the read, so a read never creates anything.
 */
final class Existence {
    private Existence() {
    }

    /** 404 {@code database-not-found} unless the database exists. */
    static void requireDatabase(CatalogStore catalog, DatabaseName database) {
        if (!catalog.databaseExists(database)) {
            throw MangroveException.notFound("database-not-found", "The database does not exist");
        }
    }

    /** 404 {@code database-not-found} or {@code collection-not-found} unless the collection exists. */
    static void requireCollection(CatalogStore catalog, Namespace namespace) {
        requireDatabase(catalog, namespace.database());
        if (!catalog.collectionExists(namespace)) {
            throw MangroveException.notFound("collection-not-found", "The collection does not exist");
        }
    }
}
