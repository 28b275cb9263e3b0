package dev.mangrove.application.port.in;

import dev.mangrove.plugin.spi.InterceptedRequest;
import dev.mangrove.plugin.spi.InterceptedResponse;

/** Runs the interceptors plugins contribute around every API request (docs/plugins.md). */
public interface InterceptorChain {
    /** No interceptors. */
    InterceptorChain NONE = new InterceptorChain() {
        @Override
        public InterceptedRequest before(InterceptedRequest request) {
            return request;
        }

        @Override
        public InterceptedResponse after(InterceptedRequest request, InterceptedResponse response) {
            return response;
        }

        @Override
        public boolean isEmpty() {
            return true;
        }
    };

    /**
     * The request to serve after every interceptor's {@code before}, in ascending order.
     *
     * @throws dev.mangrove.domain.error.MangroveException when an interceptor vetoes the request
     */
    InterceptedRequest before(InterceptedRequest request);

    /** The response to send after every interceptor's {@code after}, in descending order. */
    InterceptedResponse after(InterceptedRequest request, InterceptedResponse response);

    /** Whether there are no interceptors (the adapter then skips the work). */
    boolean isEmpty();

    /** Whether any interceptor runs for requests to this kind of resource (cheap: asked on every request). */
    default boolean appliesTo(dev.mangrove.domain.resource.ResourceKind kind) {
        return !isEmpty();
    }

    /** Whether any interceptor runs for this request, from its kind and the names of its query parameters (cheap). */
    default boolean appliesTo(dev.mangrove.domain.resource.ResourceKind kind, java.util.Set<String> parameterNames) {
        return appliesTo(kind);
    }
}
