package dev.mangrove.domain.resource;

import dev.mangrove.domain.error.MangroveException;

import java.util.List;
import java.util.Objects;

/**
 * Maps what is served (every database, one database, or one collection) to where it is served.
 *
 * @param what    {@code "*"}, {@code "/db"} or {@code "/db/coll"}
 * @param where   the URL path prefix, {@code "/"} or {@code "/a/b"}
 * @param methods the verbs allowed per level
 */
public record Mount(String what, String where, MethodLimits methods) {
    public Mount {
        Objects.requireNonNull(what, "what");
        Objects.requireNonNull(where, "where");
        Objects.requireNonNull(methods, "methods");
        where = normaliseWhere(where);
        if (!"*".equals(what)) {
            List<String> parts = PathSegments.split(what);
            if (!what.startsWith("/") || parts.isEmpty() || parts.size() > 2) {
                throw new IllegalArgumentException("'what' must be \"*\", \"/db\" or \"/db/coll\", not '" + what + "'");
            }
            try {
                new DatabaseName(parts.get(0));
                if (parts.size() == 2) {
                    new CollectionName(parts.get(1));
                }
            } catch (MangroveException e) {
                throw new IllegalArgumentException("'what' names an invalid or reserved resource: " + e.detail(), e);
            }
        }
    }

    /** A mount with no verb limits. */
    public static Mount of(String what, String where) {
        return new Mount(what, where, MethodLimits.none());
    }

    /** What the mount serves. */
    public Target target() {
        if ("*".equals(what)) {
            return Target.ALL_DATABASES;
        }
        return PathSegments.split(what).size() == 1 ? Target.DATABASE : Target.COLLECTION;
    }

    /** The database of a database or collection mount. */
    public String databaseName() {
        return PathSegments.split(what).get(0);
    }

    /** The collection of a collection mount. */
    public String collectionName() {
        return PathSegments.split(what).get(1);
    }

    /** The segments of {@link #where()}. */
    public List<String> whereSegments() {
        return PathSegments.split(where);
    }

    private static String normaliseWhere(String where) {
        if (!where.startsWith("/")) {
            throw new IllegalArgumentException("'where' must start with '/', not '" + where + "'");
        }
        List<String> parts = PathSegments.split(where);
        for (String part : parts) {
            if (part.startsWith("_") || part.equals("*")) {
                throw new IllegalArgumentException("'where' segments cannot start with '_' or be '*': '" + where + "'");
            }
        }
        return "/" + String.join("/", parts);
    }

    /** The three kinds of mount. */
    public enum Target {
        ALL_DATABASES, DATABASE, COLLECTION
    }
}
