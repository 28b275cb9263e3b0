package dev.mangrove.application.port.in;

import dev.mangrove.domain.resource.Namespace;
import dev.mangrove.domain.security.DataScope;

import java.util.Map;
import java.util.Objects;

/**
 * A subscription to a named change stream of a collection (docs/streams.md).
 *
 * @param namespace       the collection
 * @param stream          the stream's {@code uri} in the collection metadata's {@code streams}
 * @param avars           the parsed {@code avars} parameter, or {@code null}
 * @param scope           the caller's data scope: its readFilter selects the events, its hidden fields are removed
 * @param resumeAfter     the resume token of the last event the client got, or {@code null} to start now
 * @param publicNamespace the {@code ns} shown in events, as the client sees the collection through the mounts
 */
public record WatchQuery(Namespace namespace, String stream, Object avars, DataScope scope, String resumeAfter,
                         Map<String, Object> publicNamespace) {
    public WatchQuery {
        Objects.requireNonNull(namespace, "namespace");
        Objects.requireNonNull(stream, "stream");
        Objects.requireNonNull(scope, "scope");
        publicNamespace = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(publicNamespace));
        if (resumeAfter != null && (resumeAfter.isBlank() || resumeAfter.length() > 4096)) {
            throw dev.mangrove.domain.error.MangroveException.badRequest("invalid-resume-token",
                    "The resume token (Last-Event-ID or resumeAfter) must be the id of an event this stream sent");
        }
    }
}
