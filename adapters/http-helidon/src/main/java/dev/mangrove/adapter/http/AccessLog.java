package dev.mangrove.adapter.http;

/**
 * Where the access log's lines go (docs/operations.md#logs): told once per request, on the request's thread, after
 * its answer, with the status sent. Must be fast and must not throw. {@link #SYSTEM_LOGGER} logs each line on
 * logger {@value #LOGGER} at {@code INFO}; the server may install one that hands the line's parts to its handler
 * without going through the logging API (and formats it there, off the request's thread).
 */
@FunctionalInterface
public interface AccessLog {
    /** The access log's logger name. */
    String LOGGER = "dev.mangrove.access";

    /** Each line through {@link System.Logger} {@value #LOGGER}, at {@code INFO}, when that level is enabled. */
    AccessLog SYSTEM_LOGGER = new AccessLog() {
        private final System.Logger logger = System.getLogger(LOGGER);

        @Override
        public void request(String method, String route, int status, long nanos, String requestId, String note) {
            if (logger.isLoggable(System.Logger.Level.INFO)) {
                logger.log(System.Logger.Level.INFO, line(method, route, status, nanos, requestId, note));
            }
        }
    };

    /**
     * One request was answered.
     *
     * @param method    the HTTP method
     * @param route     the route template ({@code /{db}/{coll}/{docid}}), never a real id
     * @param status    the status sent ({@code 499} when the client went away first)
     * @param nanos     the time taken
     * @param requestId the request's id ({@code X-Request-Id})
     * @param note      text to append to the line, or null
     */
    void request(String method, String route, int status, long nanos, String requestId, String note);

    /**
     * The access-log line: {@code GET /{db}/{coll}/{id} 200 1.2ms id=…}, then {@code " " + note} when there is one
     * (milliseconds with one decimal, without a double's formatting).
     */
    static String line(String method, String route, int status, long nanos, String requestId, String note) {
        return append(new StringBuilder(method.length() + route.length() + requestId.length() + 24
                + (note == null ? 0 : note.length() + 1)), method, route, status, nanos, requestId, note).toString();
    }

    /** Appends {@link #line} to {@code out}. */
    static StringBuilder append(StringBuilder out, String method, String route, int status, long nanos,
                                String requestId, String note) {
        long tenths = Math.max(0, nanos) / 100_000;
        out.append(method).append(' ').append(route).append(' ').append(status).append(' ')
                .append(tenths / 10).append('.').append(tenths % 10).append("ms id=").append(requestId);
        return note == null ? out : out.append(' ').append(note);
    }
}
