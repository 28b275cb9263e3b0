package dev.mangrove.plugin.spi;

/**
 * A plugin's entry point, found with {@link java.util.ServiceLoader}: a tiny named factory.
 * The endpoint and interceptor contracts arrive with the plugin issue (SPEC §7).
 */
public interface PluginProvider {
    /** The plugin's unique name, also its configuration key ({@code mangrove.plugins.<name>}). */
    String name();

    /** Creates the plugin from its context. */
    Plugin create(PluginContext context);
}
