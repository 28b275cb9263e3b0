package dev.mangrove.plugin.spi;

/** A running plugin. */
public interface Plugin extends AutoCloseable {
    /** Releases what the plugin holds; the default holds nothing. */
    @Override
    default void close() {
    }
}
