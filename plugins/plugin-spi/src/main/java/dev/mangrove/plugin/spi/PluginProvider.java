package dev.mangrove.plugin.spi;

import java.util.Optional;
import java.util.Set;

/**
 * A plugin's entry point, found with {@link java.util.ServiceLoader}: a tiny named factory with its
 * metadata (logged at start-up and listed at {@code GET /_plugins}).
 */
public interface PluginProvider {
    /** The plugin's unique name, also its configuration key ({@code mangrove.plugins.<name>}). */
    String name();

    /** One sentence on what the plugin adds; empty by default. */
    default String description() {
        return "";
    }

    /** The plugin's version: by default its jar's {@code Implementation-Version}, else {@code unversioned}. */
    default String version() {
        return Optional.ofNullable(getClass().getPackage().getImplementationVersion()).orElse("unversioned");
    }

    /** What the plugin needs from the host, checked before {@link #create}; none by default. */
    default Set<Capability> requires() {
        return Set.of();
    }

    /** Creates the plugin from its context. */
    Plugin create(PluginContext context);
}
