package dev.mangrove.adapter.http;

import dev.mangrove.adapter.http.json.ExtendedJson;
import dev.mangrove.adapter.http.query.CollectionQueryParser;
import dev.mangrove.application.port.in.BulkWriteDocumentsUseCase;
import dev.mangrove.application.port.in.DeleteDocumentsCommand;
import dev.mangrove.application.port.in.InsertDocumentCommand;
import dev.mangrove.application.port.in.InsertDocumentsCommand;
import dev.mangrove.application.port.in.InsertDocumentsUseCase;
import dev.mangrove.application.port.in.ManageCatalogUseCase;
import dev.mangrove.application.port.in.SavedDocument;
import dev.mangrove.application.port.in.UpdateDocumentsCommand;
import dev.mangrove.application.port.in.BulkInsertResult;
import dev.mangrove.application.port.in.BulkUpdateResult;
import dev.mangrove.domain.document.Document;
import dev.mangrove.domain.document.ETag;
import dev.mangrove.domain.error.ErrorDetail;
import dev.mangrove.domain.error.MangroveException;
import dev.mangrove.domain.query.Filter;
import dev.mangrove.domain.query.QueryParameters;
import dev.mangrove.domain.write.Update;
import dev.mangrove.domain.write.WriteMode;
import io.helidon.http.HeaderNames;
import io.helidon.http.Status;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * {@code /{db}/{coll}}, {@code /{db}/{coll}/_size} and {@code /{db}/{coll}/*}: read a collection, count it,
 * insert documents, and update or delete the documents a filter selects (docs/api.md).
 */
final class CollectionHandlers {
    private final CollectionReader reader;
    private final InsertDocumentsUseCase insert;
    private final BulkWriteDocumentsUseCase bulkWrite;
    private final CollectionQueryParser parser;
    private final ExtendedJson json;
    private final Bodies bodies;
    private final ManageCatalogUseCase catalog;

    CollectionHandlers(CollectionReader reader, InsertDocumentsUseCase insert, BulkWriteDocumentsUseCase bulkWrite,
                       CollectionQueryParser parser, ExtendedJson json, Bodies bodies, ManageCatalogUseCase catalog) {
        this.reader = Objects.requireNonNull(reader, "reader");
        this.catalog = Objects.requireNonNull(catalog, "catalog");
        this.insert = Objects.requireNonNull(insert, "insert");
        this.bulkWrite = Objects.requireNonNull(bulkWrite, "bulkWrite");
        this.parser = Objects.requireNonNull(parser, "parser");
        this.json = Objects.requireNonNull(json, "json");
        this.bodies = Objects.requireNonNull(bodies, "bodies");
    }

    /**
     * GET: a page of documents (or the whole cursor, streamed) in the chosen representation, with the {@code ETag}
     * of the collection's metadata, as RESTHeart, for a drop with {@code If-Match}.
     */
    void read(Exchange x) {
        x.res().header(HeaderNames.ETAG, ETag.of(catalog.collectionMetadata(x.resource().namespace())).quoted());
        Representation rep = Representation.choose(x.params().first("rep"),
                x.params().has("hateoas") ? Optional.of(x.params().flag("hateoas")) : Optional.empty(),
                x.req().headers().acceptedTypes());
        reader.read(x, rep);
    }

    /** GET {@code _size}: how many documents match. */
    void size(Exchange x) {
        reader.size(x);
    }

    /**
     * POST: inserts one document (201 + Location) or an array of them (201, or 207 with errors); with {@code wm=update}
     * or {@code wm=upsert} replaces the documents with their {@code _id}s, 200 when nothing was inserted
     * (docs/api.md#write-modes-on-post).
     */
    void insert(Exchange x) {
        WriteMode wm = WriteMode.parse(x.params().first("wm").orElse(null), WriteMode.INSERT);
        Object body = bodies.read(x.req());
        if (body instanceof Document document) {
            SavedDocument saved = insert.save(new InsertDocumentCommand(x.resource().namespace(), document, x.scope(),
                    wm));
            Object id = saved.id();
            x.location(id);
            x.writeJson(saved.created() ? Status.CREATED_201 : Status.OK_200, g -> {
                g.writeStartObject();
                g.writeFieldName("_id");
                json.write(g, id, x.mode());
                g.writeEndObject();
            });
        } else if (body instanceof List<?> elements) {
            BulkInsertResult outcome = insert.insertAll(
                    InsertDocumentsCommand.of(x.resource().namespace(), elements, x.scope(), wm, ClientPresence.current()));
            Status status = !outcome.errors().isEmpty() ? Status.create(207, "Multi-Status")
                    : outcome.insertedIds().isEmpty() && wm != WriteMode.INSERT ? Status.OK_200 : Status.CREATED_201;
            x.writeJson(status, g -> {
                g.writeStartObject();
                g.writeNumberField("insertedCount", outcome.insertedIds().size());
                g.writeArrayFieldStart("insertedIds");
                for (Object id : outcome.insertedIds()) {
                    json.write(g, id, x.mode());
                }
                g.writeEndArray();
                if (wm != WriteMode.INSERT) {
                    g.writeNumberField("matchedCount", outcome.matchedCount());
                }
                if (!outcome.errors().isEmpty()) {
                    g.writeArrayFieldStart("errors");
                    for (ErrorDetail error : outcome.errors()) {
                        Problems.writeError(g, error);
                    }
                    g.writeEndArray();
                }
                g.writeEndObject();
            });
        } else {
            throw MangroveException.badRequest("invalid-body", "POST a JSON object or an array of JSON objects");
        }
    }

    /** PATCH: applies the body's update to every document the filter selects. */
    void updateAll(Exchange x) {
        Map<String, List<String>> filterParams = filterParams(x);
        Filter filter = parser.parse(filterParams).query().filter();
        Update update = patchUpdate(bodies.read(x.req()), null, false);
        BulkUpdateResult outcome = bulkWrite.updateAll(new UpdateDocumentsCommand(x.resource().namespace(),
                filter, !filterParams.isEmpty(), update, x.params().flag("force"), x.scope()));
        x.writeJson(Status.OK_200, g -> {
            g.writeStartObject();
            g.writeNumberField("matchedCount", outcome.matchedCount());
            g.writeNumberField("modifiedCount", outcome.modifiedCount());
            g.writeEndObject();
        });
    }

    /** DELETE: removes every document the filter selects. */
    void deleteAll(Exchange x) {
        Map<String, List<String>> filterParams = filterParams(x);
        Filter filter = parser.parse(filterParams).query().filter();
        long deleted = bulkWrite.deleteAll(new DeleteDocumentsCommand(x.resource().namespace(), filter,
                !filterParams.isEmpty(), x.params().flag("force"), x.scope()));
        x.writeJson(Status.OK_200, g -> {
            g.writeStartObject();
            g.writeNumberField("deletedCount", deleted);
            g.writeEndObject();
        });
    }

    /** Whether the request selects documents with a filter (a collection DELETE without one drops it). */
    static boolean filters(Exchange x) {
        return !filterParams(x).isEmpty();
    }

    /** The query parameters that select documents (every dialect); paging, sort and projection are dropped. */
    private static Map<String, List<String>> filterParams(Exchange x) {
        Map<String, List<String>> selected = new LinkedHashMap<>();
        x.params().toMap().forEach((name, values) -> {
            if (name != null && QueryParameters.selectsDocuments(name)) {
                selected.put(name, values);
            }
        });
        return selected;
    }

    /** A PATCH body as an update: a JSON object of fields or operators, or an array of update-pipeline stages. */
    static Update patchUpdate(Object body, Object id, boolean hasId) {
        if (body instanceof Document document) {
            return Update.fromPatchBody(document, id, hasId);
        }
        if (body instanceof List<?> stages && Update.isPipelineBody(stages)) {
            return Update.fromPipelineBody(stages);
        }
        throw MangroveException.badRequest("invalid-body",
                "PATCH a JSON object, or an array of update-pipeline stages");
    }
}
