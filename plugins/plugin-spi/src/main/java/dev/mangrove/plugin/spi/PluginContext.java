package dev.mangrove.plugin.spi;

import java.util.Map;

/** What a plugin receives when it is created. */
public interface PluginContext {
    /** The plugin's own configuration subtree, flattened to dotted keys. */
    Map<String, String> configuration();
}
