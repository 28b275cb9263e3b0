package dev.mangrove.adapter.http;

import dev.mangrove.application.port.in.ManageSchemasUseCase;
import dev.mangrove.domain.resource.PathSegments;
import dev.mangrove.domain.resource.ResolvedResource;
import io.helidon.http.HeaderNames;
import io.helidon.http.Status;

import java.util.Objects;

/** {@code /{db}/_schemas} and {@code /{db}/_schemas/{id}}: the JSON Schema store. */
final class SchemaHandlers {
    private final ManageSchemasUseCase schemas;
    private final Bodies bodies;

    SchemaHandlers(ManageSchemasUseCase schemas, Bodies bodies) {
        this.schemas = Objects.requireNonNull(schemas, "schemas");
        this.bodies = Objects.requireNonNull(bodies, "bodies");
    }

    /** GET {@code _schemas}: every stored schema. */
    void list(Exchange x) {
        x.sendList(schemas.schemas(x.resource().database()));
    }

    /** POST {@code _schemas}: stores a new schema (201 + Location). */
    void create(Exchange x) {
        String id = schemas.create(x.resource().database(), bodies.readDocument(x.req()));
        String base = x.rawPath();
        x.res().header(HeaderNames.LOCATION, (base.endsWith("/") ? base : base + "/") + PathSegments.encode(id));
        x.writeJson(Status.CREATED_201, g -> {
            g.writeStartObject();
            g.writeStringField("_id", id);
            g.writeEndObject();
        });
    }

    /** PUT {@code _schemas}: creates the schema store, as RESTHeart (201, or 204 when it exists). */
    void createStore(Exchange x) {
        x.send(schemas.createStore(x.resource().database()) ? Status.CREATED_201 : Status.NO_CONTENT_204);
    }

    /** GET {@code _schemas/{id}}: one schema with its ETag. */
    void get(Exchange x) {
        ResolvedResource r = x.resource();
        x.readMetadata(schemas.schema(r.database(), r.name()));
    }

    /** PUT {@code _schemas/{id}}: creates or replaces the schema. */
    void put(Exchange x) {
        ResolvedResource r = x.resource();
        boolean created = schemas.put(r.database(), r.name(), bodies.readDocument(x.req()));
        x.send(created ? Status.CREATED_201 : Status.OK_200);
    }

    /** DELETE {@code _schemas/{id}}: removes the schema. */
    void delete(Exchange x) {
        ResolvedResource r = x.resource();
        schemas.delete(r.database(), r.name());
        x.send(Status.NO_CONTENT_204);
    }
}
