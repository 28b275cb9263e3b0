package dev.mangrove.plugin.spi;

import java.util.Optional;

/** Reads query parameters as JSON for plugins, which have no JSON parser of their own. */
@FunctionalInterface
public interface JsonParameters {
    /** Reads none: every parameter is absent. */
    JsonParameters NONE = parameter -> Optional.empty();

    /**
     * The first value of the parameter parsed as Extended JSON (an object becomes a
     * {@link dev.mangrove.domain.document.Document}, an array a {@code List}), when present; malformed JSON is a
     * 400 problem.
     */
    Optional<Object> parse(String parameter);
}
