package dev.mangrove.application.port.in;

/**
 * Whether the server can answer API requests.
 *
 * @param ready        the backend answers
 * @param capabilities what the backend can do
 */
public record HealthReport(boolean ready, Capabilities capabilities) {

    /**
     * What the backend can do, as far as it is known.
     *
     * @param transactions           multi-document transactions and sessions (replica set or sharded)
     * @param textSearch             {@code $text} queries
     * @param serverSchemaValidation server-side {@code $jsonSchema} validators are enforced
     * @param changeStreams          change streams
     */
    public record Capabilities(boolean transactions, boolean textSearch, boolean serverSchemaValidation,
                               boolean changeStreams) {
    }
}
