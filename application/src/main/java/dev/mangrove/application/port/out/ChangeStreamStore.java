package dev.mangrove.application.port.out;

import dev.mangrove.domain.resource.Namespace;

import java.util.List;
import java.util.Map;

/** Opens MongoDB change streams on collections (docs/streams.md). */
public interface ChangeStreamStore {
    /**
     * Opens a change stream on a collection with its full documents looked up on updates, after the event with
     * this resume token or, when it is {@code null}, from now; waits until the backend accepted it.
     *
     * @param namespace   the collection watched
     * @param stages      the checked stages applied to the events
     * @param resumeAfter a resume token of an earlier event, or {@code null}
     * @throws dev.mangrove.domain.error.MangroveException 501 without change streams, 410
     *                                                     {@code resume-token-not-found} for a token the backend no longer has
     */
    ChangeFeed watch(Namespace namespace, List<Map<String, Object>> stages, String resumeAfter);
}
