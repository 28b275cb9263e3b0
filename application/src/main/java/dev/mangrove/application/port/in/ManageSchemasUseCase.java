package dev.mangrove.application.port.in;

import dev.mangrove.domain.document.Document;
import dev.mangrove.domain.resource.DatabaseName;

import java.util.List;

/** The JSON Schema store of a database: {@code /{db}/_schemas} and {@code /{db}/_schemas/{id}} (docs/management.md). */
public interface ManageSchemasUseCase {
    /** Every schema of the database, each with its {@code _id}. */
    List<Document> schemas(DatabaseName database);

    /** The schema with this id; 404 {@code schema-not-found} when there is none. */
    Document schema(DatabaseName database, String id);

    /** Stores a new schema under its string {@code _id} or a generated one, checking it first; its id. */
    String create(DatabaseName database, Document schema);

    /** Stores (creates or replaces) the schema under this id, checking it first; whether it was created. */
    boolean put(DatabaseName database, String id, Document schema);

    /** Creates the database's schema store (idempotent, as RESTHeart's {@code PUT /{db}/_schemas}); true when created. */
    boolean createStore(DatabaseName database);

    /** Deletes the schema with this id; 404 {@code schema-not-found} when there is none. */
    void delete(DatabaseName database, String id);
}
