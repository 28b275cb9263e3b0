package dev.mangrove.adapter.http;

import dev.mangrove.application.port.in.BrowseCatalogUseCase;
import dev.mangrove.application.port.in.BulkWriteDocumentsUseCase;
import dev.mangrove.application.port.in.CheckHealthUseCase;
import dev.mangrove.application.port.in.FindDocumentsUseCase;
import dev.mangrove.application.port.in.GetDocumentUseCase;
import dev.mangrove.application.port.in.InsertDocumentsUseCase;
import dev.mangrove.application.port.in.WriteDocumentUseCase;

import dev.mangrove.application.port.in.ManageCatalogUseCase;
import dev.mangrove.application.port.in.ManageFilesUseCase;
import dev.mangrove.application.port.in.ManageIndexesUseCase;
import dev.mangrove.application.port.in.ManageSchemasUseCase;

import java.util.Objects;

/**
 * The use cases the HTTP adapter drives.
 *
 * @param catalog lists databases and collections
 * @param find    reads collections
 * @param get     reads documents
 * @param insert  inserts documents
 * @param write   replaces, patches and deletes documents
 * @param bulkWrite updates and deletes the documents a filter selects
 * @param health  reports readiness
 * @param manageCatalog creates and drops databases and collections and keeps their metadata
 * @param indexes lists, creates and drops indexes
 * @param schemas keeps the JSON Schema store
 * @param files   GridFS buckets (docs/files.md); {@code null} when not wired
 */
public record UseCases(BrowseCatalogUseCase catalog, FindDocumentsUseCase find, GetDocumentUseCase get,
                       InsertDocumentsUseCase insert, WriteDocumentUseCase write, CheckHealthUseCase health,
                       BulkWriteDocumentsUseCase bulkWrite, ManageCatalogUseCase manageCatalog,
                       ManageIndexesUseCase indexes, ManageSchemasUseCase schemas, ManageFilesUseCase files) {
    /** Use cases without file buckets (their routes answer 501). */
    public UseCases(BrowseCatalogUseCase catalog, FindDocumentsUseCase find, GetDocumentUseCase get,
                    InsertDocumentsUseCase insert, WriteDocumentUseCase write, CheckHealthUseCase health,
                    BulkWriteDocumentsUseCase bulkWrite, ManageCatalogUseCase manageCatalog,
                    ManageIndexesUseCase indexes, ManageSchemasUseCase schemas) {
        this(catalog, find, get, insert, write, health, bulkWrite, manageCatalog, indexes, schemas, null);
    }

    public UseCases {
        Objects.requireNonNull(catalog, "catalog");
        Objects.requireNonNull(find, "find");
        Objects.requireNonNull(get, "get");
        Objects.requireNonNull(insert, "insert");
        Objects.requireNonNull(write, "write");
        Objects.requireNonNull(health, "health");
        Objects.requireNonNull(bulkWrite, "bulkWrite");
        Objects.requireNonNull(manageCatalog, "manageCatalog");
        Objects.requireNonNull(schemas, "schemas");
        Objects.requireNonNull(indexes, "indexes");
    }
}
