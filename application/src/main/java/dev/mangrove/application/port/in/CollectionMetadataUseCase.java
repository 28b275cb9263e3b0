package dev.mangrove.application.port.in;

import dev.mangrove.domain.document.Document;
import dev.mangrove.domain.resource.Namespace;

/** Reads a collection's metadata (docs/management.md), e.g. the named aggregations {@code aggrs} of docs/plugins.md#aggregate. */
@FunctionalInterface
public interface CollectionMetadataUseCase {
    /** The collection's metadata; 404 {@code collection-not-found} when the collection does not exist. */
    Document collectionMetadata(Namespace namespace);
}
