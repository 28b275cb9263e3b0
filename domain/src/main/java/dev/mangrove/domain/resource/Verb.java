package dev.mangrove.domain.resource;

import java.util.Locale;
import java.util.Optional;

/** The request verbs resources answer to. */
public enum Verb {
    GET, POST, PUT, PATCH, DELETE, HEAD, OPTIONS;

    /** The verb named {@code name} (any case), if it is one. */
    public static Optional<Verb> of(String name) {
        try {
            return Optional.of(valueOf(name.toUpperCase(Locale.ROOT)));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }
}
