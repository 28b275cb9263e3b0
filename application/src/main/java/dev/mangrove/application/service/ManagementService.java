package dev.mangrove.application.service;

import dev.mangrove.application.port.in.ManageCatalogUseCase;
import dev.mangrove.application.port.in.ManageIndexesUseCase;
import dev.mangrove.application.port.out.AdminStore;
import dev.mangrove.application.port.out.CatalogStore;
import dev.mangrove.application.port.out.IndexStore;
import dev.mangrove.domain.document.Document;
import dev.mangrove.domain.document.ETag;
import dev.mangrove.domain.error.ErrorKind;
import dev.mangrove.domain.error.MangroveException;
import dev.mangrove.domain.resource.CollectionName;
import dev.mangrove.domain.resource.DatabaseName;
import dev.mangrove.domain.resource.Namespace;
import dev.mangrove.domain.write.Precondition;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

/** Databases, collections, their metadata and indexes (docs/management.md). */
public final class ManagementService implements ManageCatalogUseCase, ManageIndexesUseCase {
    /** The key of the database's own metadata in {@code _properties}. */
    static final String DATABASE_KEY = "_db";
    private static final String ID_INDEX = "_id_";
    private static final Set<String> INDEX_BODY_FIELDS = Set.of("keys", "ops");
    private static final Set<String> INDEX_OPTIONS = Set.of("unique", "sparse", "partialFilterExpression",
            "expireAfterSeconds", "collation", "hidden", "weights", "default_language", "language_override",
            "textIndexVersion", "2dsphereIndexVersion", "bits", "min", "max", "wildcardProjection", "background");
    private static final Set<String> INDEX_KINDS = Set.of("text", "2d", "2dsphere", "hashed");

    private final CatalogStore catalog;
    private final AdminStore admin;
    private final IndexStore indexes;

    /** A service over these stores. */
    public ManagementService(CatalogStore catalog, AdminStore admin, IndexStore indexes) {
        this.catalog = Objects.requireNonNull(catalog, "catalog");
        this.admin = Objects.requireNonNull(admin, "admin");
        this.indexes = Objects.requireNonNull(indexes, "indexes");
    }

    @Override
    public boolean putDatabase(DatabaseName database, Document metadata, Precondition precondition) {
        admin.checkMetadata(metadata);
        boolean exists = databaseExists(database);
        if (precondition.present()) {
            if (!exists) {
                throw preconditionFailed("there is no database");
            }
            saveIfUnchanged(database, DATABASE_KEY, precondition, withoutId(metadata));
            return false;
        }
        admin.saveMetadata(database, DATABASE_KEY, withoutId(metadata));
        return !exists;
    }

    @Override
    public Document patchDatabase(DatabaseName database, Document fields, Precondition precondition) {
        if (!databaseExists(database)) {
            throw MangroveException.notFound("database-not-found", "The database does not exist");
        }
        admin.checkMetadata(fields);
        Optional<Document> stored = admin.metadata(database, DATABASE_KEY);
        Document current = stored.orElseGet(Document::empty);
        Map<String, Object> merged = new LinkedHashMap<>(current.fields());
        merged.putAll(withoutId(fields).fields());
        Document result = new Document(merged);
        if (precondition.present()) {
            if (!precondition.admits(ETag.of(current))
                    || !admin.saveMetadataIfUnchanged(database, DATABASE_KEY, stored.orElse(null), result)) {
                throw preconditionFailed("the metadata is another version");
            }
            return result;
        }
        admin.saveMetadata(database, DATABASE_KEY, result);
        return result;
    }

    @Override
    public boolean putCollection(Namespace namespace, Document body, Precondition precondition) {
        Document options = options(body.get("options"), "options");
        Map<String, Object> metadata = new LinkedHashMap<>(withoutId(body).fields());
        metadata.remove("options");
        admin.checkMetadata(new Document(metadata));
        boolean exists = catalog.collectionExists(namespace);
        if (!exists && precondition.present()) {
            throw preconditionFailed("there is no collection");
        }
        if (!exists) {
            admin.createCollection(namespace, options);
        } else if (!options.isEmpty()) {
            throw MangroveException.badRequest("invalid-body",
                    "The collection already exists: its options cannot be changed by PUT; send only metadata");
        }
        if (precondition.present()) {
            saveIfUnchanged(namespace.database(), namespace.collection().value(), precondition,
                    new Document(metadata));
            return false;
        }
        admin.saveMetadata(namespace.database(), namespace.collection().value(), new Document(metadata));
        return !exists;
    }

    /** Replaces the metadata under {@code key} only while it is the version {@code If-Match} names, atomically. */
    private void saveIfUnchanged(DatabaseName database, String key, Precondition precondition, Document metadata) {
        Optional<Document> stored = admin.metadata(database, key);
        if (!precondition.admits(ETag.of(stored.orElseGet(Document::empty)))
                || !admin.saveMetadataIfUnchanged(database, key, stored.orElse(null), metadata)) {
            throw preconditionFailed("the metadata is another version");
        }
    }

    private static MangroveException preconditionFailed(String why) {
        return MangroveException.of(ErrorKind.PRECONDITION_FAILED, "precondition-failed",
                "If-Match names a version, but " + why + "; GET its _meta again and retry");
    }

    @Override
    public List<String> createCollections(DatabaseName database, List<Document> specifications) {
        if (specifications.isEmpty()) {
            throw MangroveException.badRequest("invalid-body", "Send {\"name\": …, \"options\": {…}} or an array of them");
        }
        List<Namespace> namespaces = new ArrayList<>();
        List<Document> options = new ArrayList<>();
        for (Document spec : specifications) {
            for (String field : spec.fields().keySet()) {
                if (!field.equals("name") && !field.equals("options")) {
                    throw MangroveException.badRequest("invalid-body", "Unknown field '" + field
                            + "': a collection specification has only \"name\" and \"options\"");
                }
            }
            if (!(spec.get("name") instanceof String name)) {
                throw MangroveException.badRequest("invalid-body", "Each collection needs a string \"name\"");
            }
            if (!CollectionName.isUserCollection(name)) {
                throw MangroveException.badRequest("invalid-collection-name", "'" + name
                        + "' is not a valid collection name (reserved or invalid)");
            }
            Namespace namespace = new Namespace(database, new CollectionName(name));
            if (catalog.collectionExists(namespace) || namespaces.contains(namespace)) {
                throw MangroveException.conflict("collection-exists", "The collection '" + name + "' already exists");
            }
            namespaces.add(namespace);
            options.add(options(spec.get("options"), "options"));
        }
        List<String> created = new ArrayList<>();
        for (int i = 0; i < namespaces.size(); i++) {
            admin.createCollection(namespaces.get(i), options.get(i));
            created.add(namespaces.get(i).collection().value());
        }
        return created;
    }

    @Override
    public Document databaseMetadata(DatabaseName database) {
        if (!databaseExists(database)) {
            throw MangroveException.notFound("database-not-found", "The database does not exist");
        }
        return admin.metadata(database, DATABASE_KEY).orElseGet(Document::empty);
    }

    @Override
    public Document collectionMetadata(Namespace namespace) {
        requireCollection(namespace);
        return admin.metadata(namespace.database(), namespace.collection().value()).orElseGet(Document::empty);
    }

    @Override
    public void dropCollection(Namespace namespace, boolean force, Optional<String> ifMatch) {
        confirm(collectionMetadata(namespace), force, ifMatch, "collection", "/{db}/{coll}/_meta");
        admin.dropCollection(namespace);
        admin.deleteMetadata(namespace.database(), namespace.collection().value());
    }

    @Override
    public List<String> dropCollections(DatabaseName database, Pattern names, boolean force, Optional<String> ifMatch) {
        confirm(databaseMetadata(database), force, ifMatch, "database's collections", "/{db}/_meta");
        List<String> dropped = new ArrayList<>();
        for (String name : catalog.collectionNames(database)) {
            if (CollectionName.isUserCollection(name) && names.matcher(name).matches()) {
                Namespace namespace = new Namespace(database, new CollectionName(name));
                admin.dropCollection(namespace);
                admin.deleteMetadata(database, name);
                dropped.add(name);
            }
        }
        return dropped;
    }

    @Override
    public void dropDatabase(DatabaseName database, boolean force, Optional<String> ifMatch) {
        confirm(databaseMetadata(database), force, ifMatch, "database", "/{db}/_meta");
        admin.dropDatabase(database);
    }

    @Override
    public List<Document> indexes(Namespace namespace) {
        requireCollection(namespace);
        return indexes.indexes(namespace);
    }

    @Override
    public void create(Namespace namespace, String name, Document body) {
        if (name.isEmpty() || name.startsWith("$") || name.indexOf('\0') >= 0) {
            throw MangroveException.badRequest("invalid-index", "'" + name + "' is not a valid index name");
        }
        for (String field : body.fields().keySet()) {
            if (!INDEX_BODY_FIELDS.contains(field)) {
                throw MangroveException.badRequest("invalid-index", "Unknown field '" + field
                        + "': an index body has \"keys\" and optionally \"ops\"");
            }
        }
        Document keys = body.get("keys") instanceof Map<?, ?> ? options(body.get("keys"), "keys") : Document.empty();
        if (keys.isEmpty()) {
            throw MangroveException.badRequest("invalid-index",
                    "\"keys\" must be a non-empty object such as {\"name\": 1, \"born\": -1}");
        }
        keys.fields().forEach((field, direction) -> {
            boolean valid = direction instanceof Number n ? n.doubleValue() != 0
                    : direction instanceof String kind && INDEX_KINDS.contains(kind);
            if (!valid) {
                throw MangroveException.badRequest("invalid-index", "The key '" + field
                        + "' must be 1, -1 or one of " + new TreeSet<>(INDEX_KINDS));
            }
        });
        if (body.get("ops") != null && !(body.get("ops") instanceof Map<?, ?>)) {
            throw MangroveException.badRequest("invalid-index", "\"ops\" must be an object such as {\"unique\": true}");
        }
        Document ops = options(body.get("ops"), "ops");
        for (String option : ops.fields().keySet()) {
            if (!INDEX_OPTIONS.contains(option)) {
                throw MangroveException.badRequest("invalid-index", "Unknown index option '" + option
                        + "'; supported: " + new TreeSet<>(INDEX_OPTIONS));
            }
        }
        for (String flag : List.of("unique", "sparse", "hidden")) {
            if (ops.get(flag) != null && !(ops.get(flag) instanceof Boolean)) {
                throw MangroveException.badRequest("invalid-index", "\"ops." + flag + "\" must be true or false");
            }
        }
        if (ops.get("expireAfterSeconds") != null && !(ops.get("expireAfterSeconds") instanceof Number)) {
            throw MangroveException.badRequest("invalid-index", "\"ops.expireAfterSeconds\" must be a number");
        }
        for (String objectOption : List.of("partialFilterExpression", "collation")) {
            if (ops.get(objectOption) != null && !(ops.get(objectOption) instanceof Map<?, ?>)) {
                throw MangroveException.badRequest("invalid-index", "\"ops." + objectOption + "\" must be an object");
            }
        }
        if (indexNamed(namespace, name).isPresent()) {
            throw MangroveException.conflict("index-exists", "An index named '" + name
                    + "' already exists; DELETE it first to change it");
        }
        if (catalog.collectionExists(namespace)) {
            List<Object> wanted = keySignature(keys.fields());
            for (Document index : indexes.indexes(namespace)) {
                if (index.get("key") instanceof Map<?, ?> existing && keySignature(existing).equals(wanted)) {
                    throw MangroveException.conflict("index-exists", "The index '" + index.get("name")
                            + "' already has these keys; DELETE it first to change it");
                }
            }
        }
        indexes.create(namespace, name, keys, ops);
    }

    @Override
    public void drop(Namespace namespace, String name) {
        if (ID_INDEX.equals(name)) {
            throw MangroveException.badRequest("cannot-drop-id-index", "The _id_ index cannot be dropped");
        }
        requireCollection(namespace);
        if (indexNamed(namespace, name).isEmpty()) {
            throw MangroveException.notFound("index-not-found", "The collection has no index named '" + name + "'");
        }
        indexes.drop(namespace, name);
    }

    private Optional<Document> indexNamed(Namespace namespace, String name) {
        if (!catalog.collectionExists(namespace)) {
            return Optional.empty();
        }
        return indexes.indexes(namespace).stream().filter(index -> name.equals(index.get("name"))).findFirst();
    }

    /** Key names and directions in order, numbers compared by value (1 and 1.0 are the same direction). */
    private static List<Object> keySignature(Map<?, ?> keys) {
        List<Object> signature = new ArrayList<>();
        keys.forEach((field, direction) -> {
            signature.add(String.valueOf(field));
            signature.add(direction instanceof Number n ? (Object) n.doubleValue() : String.valueOf(direction));
        });
        return signature;
    }

    private static void confirm(Document metadata, boolean force, Optional<String> ifMatch, String what,
                                String metaPath) {
        if (force) {
            return;
        }
        if (ifMatch.isPresent()) {
            if (ETag.of(metadata).matchesHeader(ifMatch.get())) {
                return;
            }
            throw MangroveException.of(ErrorKind.PRECONDITION_FAILED, "precondition-failed",
                    "If-Match does not match the current ETag of GET " + metaPath + "; nothing was dropped");
        }
        throw MangroveException.of(ErrorKind.CONFLICT, "confirmation-required", "Dropping a " + what
                + " needs confirmation: add ?force=true, or send If-Match: <the ETag of GET " + metaPath + ">");
    }

    private void requireCollection(Namespace namespace) {
        Existence.requireCollection(catalog, namespace);
    }

    private boolean databaseExists(DatabaseName database) {
        return catalog.databaseExists(database);
    }

    private static Document options(Object value, String field) {
        if (value == null) {
            return Document.empty();
        }
        if (value instanceof Document document) {
            return document;
        }
        if (value instanceof Map<?, ?> map) {
            Map<String, Object> fields = new LinkedHashMap<>();
            map.forEach((name, entry) -> fields.put(String.valueOf(name), entry));
            return new Document(fields);
        }
        throw MangroveException.badRequest("invalid-body", "\"" + field + "\" must be an object");
    }

    private static Document withoutId(Document document) {
        if (!document.hasId()) {
            return document;
        }
        Map<String, Object> fields = new LinkedHashMap<>(document.fields());
        fields.remove(Document.ID);
        return new Document(fields);
    }
}
