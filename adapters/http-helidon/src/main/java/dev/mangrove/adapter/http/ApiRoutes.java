package dev.mangrove.adapter.http;

import dev.mangrove.domain.error.ErrorKind;
import dev.mangrove.domain.error.MangroveException;
import dev.mangrove.domain.resource.MountTable;
import dev.mangrove.domain.resource.ResourceKind;
import dev.mangrove.domain.resource.Verb;

import java.util.List;
import java.util.Set;

import static dev.mangrove.adapter.http.RouteTable.Route;

/**
 * The route table's entries, one per resource kind of docs/api.md#resources: what each answers and who
 * serves it. Adding a resource kind is one entry here plus its handler.
 */
final class ApiRoutes {
    private static final String READ = "jsonMode, pretty";
    private static final String NONE = "-";

    private ApiRoutes() {
    }

    /** The table over these mounts, served by these handlers. */
    static RouteTable table(MountTable mounts, Handlers h, boolean security, List<RouteTable.Fixed> hosted) {
        RouteTable.Builder table = RouteTable.builder(mounts)
                .fixed("/health/live", Set.of("GET"), "liveness check (open)")
                .fixed("/health/ready", Set.of("GET"), "readiness check (open)");
        for (RouteTable.Fixed fixed : hosted) {
            table.fixed(fixed.path(), fixed.methods(), fixed.description(), fixed.documented());
        }
        if (security) {
            table.fixed(AuthEndpoints.TOKEN, Set.of(), "issues a bearer token (POST; 405 otherwise)", Set.of("POST"))
                    .fixed(AuthEndpoints.LOGIN, Set.of(), "alias of /token", Set.of("POST"))
                    .fixed(AuthEndpoints.ME, Set.of(), "the authenticated caller (GET, HEAD; 405 otherwise)",
                            Set.of("GET"));
        }
        CatalogHandlers catalog = h.catalog();
        CollectionHandlers collections = h.collections();
        DocumentHandlers documents = h.documents();
        IndexHandlers indexes = h.indexes();
        SchemaHandlers schemas = h.schemas();
        ExtensionEndpoints plugins = h.plugins();
        AdminHandlers admin = h.admin();
        FileHandlers files = h.files();
        addFileRoutes(table, files);
        return table
                .add(Route.of(ResourceKind.ROOT, "", "the databases")
                        .on(Verb.GET, catalog::databases, "lists the database names", "page, pagesize, " + READ, NONE,
                                "200"))
                .add(Route.of(ResourceKind.DATABASE, "/{db}", "a database: its collections")
                        .on(Verb.GET, catalog::collections, "lists the collection names (ETag of its metadata)",
                                "page, pagesize, " + READ, NONE, "200, 404")
                        .on(Verb.PUT, catalog::putDatabase, "creates the database or sets its metadata",
                                READ + "; If-Match", "metadata object (optional)", "201, 200, 412")
                        .on(Verb.PATCH, catalog::patchDatabase, "merges into the metadata", READ + "; If-Match",
                                "metadata object", "200, 404, 412")
                        .on(Verb.POST, catalog::createCollections, "creates collections", READ,
                                "{name, options} or an array of them", "201, 409")
                        .on(Verb.DELETE, catalog::dropDatabase, "drops the database, or the collections "
                                        + "filter={\"name\": …} selects", "force, where, filter; If-Match", NONE,
                                "204, 200, 409, 412"))
                .add(Route.of(ResourceKind.DATABASE_META, "/{db}/_meta", "database metadata")
                        .on(Verb.GET, catalog::databaseMeta, "the metadata with its ETag", READ + "; If-None-Match",
                                NONE, "200, 304, 404"))
                .add(Route.of(ResourceKind.DATABASE_SIZE, "/{db}/_size", "the number of collections")
                        .on(Verb.GET, catalog::databaseSize, "{\"_size\": n}", READ, NONE, "200"))
                .add(Route.of(ResourceKind.SCHEMAS, "/{db}/_schemas", "the JSON Schema store")
                        .on(Verb.GET, schemas::list, "lists the schemas", READ, NONE, "200")
                        .on(Verb.POST, schemas::create, "stores a new schema", READ, "JSON Schema", "201, 400")
                        .on(Verb.PUT, schemas::createStore, "creates the schema store (as RESTHeart)", NONE, NONE,
                                "201, 204"))
                .add(Route.of(ResourceKind.SCHEMA, "/{db}/_schemas/{id}", "a JSON Schema")
                        .on(Verb.GET, schemas::get, "the schema with its ETag", READ + "; If-None-Match", NONE,
                                "200, 304, 404")
                        .on(Verb.PUT, schemas::put, "creates or replaces the schema", NONE, "JSON Schema", "201, 200")
                        .on(Verb.DELETE, schemas::delete, "removes the schema", NONE, NONE, "204, 404, 409"))
                .add(Route.of(ResourceKind.COLLECTION, "/{db}/{coll}", "a collection: its documents")
                        .on(Verb.GET, collections::read, "a page of documents (ETag of the collection's metadata)",
                                "filter, sort, keys, page, pagesize, "
                                + "count, rep, pagination, " + READ + "; Accept", NONE, "200, 400, 404")
                        .on(Verb.POST, collections::insert, "inserts a document or an array of them (or replaces "
                                + "them, as wm says)", "wm, " + READ, "object or array", "201, 200, 207, 400, 404, 409")
                        .on(Verb.PUT, catalog::putCollection, "creates the collection or sets its metadata",
                                READ + "; If-Match", "metadata object (optional)", "201, 200, 412")
                        .on(Verb.PATCH, collections::updateAll, "updates the documents the filter selects",
                                "filter (mandatory), force", "update object", "200, 400")
                        .on(Verb.DELETE, x -> {
                            if (CollectionHandlers.filters(x)) {
                                collections.deleteAll(x);
                            } else {
                                catalog.dropCollection(x);
                            }
                        }, "with a filter deletes the documents it selects; without, drops the collection",
                                "filter, force; If-Match", NONE, "200, 204, 409, 412"))
                .add(Route.of(ResourceKind.COLLECTION_META, "/{db}/{coll}/_meta", "collection metadata")
                        .on(Verb.GET, catalog::collectionMeta, "the metadata with its ETag",
                                READ + "; If-None-Match", NONE, "200, 304, 404"))
                .add(Route.of(ResourceKind.COLLECTION_SIZE, "/{db}/{coll}/_size", "documents matching a filter")
                        .on(Verb.GET, collections::size, "{\"_size\": n}", "filter, " + READ, NONE, "200, 400"))
                .add(Route.of(ResourceKind.BULK_DOCUMENTS, "/{db}/{coll}/*", "the documents a filter selects")
                        .on(Verb.PATCH, collections::updateAll, "updates them", "filter (mandatory), force",
                                "update object", "200, 400")
                        .on(Verb.DELETE, collections::deleteAll, "deletes them", "filter (mandatory), force", NONE,
                                "200, 400"))
                .add(Route.of(ResourceKind.INDEXES, "/{db}/{coll}/_indexes", "the collection's indexes")
                        .on(Verb.GET, indexes::list, "lists the indexes", READ, NONE, "200"))
                .add(Route.of(ResourceKind.INDEX, "/{db}/{coll}/_indexes/{name}", "an index")
                        .on(Verb.PUT, indexes::create, "creates the index", NONE, "{keys, ops}", "201, 400, 409")
                        .on(Verb.DELETE, indexes::drop, "drops the index", NONE, NONE, "204, 404"))
                .add(Route.of(ResourceKind.DOCUMENT, "/{db}/{coll}/{docid}", "a document")
                        .on(Verb.GET, documents::get, "the document with its ETag",
                                "id_type, keys, " + READ + "; If-None-Match", NONE, "200, 304, 404")
                        .on(Verb.PUT, documents::replace, "replaces (or upserts) the document",
                                "id_type, wm, force; If-Match, Prefer", "document", "201, 204, 200, 412")
                        .on(Verb.PATCH, documents::patch, "updates the document",
                                "id_type, wm; If-Match, Prefer", "update object", "201, 204, 200, 404, 412")
                        .on(Verb.DELETE, documents::delete, "deletes the document", "id_type; If-Match", NONE,
                                "204, 404, 412"))
                .add(Route.of(ResourceKind.STREAM, "/{db}/{coll}/_streams/{name}", "a named change stream")
                        .on(Verb.GET, h.streams() == null ? ApiRoutes::notImplemented : h.streams()::get,
                                "its events as Server-Sent Events (or over a WebSocket upgrade)",
                                "avars, resumeAfter, " + READ + "; Accept: text/event-stream, Last-Event-ID", NONE,
                                "200, 400, 403, 404, 406, 501"))
                .add(Route.of(ResourceKind.DISTINCT, "/{db}/{coll}/_distinct", "distinct values (plugin distinct)")
                        .plugin(plugins::serve))
                .add(Route.of(ResourceKind.AGGREGATE, "/{db}/{coll}/_aggregate",
                        "an ad-hoc pipeline (plugin aggregate)").plugin(plugins::serve))
                .add(Route.of(ResourceKind.AGGREGATION, "/{db}/{coll}/_aggrs/{name}",
                        "a named aggregation (plugin aggregate)").plugin(plugins::serve))
                .add(Route.of(ResourceKind.USERS, "/_users", "the users (root role only by default)")
                        .on(Verb.GET, admin::listUsers, "lists the users: name, roles, disabled, created", NONE, NONE,
                                "200")
                        .on(Verb.POST, admin::createUser, "creates a user", NONE, "{name, password, roles}",
                                "201, 400, 409, 501"))
                .add(Route.of(ResourceKind.USER, "/_users/{name}", "a user (root role only by default)")
                        .on(Verb.GET, admin::getUser, "the user: name, roles, disabled, created", NONE, NONE,
                                "200, 404")
                        .on(Verb.PATCH, admin::updateUser, "changes password, roles, disabled or name", NONE,
                                "{password, roles, disabled, name}", "200, 400, 404, 409, 501")
                        .on(Verb.DELETE, admin::deleteUser, "deletes the user", NONE, NONE, "204, 404, 501"))
                .add(Route.of(ResourceKind.API_KEYS, "/_keys", "the API keys (root role only by default)")
                        .on(Verb.GET, admin::listKeys, "lists the keys: name, roles, created, lastUsed", NONE, NONE,
                                "200")
                        .on(Verb.POST, admin::createKey, "creates a key, shown once in the answer", NONE,
                                "{name, roles}", "201, 400, 409"))
                .add(Route.of(ResourceKind.API_KEY, "/_keys/{name}", "an API key (root role only by default)")
                        .on(Verb.DELETE, admin::deleteKey, "revokes the key", NONE, NONE, "204, 404"))
                .add(Route.of(ResourceKind.ROOT_EXTENSION, "/{extension}", "a plugin endpoint at the root")
                        .plugin(plugins::serve))
                .add(Route.of(ResourceKind.DATABASE_EXTENSION, "/{db}/{extension}", "a plugin endpoint in a database")
                        .plugin(plugins::serve))
                .add(Route.of(ResourceKind.COLLECTION_EXTENSION, "/{db}/{coll}/{extension}",
                        "a plugin endpoint in a collection").plugin(plugins::serve))
                .build();
    }

    /** The GridFS bucket routes (docs/files.md). */
    private static void addFileRoutes(RouteTable.Builder table, FileHandlers files) {
        table.add(Route.of(ResourceKind.FILE_BUCKET, "/{db}/{bucket}.files", "a GridFS bucket: its files")
                        .on(Verb.GET, files::list, "a page of file metadata documents (read like a collection)",
                                "filter, sort, keys, page, pagesize, count, rep, " + READ, NONE, "200, 400, 404")
                        .on(Verb.POST, files::upload, "uploads a file with a new ObjectId", NONE,
                                "multipart/form-data: file, properties (optional JSON)", "201, 400, 404, 413, 415")
                        .on(Verb.PUT, files::createBucket, "creates the bucket or sets its metadata", "If-Match",
                                "metadata object (optional)", "201, 200, 412")
                        .on(Verb.DELETE, files::dropBucket, "drops the bucket (files and chunks)", "force; If-Match",
                                NONE, "204, 409, 412"))
                .add(Route.of(ResourceKind.FILE, "/{db}/{bucket}.files/{fileid}", "a file's metadata")
                        .on(Verb.GET, files::metadata, "the files document with its ETag",
                                "id_type, keys, " + READ + "; If-None-Match", NONE, "200, 304, 404")
                        .on(Verb.PUT, files::put, "multipart: uploads the file at this id; JSON: replaces its metadata",
                                "id_type", "multipart/form-data or metadata object", "201, 204, 400, 404, 409, 413")
                        .on(Verb.PATCH, files::patch, "merges fields into its metadata", "id_type", "metadata object",
                                "204, 400, 404")
                        .on(Verb.DELETE, files::delete, "deletes the file and all its chunks", "id_type", NONE,
                                "204, 404"))
                .add(Route.of(ResourceKind.FILE_BINARY, "/{db}/{bucket}.files/{fileid}/binary", "a file's content")
                        .on(Verb.GET, files::binary, "the content, streamed (HEAD: its headers)",
                                "id_type, inline; Range, If-Range, If-None-Match", NONE, "200, 206, 304, 404, 416"));
    }

    private static void notImplemented(Exchange x) {
        throw MangroveException.of(ErrorKind.NOT_IMPLEMENTED, "not-implemented",
                "This resource is not available on this server yet");
    }

    /** The handlers of the API, grouped by resource; {@code streams} null when change streams are not wired (501). */
    record Handlers(CatalogHandlers catalog, CollectionHandlers collections, DocumentHandlers documents,
                    IndexHandlers indexes, SchemaHandlers schemas, ExtensionEndpoints plugins,
                    AdminHandlers admin, FileHandlers files, StreamHandlers streams) {
    }
}
