package dev.mangrove.domain.write;

import dev.mangrove.domain.error.MangroveException;
import dev.mangrove.domain.query.Filter;

/** The rule shared by bulk write commands: a whole collection is written only on an explicit, forced request. */
public final class BulkWrites {
    private BulkWrites() {
    }

    /** Throws 403 {@code unfiltered-bulk-write} unless a filter was given and, when it selects everything, forced. */
    public static void checkFiltered(Filter filter, boolean filterGiven, boolean force, String verb) {
        if (!filterGiven) {
            throw MangroveException.forbidden("unfiltered-bulk-write", "A bulk " + verb
                    + " needs a filter; to " + verb + " every document, send filter={} and the parameter force");
        }
        if (filter instanceof Filter.All && !force) {
            throw MangroveException.forbidden("unfiltered-bulk-write", "This filter selects every document; to "
                    + verb + " them all, add the parameter force");
        }
    }
}
