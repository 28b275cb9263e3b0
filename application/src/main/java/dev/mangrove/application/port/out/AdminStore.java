package dev.mangrove.application.port.out;

import dev.mangrove.domain.document.Document;
import dev.mangrove.domain.resource.DatabaseName;
import dev.mangrove.domain.resource.Namespace;

import java.util.Optional;

/** Creates and drops collections and databases and keeps their metadata in the reserved {@code _properties} collection. */
public interface AdminStore {
    /** Creates the collection with the backend's {@code createCollection} options. */
    void createCollection(Namespace namespace, Document options);

    /** Drops the collection. */
    void dropCollection(Namespace namespace);

    /** Drops the database. */
    void dropDatabase(DatabaseName database);

    /** The metadata stored under this key ({@code _id}) of the database's {@code _properties}, without its {@code _id}. */
    Optional<Document> metadata(DatabaseName database, String key);

    /** Stores (replaces) the metadata under this key, creating {@code _properties} when needed. */
    void saveMetadata(DatabaseName database, String key, Document metadata);

    /**
     * Stores (replaces) the metadata under this key only while the stored one is still exactly {@code current}
     * ({@code null}: only while none is stored), in one atomic operation; whether it was stored.
     */
    boolean saveMetadataIfUnchanged(DatabaseName database, String key, Document current, Document metadata);

    /**
     * Refuses (400, nothing written) metadata the backend cannot store, such as a dotted field name on the embedded
     * backend; callers check before their first write.
     */
    default void checkMetadata(Document metadata) {
    }

    /** Removes the metadata under this key, if any. */
    void deleteMetadata(DatabaseName database, String key);
}
