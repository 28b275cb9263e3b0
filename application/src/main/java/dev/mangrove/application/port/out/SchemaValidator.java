package dev.mangrove.application.port.out;

import dev.mangrove.domain.document.Document;
import dev.mangrove.domain.error.ErrorDetail;

import java.util.List;
import java.util.Map;

/** Validates documents, seen as relaxed Extended JSON, against JSON Schemas (draft 2020-12 and draft-07). */
public interface SchemaValidator {
    /** Each violation of the schema by the document with its JSON pointer, empty when valid; a 400 {@code invalid-schema} when the schema itself is invalid. */
    List<ErrorDetail> validate(Map<String, Object> schema, Document document);

    /** Refuses, with a 400 {@code invalid-schema}, a schema that is not a valid draft 2020-12 or draft-07 schema. */
    void check(Map<String, Object> schema);

    /** Like {@link #validate(Map, Document)}, reading {@code $ref}s to other stored schemas with {@code references}. */
    default List<ErrorDetail> validate(Map<String, Object> schema, Document document, SchemaReferences references) {
        return validate(schema, document);
    }

    /** Like {@link #check(Map)}, a {@code $ref} to a stored schema that does not exist being a 400 naming it. */
    default void check(Map<String, Object> schema, SchemaReferences references) {
        check(schema);
    }
}
