package dev.mangrove.plugin.spi;

/** What a plugin may need from the host; a plugin needing one the host lacks stops start-up with its name. */
public enum Capability {
    /** {@link PluginContext#documents()}. */
    DOCUMENTS,
    /** {@link PluginContext#distinct()}. */
    DISTINCT,
    /** {@link PluginContext#aggregations()}. */
    AGGREGATIONS,
    /** {@link PluginContext#collectionMetadata()}. */
    COLLECTION_METADATA,
    /** {@link PluginContext#accessControl()}. */
    ACCESS_CONTROL,
    /** {@link PluginContext#writes()}. */
    DOCUMENT_WRITES
}
