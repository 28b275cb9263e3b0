package dev.mangrove.plugin.spi;

/**
 * Where a plugin endpoint sits: under the root, a database or a collection — or, for {@link #PATH}, at a path
 * of its own outside the mounts (docs/plugins.md#endpoints-at-a-path-of-their-own).
 */
public enum ExtensionScope {
    ROOT, DATABASE, COLLECTION,
    /**
     * Every path under a prefix of literal segments and {@code *} (one segment each), e.g.
     * {@code /app/*&#47;endpoint/data}; the host authenticates the caller but asks the access-control list
     * nothing: the handler must decide every data access with {@link PluginContext#accessControl()}.
     */
    PATH
}
