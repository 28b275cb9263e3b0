package dev.mangrove.application.port.in;

import dev.mangrove.domain.document.Document;
import dev.mangrove.domain.resource.DatabaseName;
import dev.mangrove.domain.resource.Namespace;
import dev.mangrove.domain.write.Precondition;

import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/** Creates and drops databases and collections and reads and writes their metadata (docs/management.md). */
public interface ManageCatalogUseCase {
    /** Creates the database or replaces its metadata; true when it was created. */
    default boolean putDatabase(DatabaseName database, Document metadata) {
        return putDatabase(database, metadata, Precondition.NONE);
    }

    /**
     * Creates the database or replaces its metadata; with {@code If-Match}, only while the metadata is that version
     * (checked and written atomically; 412 and nothing written otherwise, including when there is no database).
     */
    boolean putDatabase(DatabaseName database, Document metadata, Precondition precondition);

    /** Merges fields into an existing database's metadata and returns the result. */
    default Document patchDatabase(DatabaseName database, Document fields) {
        return patchDatabase(database, fields, Precondition.NONE);
    }

    /** Merges fields into an existing database's metadata (with {@code If-Match}: atomically, else 412). */
    Document patchDatabase(DatabaseName database, Document fields, Precondition precondition);

    /** Creates the collection (with {@code options} from the body) or replaces its metadata; true when created. */
    default boolean putCollection(Namespace namespace, Document body) {
        return putCollection(namespace, body, Precondition.NONE);
    }

    /**
     * Creates the collection or replaces its metadata; with {@code If-Match}, only while the collection exists and its
     * metadata is that version (atomically; 412 and nothing written otherwise).
     */
    boolean putCollection(Namespace namespace, Document body, Precondition precondition);

    /** Creates collections from {@code {"name", "options"}} specifications and returns their names. */
    List<String> createCollections(DatabaseName database, List<Document> specifications);

    /** The database's metadata; 404 when the database does not exist. */
    Document databaseMetadata(DatabaseName database);

    /** The collection's metadata; 404 when the collection does not exist. */
    Document collectionMetadata(Namespace namespace);

    /** Drops the collection when {@code force} or {@code ifMatch} matches its metadata's ETag; 412 when it does not, else 409. */
    void dropCollection(Namespace namespace, boolean force, Optional<String> ifMatch);

    /** Drops the user collections whose whole name matches, with the database's confirmation rule; their names. */
    List<String> dropCollections(DatabaseName database, Pattern names, boolean force, Optional<String> ifMatch);

    /** Drops the database when {@code force} or {@code ifMatch} matches its metadata's ETag; 412 when it does not, else 409. */
    void dropDatabase(DatabaseName database, boolean force, Optional<String> ifMatch);
}
