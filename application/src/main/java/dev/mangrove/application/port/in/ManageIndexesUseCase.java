package dev.mangrove.application.port.in;

import dev.mangrove.domain.document.Document;
import dev.mangrove.domain.resource.Namespace;

import java.util.List;

/** Lists, creates and drops the indexes of a collection (docs/management.md). */
public interface ManageIndexesUseCase {
    /** The collection's indexes; 404 when the collection does not exist. */
    List<Document> indexes(Namespace namespace);

    /** Creates the index a PUT body ({@code {"keys": {...}, "ops": {...}}}) describes; 400 naming what is wrong. */
    void create(Namespace namespace, String name, Document body);

    /** Drops the index; 400 for {@code _id_}, 404 when there is no such index. */
    void drop(Namespace namespace, String name);
}
