package dev.mangrove.plugin.spi;

/** Where a plugin endpoint sits: under the root, a database or a collection. */
public enum ExtensionScope {
    ROOT, DATABASE, COLLECTION
}
