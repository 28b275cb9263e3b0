package dev.mangrove.plugin.spi;

import dev.mangrove.domain.resource.ResourceKind;

/**
 * Runs around API requests (core resources and plugin endpoints). {@code before} runs in ascending
 * {@link #order()} (ties by name), {@code after} in the reverse order.
 *
 * <p>{@code before} may veto the request by throwing {@link dev.mangrove.domain.error.MangroveException}
 * (the client gets that problem, nothing is served) or change it by returning a changed copy (query
 * parameters, headers), which the handler then serves. {@code after} may change the status, set headers,
 * and — for JSON responses of documents — replace the documents before they are written. Both must be
 * thread-safe.
 */
public interface Interceptor {
    /** A name unique among all plugins' interceptors, for logs and messages. */
    String name();

    /** Where it runs among the interceptors: lower first for {@code before}, last for {@code after}. */
    default int order() {
        return 0;
    }

    /**
     * Whether it runs for requests to this kind of resource; asked once per kind when the plugin loads, so a
     * request pays only for the interceptors that apply to it. Every kind by default.
     */
    default boolean appliesTo(ResourceKind kind) {
        return true;
    }

    /**
     * Whether it runs for this request, from the names of its query parameters; asked on every request to a kind
     * it {@linkplain #appliesTo(ResourceKind) applies to}, before the request is described, so it must be cheap.
     * When no interceptor of the kind runs, the request is served without the interceptor machinery. Every
     * request by default.
     */
    default boolean appliesTo(ResourceKind kind, java.util.Set<String> parameterNames) {
        return true;
    }

    /** The request to serve; the default leaves it as it is. */
    default InterceptedRequest before(InterceptedRequest request) {
        return request;
    }

    /** The response to send; the default leaves it as it is. */
    default InterceptedResponse after(InterceptedRequest request, InterceptedResponse response) {
        return response;
    }
}
