package dev.mangrove.domain.document;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * A MongoDB document as the domain sees it: an ordered map of field names to values.
 *
 * <p>Values are Java types: {@code null}, {@link Boolean}, {@link Integer} (int32), {@link Long}
 * (int64), {@link Double}, {@link java.math.BigDecimal} (decimal128), {@link String},
 * {@link java.time.Instant} (date), {@code List<Object>} (array), {@code Map<String, Object>}
 * (embedded document, ordered), or one of the {@link SpecialValue} records for the other BSON
 * types. The map is owned by the document; callers treat it as read-only unless they built it.
 *
 * @param fields the fields in order
 */
public record Document(Map<String, Object> fields) {
    /** The name of the primary-key field. */
    public static final String ID = "_id";

    public Document {
        Objects.requireNonNull(fields, "fields");
    }

    /** An empty document that can be filled. */
    public static Document empty() {
        return new Document(new LinkedHashMap<>());
    }

    /** Whether the document has an {@code _id} field (whose value may be {@code null}). */
    public boolean hasId() {
        return fields.containsKey(ID);
    }

    /** The raw value of a top-level field, or {@code null}. */
    public Object get(String name) {
        return fields.get(name);
    }

    /** Whether the document has no fields. */
    public boolean isEmpty() {
        return fields.isEmpty();
    }
}
