package dev.mangrove.plugin.spi;

import java.util.List;

/** A running plugin: what it contributes to the server. */
public interface Plugin extends AutoCloseable {
    /** The endpoints this plugin serves; none by default. */
    default List<Endpoint> endpoints() {
        return List.of();
    }

    /** The interceptors this plugin runs around every API request; none by default. */
    default List<Interceptor> interceptors() {
        return List.of();
    }

    /** Releases what the plugin holds; the default holds nothing. */
    @Override
    default void close() {
    }
}
