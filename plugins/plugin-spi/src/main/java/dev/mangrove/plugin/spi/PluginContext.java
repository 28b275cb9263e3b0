package dev.mangrove.plugin.spi;

import java.util.Map;

/**
 * What a plugin receives when it is created: its configuration and named, typed services. Asking for a
 * service the host does not provide fails at start-up with the plugin's name; declare what you need in
 * {@link PluginProvider#requires()} to have it checked before {@code create} runs.
 */
public interface PluginContext {
    /** The plugin's own configuration subtree ({@code mangrove.plugins.<name>.*}), as relative dotted keys. */
    Map<String, String> configuration();

    /** Reads documents within a caller's data scope. */
    Documents documents();

    /** Distinct values of fields. */
    DistinctValues distinct();

    /** Runs checked aggregation pipelines. */
    Aggregations aggregations();

    /** Collection metadata. */
    CollectionMetadata collectionMetadata();

    /** The access-control list. */
    AccessControl accessControl();

    /**
     * Writes documents within a caller's data scope. (A default that fails, so that contexts written before this
     * service existed still compile; the host provides it.)
     */
    default DocumentWrites writes() {
        throw new IllegalStateException("this host does not provide " + Capability.DOCUMENT_WRITES);
    }
}
