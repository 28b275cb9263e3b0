package dev.mangrove.application.port.out;

/**
 * What the backend can do, detected at start-up.
 *
 * @param transactions           multi-document transactions and sessions (replica set or sharded)
 * @param textSearch             {@code $text} queries
 * @param serverSchemaValidation server-side {@code $jsonSchema} validators are enforced
 * @param changeStreams          change streams
 * @param updatePipelines        updates given as an aggregation pipeline (MongoDB 4.2 and later)
 */
public record BackendCapabilities(boolean transactions, boolean textSearch, boolean serverSchemaValidation,
                                  boolean changeStreams, boolean updatePipelines) {
    /** Nothing known yet (the backend was unreachable). */
    public static final BackendCapabilities UNKNOWN = new BackendCapabilities(false, false, false, false, false);

    /** Capabilities without update pipelines. */
    public BackendCapabilities(boolean transactions, boolean textSearch, boolean serverSchemaValidation,
                               boolean changeStreams) {
        this(transactions, textSearch, serverSchemaValidation, changeStreams, false);
    }
}
