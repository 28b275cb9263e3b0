package dev.mangrove.plugin.spi;

import dev.mangrove.domain.document.Document;

import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;

/** Documents read one at a time from the database; must be closed (try-with-resources). */
public interface DocumentStream extends Iterator<Document>, AutoCloseable {
    /** Releases the cursor behind the stream; never throws. */
    @Override
    void close();

    /** A stream over documents already in memory. */
    static DocumentStream of(List<Document> documents) {
        Iterator<Document> it = List.copyOf(documents).iterator();
        return new DocumentStream() {
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
