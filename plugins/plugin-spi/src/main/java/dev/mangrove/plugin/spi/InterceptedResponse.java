package dev.mangrove.plugin.spi;

import dev.mangrove.domain.document.Document;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A response as interceptors see it before it is sent (docs/plugins.md). Immutable; an interceptor's {@code after}
 * returns a changed copy.
 *
 * @param status    the HTTP status
 * @param headers   headers to set on the response (the ones the server set so far, and those added by
 *                  interceptors); a header removed here is not removed from the response
 * @param documents for JSON responses of documents (a document, a page of a collection, plugin endpoints
 *                  answering documents): the documents, in order, before they are serialized; empty for
 *                  every other response (writes, problems, streams)
 */
public record InterceptedResponse(int status, Map<String, String> headers, Optional<List<Document>> documents) {
    public InterceptedResponse {
        if (status < 100 || status > 599) {
            throw new IllegalArgumentException("status must be 100-599");
        }
        headers = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(Objects.requireNonNull(headers, "headers")));
        documents = Objects.requireNonNull(documents, "documents").map(List::copyOf);
    }

    /** This response with another status. */
    public InterceptedResponse withStatus(int newStatus) {
        return new InterceptedResponse(newStatus, headers, documents);
    }

    /** This response with the header set. */
    public InterceptedResponse withHeader(String name, String value) {
        Map<String, String> changed = new LinkedHashMap<>(headers);
        changed.put(name, value);
        return new InterceptedResponse(status, changed, documents);
    }

    /**
     * This response with other documents; only for responses that have documents.
     *
     * @throws IllegalStateException when the response has no documents
     */
    public InterceptedResponse withDocuments(List<Document> newDocuments) {
        if (documents.isEmpty()) {
            throw new IllegalStateException("this response has no documents to replace");
        }
        return new InterceptedResponse(status, headers, Optional.of(newDocuments));
    }
}
