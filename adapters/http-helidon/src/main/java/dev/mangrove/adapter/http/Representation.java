package dev.mangrove.adapter.http;

import dev.mangrove.domain.error.MangroveException;
import io.helidon.http.HttpMediaType;

import java.util.List;
import java.util.Locale;
import java.util.Optional;

/** How a collection read is written (docs/querying.md#representations). */
enum Representation {
    STANDARD("application/json"),
    HAL("application/hal+json"),
    NDJSON("application/x-ndjson"),
    CSV("text/csv; charset=utf-8");

    static final String ALLOWED_REP = "s, standard, hal";
    private final String contentType;

    Representation(String contentType) {
        this.contentType = contentType;
    }

    String contentType() {
        return contentType;
    }

    /**
     * {@code rep} wins, then {@code hateoas}, then the first {@code Accept} type Mangrove can
     * write; plain JSON otherwise.
     */
    static Representation choose(Optional<String> rep, Optional<Boolean> hateoas, List<HttpMediaType> accepted) {
        if (rep.isPresent()) {
            return switch (rep.get().toLowerCase(Locale.ROOT)) {
                case "s", "standard" -> STANDARD;
                case "hal" -> HAL;
                default -> throw MangroveException.badRequest("invalid-representation",
                        "Unknown rep '" + rep.get() + "'; allowed: " + ALLOWED_REP);
            };
        }
        if (hateoas.isPresent()) {
            return hateoas.get() ? HAL : STANDARD;
        }
        for (HttpMediaType type : accepted) {
            String text = type.mediaType().text().toLowerCase(Locale.ROOT);
            switch (text) {
                case "application/hal+json" -> {
                    return HAL;
                }
                case "application/x-ndjson", "application/ndjson" -> {
                    return NDJSON;
                }
                case "text/csv" -> {
                    return CSV;
                }
                case "application/json", "*/*", "application/*" -> {
                    return STANDARD;
                }
                default -> {
                    // try the next accepted type
                }
            }
        }
        return STANDARD;
    }
}
