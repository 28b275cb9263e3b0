package dev.mangrove.plugin.spi;

import dev.mangrove.domain.document.Document;
import dev.mangrove.domain.resource.Namespace;

/** The metadata stored with a collection (e.g. its named aggregations). */
@FunctionalInterface
public interface CollectionMetadata {
    /** The collection's metadata; a 404 problem when the collection does not exist. */
    Document metadata(Namespace namespace);
}
