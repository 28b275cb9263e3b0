package dev.mangrove.application.port.out;

import dev.mangrove.domain.document.Document;
import dev.mangrove.domain.resource.DatabaseName;

import java.util.List;
import java.util.Optional;

/** Keeps the JSON Schemas of a database in its reserved {@code _schemas} collection, by string id. */
public interface SchemaStore {
    /** Every stored schema of the database, each with its {@code _id}, in id order. */
    List<Document> schemas(DatabaseName database);

    /** The stored schema with this id, with its {@code _id}. */
    Optional<Document> schema(DatabaseName database, String id);

    /** Stores (creates or replaces) the schema under this id; whether it was created. */
    boolean save(DatabaseName database, String id, Document schema);

    /** Creates the database's empty schema store (RESTHeart's {@code PUT /{db}/_schemas}); false when it existed. */
    boolean createStore(DatabaseName database);

    /** Removes the schema with this id; whether there was one. */
    boolean delete(DatabaseName database, String id);
}
