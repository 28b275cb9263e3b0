package dev.mangrove.application.port.in;

import java.util.Map;
import java.util.Objects;

/**
 * What a plugin endpoint answers: a status, headers and a body that is a domain value (a
 * document, map, list or scalar) written as Extended JSON, or {@code null} for none.
 *
 * @param status  the HTTP status
 * @param headers extra response headers
 * @param body    the body value, or {@code null}
 */
public record ExtensionResponse(int status, Map<String, String> headers, Object body) {
    public ExtensionResponse {
        if (status < 100 || status > 599) {
            throw new IllegalArgumentException("status must be 100-599");
        }
        headers = Map.copyOf(Objects.requireNonNull(headers, "headers"));
    }

    /** A 200 with this body. */
    public static ExtensionResponse ok(Object body) {
        return new ExtensionResponse(200, Map.of(), body);
    }
}
