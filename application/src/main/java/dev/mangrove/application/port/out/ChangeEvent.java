package dev.mangrove.application.port.out;

import dev.mangrove.domain.document.Document;

import java.util.Objects;

/**
 * One change event as the backend sent it.
 *
 * @param token the event's resume token, as text
 * @param event the event document ({@code operationType}, {@code documentKey}, {@code fullDocument}, ...)
 */
public record ChangeEvent(String token, Document event) {
    public ChangeEvent {
        Objects.requireNonNull(token, "token");
        Objects.requireNonNull(event, "event");
    }
}
