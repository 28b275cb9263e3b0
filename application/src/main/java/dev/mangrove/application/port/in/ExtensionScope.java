package dev.mangrove.application.port.in;

/** Where a plugin endpoint sits: under the root, a database or a collection. */
public enum ExtensionScope {
    ROOT, DATABASE, COLLECTION
}
