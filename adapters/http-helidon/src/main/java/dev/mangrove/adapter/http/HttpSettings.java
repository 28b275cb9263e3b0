package dev.mangrove.adapter.http;

/**
 * Settings of the HTTP adapter.
 *
 * @param maxBodyBytes    the largest request body accepted (larger → 413)
 * @param defaultPageSize the page size when a request gives none
 * @param maxPageSize     the cap on requested page sizes
 * @param maxDepth        the deepest JSON nesting accepted in bodies and parameters
 * @param deniedOperators query operators refused besides $where, $function and $accumulator
 * @param maxConcurrentRequests the most API requests served at once (more → 503 overloaded; health exempt)
 * @param writeTimeout    how long one write of a streamed response may block on a client that does not read
 *                        (then the connection is closed)
 */
public record HttpSettings(long maxBodyBytes, int defaultPageSize, int maxPageSize, int maxDepth,
                           java.util.Set<String> deniedOperators, int maxConcurrentRequests,
                           java.time.Duration writeTimeout) {
    /** The default of {@link #maxConcurrentRequests} (docs/operations.md#limits). */
    public static final int DEFAULT_MAX_CONCURRENT_REQUESTS = 500;
    /** The default of {@link #writeTimeout} (docs/operations.md#limits). */
    public static final java.time.Duration DEFAULT_WRITE_TIMEOUT = java.time.Duration.ofSeconds(60);
    /** docs/configuration.md defaults: 16 MiB bodies, pages of 100 capped at 1000, nesting up to 100. */
    public static final HttpSettings DEFAULTS = new HttpSettings(16L * 1024 * 1024, 100, 1000, 100, java.util.Set.of());

    /** Settings with the default limit of concurrent requests. */
    public HttpSettings(long maxBodyBytes, int defaultPageSize, int maxPageSize, int maxDepth,
                        java.util.Set<String> deniedOperators) {
        this(maxBodyBytes, defaultPageSize, maxPageSize, maxDepth, deniedOperators, DEFAULT_MAX_CONCURRENT_REQUESTS);
    }

    /** Settings with the default write timeout. */
    public HttpSettings(long maxBodyBytes, int defaultPageSize, int maxPageSize, int maxDepth,
                        java.util.Set<String> deniedOperators, int maxConcurrentRequests) {
        this(maxBodyBytes, defaultPageSize, maxPageSize, maxDepth, deniedOperators, maxConcurrentRequests,
                DEFAULT_WRITE_TIMEOUT);
    }

    public HttpSettings {
        deniedOperators = java.util.Set.copyOf(deniedOperators);
        if (maxBodyBytes < 1) {
            throw new IllegalArgumentException("maxBodyBytes must be positive");
        }
        if (maxPageSize < 1 || defaultPageSize < 0 || defaultPageSize > maxPageSize) {
            throw new IllegalArgumentException("need 0 <= defaultPageSize <= maxPageSize and maxPageSize >= 1");
        }
        if (maxDepth < 1) {
            throw new IllegalArgumentException("maxDepth must be positive");
        }
        if (writeTimeout == null || writeTimeout.isNegative() || writeTimeout.isZero()) {
            throw new IllegalArgumentException("writeTimeout must be positive");
        }
        if (maxConcurrentRequests < 1) {
            throw new IllegalArgumentException("maxConcurrentRequests must be positive");
        }
    }
}
