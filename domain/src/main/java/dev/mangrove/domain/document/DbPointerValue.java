package dev.mangrove.domain.document;

import java.util.Objects;

/**
 * A deprecated BSON DBPointer.
 *
 * @param namespace the namespace
 * @param id        the referenced ObjectId
 */
public record DbPointerValue(String namespace, ObjectIdValue id) implements SpecialValue {
    public DbPointerValue {
        Objects.requireNonNull(namespace, "namespace");
        Objects.requireNonNull(id, "id");
    }
}
