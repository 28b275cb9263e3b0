package dev.mangrove.application.port.out;

import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;

/**
 * How a schema's {@code $ref}s to other stored schemas of its database are read, never fetched over the network:
 * {@code http://schema-store/{db}/{id}} (RESTHeart's form) or a relative {@code {id}} against {@code base}.
 *
 * @param base   the schema's own URI, {@code http://schema-store/{db}/{id}}
 * @param stored the stored schema of the same database with this id
 */
public record SchemaReferences(String base, Function<String, Optional<Map<String, Object>>> stored) {
    /** The prefix of every stored schema's URI. */
    public static final String STORE = "http://schema-store/";

    public SchemaReferences {
        Objects.requireNonNull(base, "base");
        Objects.requireNonNull(stored, "stored");
    }

    /** The URI of the stored schema {@code id} of {@code database}. */
    public static String uri(String database, String id) {
        return STORE + database + "/" + id;
    }
}
