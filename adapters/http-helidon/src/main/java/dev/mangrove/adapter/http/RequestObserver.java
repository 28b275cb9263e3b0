package dev.mangrove.adapter.http;

/** Told about every completed request (for metrics); must be fast and must not throw. */
@FunctionalInterface
public interface RequestObserver {
    /** Does nothing. */
    RequestObserver NONE = (method, route, status, nanos) -> { };

    /**
     * One request completed.
     *
     * @param method the HTTP method
     * @param route  the route template, e.g. {@code /{db}/{coll}/{docid}} (bounded cardinality)
     * @param status the response status
     * @param nanos  the time taken
     */
    void completed(String method, String route, int status, long nanos);
}
