package dev.mangrove.domain.query;

import dev.mangrove.domain.error.MangroveException;

/**
 * A page of results: its number (from 1) and size.
 *
 * @param number the page number, 1 or more
 * @param size   the page size, 0 or more
 */
public record PageRequest(long number, int size) {
    public PageRequest {
        if (number < 1) {
            throw MangroveException.badRequest("invalid-page", "page must be 1 or more, not " + number);
        }
        if (size < 0) {
            throw MangroveException.badRequest("invalid-pagesize", "pagesize must be 0 or more, not " + size);
        }
    }

    /** How many documents precede the page. */
    public long skip() {
        try {
            return Math.multiplyExact(number - 1, (long) size);
        } catch (ArithmeticException overflow) {
            return Long.MAX_VALUE;
        }
    }
}
