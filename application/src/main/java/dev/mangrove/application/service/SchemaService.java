package dev.mangrove.application.service;

import dev.mangrove.application.port.in.ManageSchemasUseCase;
import dev.mangrove.application.port.out.CatalogStore;
import dev.mangrove.application.port.out.SchemaReferences;
import dev.mangrove.application.port.out.SchemaStore;
import dev.mangrove.application.port.out.SchemaValidator;
import dev.mangrove.domain.document.Document;
import dev.mangrove.domain.document.ObjectIdValue;
import dev.mangrove.domain.error.MangroveException;
import dev.mangrove.domain.resource.DatabaseName;

import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The JSON Schema store (docs/management.md). Keys starting with {@code $} ({@code $schema}, {@code $ref}, …)
 * are stored as {@code _$…}, because MongoDB restricts {@code $}-prefixed field names; a key that
 * already starts with underscores and a {@code $} gets one more underscore, so the escape is reversible.
 */
public final class SchemaService implements ManageSchemasUseCase {
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final Pattern ESCAPED = Pattern.compile("_+\\$");

    private final SchemaStore store;
    private final SchemaValidator validator;
    /** Asked whether a database exists before listing its schemas; null: not asked. */
    private final CatalogStore catalog;

    /** A service over this store, checking schemas with this validator. */
    public SchemaService(SchemaStore store, SchemaValidator validator) {
        this(store, validator, null);
    }

    /** A service whose listing of a database's schemas answers 404 when the database does not exist. */
    public SchemaService(SchemaStore store, SchemaValidator validator, CatalogStore catalog) {
        this.store = Objects.requireNonNull(store, "store");
        this.validator = Objects.requireNonNull(validator, "validator");
        this.catalog = catalog;
    }

    @Override
    public List<Document> schemas(DatabaseName database) {
        if (catalog != null) {
            Existence.requireDatabase(catalog, database);
        }
        return store.schemas(database).stream().map(SchemaService::unescaped).toList();
    }

    @Override
    public Document schema(DatabaseName database, String id) {
        return find(database, id).orElseThrow(() -> notFound(id));
    }

    /** The schema with this id, as stored by the client (without {@code _id}). */
    Optional<Map<String, Object>> schemaBody(DatabaseName database, String id) {
        return find(database, id).map(found -> {
            Map<String, Object> body = new LinkedHashMap<>(found.fields());
            body.remove(Document.ID);
            return body;
        });
    }

    @Override
    public String create(DatabaseName database, Document schema) {
        Object given = schema.get(Document.ID);
        String id;
        if (given == null) {
            id = new ObjectIdValue(generatedHex()).hex();
        } else if (given instanceof String text && !text.isEmpty()) {
            id = text;
        } else {
            throw MangroveException.badRequest("invalid-schema-id", "A schema's \"_id\" must be a non-empty string");
        }
        if (store.schema(database, id).isPresent()) {
            throw MangroveException.conflict("schema-exists", "A schema with id '" + id
                    + "' already exists; PUT /{db}/_schemas/" + id + " replaces it");
        }
        put(database, id, schema);
        return id;
    }

    @Override
    public boolean put(DatabaseName database, String id, Document schema) {
        Map<String, Object> body = new LinkedHashMap<>(schema.fields());
        Object given = body.remove(Document.ID);
        if (given != null && !given.equals(id)) {
            throw MangroveException.badRequest("immutable-id", "The body's \"_id\" differs from the id in the path");
        }
        if (body.isEmpty()) {
            throw MangroveException.badRequest("invalid-schema", "The JSON Schema is empty");
        }
        validator.check(body, references(database, id));
        return store.save(database, id, new Document(escape(body)));
    }

    /** How the schema {@code id} of {@code database} reads the other stored schemas it references. */
    SchemaReferences references(DatabaseName database, String id) {
        return new SchemaReferences(SchemaReferences.uri(database.value(), id), ref -> schemaBody(database, ref));
    }

    @Override
    public boolean createStore(DatabaseName database) {
        return store.createStore(database);
    }

    @Override
    public void delete(DatabaseName database, String id) {
        if (catalog != null) { // a delete in a missing database must not create it (the embedded backend would)
            Existence.requireDatabase(catalog, database);
        }
        if (!store.delete(database, id)) {
            throw notFound(id);
        }
    }

    private Optional<Document> find(DatabaseName database, String id) {
        return store.schema(database, id).map(SchemaService::unescaped);
    }

    private static MangroveException notFound(String id) {
        return MangroveException.notFound("schema-not-found", "No schema with id '" + id + "'");
    }

    private static String generatedHex() {
        byte[] bytes = new byte[12];
        RANDOM.nextBytes(bytes);
        long seconds = System.currentTimeMillis() / 1000;
        for (int i = 0; i < 4; i++) {
            bytes[i] = (byte) (seconds >>> (24 - 8 * i));
        }
        return HexFormat.of().formatHex(bytes);
    }

    private static Document unescaped(Document stored) {
        @SuppressWarnings("unchecked")
        Map<String, Object> fields = (Map<String, Object>) rename(stored.fields(), false);
        return new Document(fields);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> escape(Map<String, Object> body) {
        return (Map<String, Object>) rename(body, true);
    }

    private static Object rename(Object value, boolean escape) {
        if (value instanceof Document document) {
            return rename(document.fields(), escape);
        }
        if (value instanceof Map<?, ?> map) {
            Map<String, Object> renamed = new LinkedHashMap<>();
            map.forEach((key, entry) -> {
                String name = String.valueOf(key);
                boolean escaped = ESCAPED.matcher(name).lookingAt();
                String stored = escape ? (name.startsWith("$") || escaped ? "_" + name : name)
                        : (escaped ? name.substring(1) : name);
                renamed.put(stored, rename(entry, escape));
            });
            return renamed;
        }
        if (value instanceof List<?> list) {
            List<Object> renamed = new ArrayList<>();
            list.forEach(entry -> renamed.add(rename(entry, escape)));
            return renamed;
        }
        return value;
    }
}
