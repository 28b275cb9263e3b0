package dev.mangrove.application.service;

import dev.mangrove.plugin.spi.Plugin;

import java.util.Objects;

/**
 * A plugin created from its provider, with the provider's metadata.
 *
 * @param name        the provider's unique name
 * @param description what it adds
 * @param version     its version
 * @param plugin      the plugin
 * @param origin      where it came from (classpath or a jar path), for messages
 */
public record LoadedPlugin(String name, String description, String version, Plugin plugin, String origin) {
    public LoadedPlugin {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(description, "description");
        Objects.requireNonNull(version, "version");
        Objects.requireNonNull(plugin, "plugin");
        Objects.requireNonNull(origin, "origin");
    }
}
