package dev.mangrove.application.port.in;

import dev.mangrove.domain.document.Document;

import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;

/** The documents a read use case yields, in order; must be closed, which releases what the backend holds. */
public interface ResultCursor extends Iterator<Document>, AutoCloseable {
    /** Releases the cursor; safe to call more than once. */
    @Override
    void close();

    /** A cursor over documents already in memory. */
    static ResultCursor of(List<Document> documents) {
        Iterator<Document> it = documents.iterator();
        return new ResultCursor() {
            @Override
            public void close() {
            }

            @Override
            public boolean hasNext() {
                return it.hasNext();
            }

            @Override
            public Document next() {
                if (!it.hasNext()) {
                    throw new NoSuchElementException();
                }
                return it.next();
            }
        };
    }
}
