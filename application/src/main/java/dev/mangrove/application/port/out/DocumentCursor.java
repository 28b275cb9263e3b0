package dev.mangrove.application.port.out;

import dev.mangrove.domain.document.Document;

import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;

/** Documents as the backend yields them; must be closed, which releases the server-side cursor. */
public interface DocumentCursor extends Iterator<Document>, AutoCloseable {
    /** Releases the cursor; safe to call more than once. */
    @Override
    void close();

    /** A cursor over documents already in memory. */
    static DocumentCursor of(List<Document> documents) {
        Iterator<Document> it = documents.iterator();
        return new DocumentCursor() {
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
