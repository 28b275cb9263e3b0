package dev.mangrove.application.service;

import dev.mangrove.application.port.in.ResultCursor;
import dev.mangrove.application.port.out.DocumentCursor;
import dev.mangrove.domain.document.Document;

/** Hands a store's cursor to the caller of a use case as the use case's own cursor type. */
final class Cursors {
    private Cursors() {
    }

    /** The store's documents as a result cursor; closing it closes the store's cursor. */
    static ResultCursor results(DocumentCursor cursor) {
        return new ResultCursor() {
            @Override
            public void close() {
                cursor.close();
            }

            @Override
            public boolean hasNext() {
                return cursor.hasNext();
            }

            @Override
            public Document next() {
                return cursor.next();
            }
        };
    }
}
