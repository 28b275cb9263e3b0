package dev.mangrove.application.port.out;

import dev.mangrove.domain.document.Document;
import dev.mangrove.domain.resource.Namespace;

import java.util.List;

/** Lists, creates and drops the indexes of a collection. */
public interface IndexStore {
    /** Every index of the collection as the backend describes it ({@code name}, {@code key} and its options). */
    List<Document> indexes(Namespace namespace);

    /** Creates an index with this name, keys and options. */
    void create(Namespace namespace, String name, Document keys, Document options);

    /** Drops the named index. */
    void drop(Namespace namespace, String name);
}
