package dev.mangrove.application.port.in;

import dev.mangrove.domain.document.Document;
import dev.mangrove.domain.resource.Namespace;

/** Reads a collection's metadata (SPEC §5.4), e.g. the named aggregations {@code aggrs} of SPEC §7.2. */
@FunctionalInterface
public interface CollectionMetadataUseCase {
    /** The collection's metadata; 404 {@code collection-not-found} when the collection does not exist. */
    Document collectionMetadata(Namespace namespace);
}
