package dev.mangrove.bootstrap;

import de.bwaldvogel.mongo.backend.DocumentWithPosition;
import de.bwaldvogel.mongo.backend.ValueComparator;
import de.bwaldvogel.mongo.bson.Document;

import java.util.concurrent.ConcurrentSkipListMap;
import java.util.function.Supplier;
import java.util.stream.Stream;

/**
 * The embedded backend's ordered {@code _id} index of one collection (docs/performance.md#paging-cost): the
 * positions of its documents sorted the way MongoDB sorts {@code _id} values, so a read sorted by {@code _id}
 * (Mangrove's default sort) walks the documents in order and stops after the page instead of sorting the whole
 * collection. Built on the first such read, then kept up to date by every insert and delete; every call runs
 * under the collection's own lock (mongo-java-server's synchronized collections).
 *
 * @param <P> the backend's position of a document (its key in H2, its slot in memory)
 */
final class IdOrder<P> {
    private final ConcurrentSkipListMap<Object, P> positions = new ConcurrentSkipListMap<>(ValueComparator.asc());
    private boolean built;
    private boolean usable = true;

    /** 1 for a sort on {@code _id} ascending alone, -1 descending, 0 for any other order (or none). */
    static int direction(Document orderBy, String idField) {
        if (idField == null || orderBy == null || orderBy.size() != 1) {
            return 0;
        }
        Object value = orderBy.get(idField);
        if (!(value instanceof Number n)) {
            return 0;
        }
        double d = n.doubleValue();
        return d == 1 ? 1 : d == -1 ? -1 : 0;
    }

    /** A document was stored at {@code position}. */
    void added(Document document, P position, String idField) {
        if (built && usable) {
            index(document.get(idField), position);
        }
    }

    /**
     * Adds one id; two ids the sort order calls equal (1 and 1.0), or a {@code null} id (which the map cannot hold,
     * and whose position the H2 store gives as {@code null}), leave this collection's ordering to a full sort.
     */
    private void index(Object id, P position) {
        if (id == null || position == null || positions.putIfAbsent(id, position) != null) {
            usable = false;
        }
    }

    /** A document was removed. */
    void removed(Document document, String idField) {
        if (built && document != null && document.get(idField) != null) {
            positions.remove(document.get(idField));
        }
    }

    /**
     * The positions in {@code _id} order ({@code ascending} or not), or null when this collection cannot be walked
     * in order (ids that compare equal); builds the index from {@code all} on first use.
     */
    Stream<P> walk(boolean ascending, Supplier<Stream<DocumentWithPosition<P>>> all, String idField) {
        if (!built) {
            try (Stream<DocumentWithPosition<P>> documents = all.get()) {
                documents.forEach(d -> index(d.getDocument().get(idField), d.getPosition()));
            }
            built = true;
        }
        if (!usable) {
            return null;
        }
        return (ascending ? positions : positions.descendingMap()).values().stream();
    }
}
