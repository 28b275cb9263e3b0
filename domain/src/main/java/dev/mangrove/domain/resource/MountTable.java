package dev.mangrove.domain.resource;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/** The configured mounts; resolves request paths, the longest matching {@code where} winning. */
public final class MountTable {
    /** The root segment of the user-management API (docs/security.md#user-management-api). */
    public static final String USERS = "_users";
    /** The root segment of the API-key API (docs/security.md#api-keys). */
    public static final String KEYS = "_keys";
    private final List<Mount> mounts;

    private MountTable(List<Mount> mounts) {
        this.mounts = mounts;
    }

    /** A table of the given mounts; two mounts at the same {@code where} are a configuration error. */
    public static MountTable create(List<Mount> mounts) {
        Objects.requireNonNull(mounts, "mounts");
        List<Mount> sorted = new ArrayList<>(mounts);
        sorted.sort(Comparator.comparingInt((Mount m) -> m.whereSegments().size()).reversed());
        for (int i = 0; i < sorted.size(); i++) {
            for (int j = i + 1; j < sorted.size(); j++) {
                if (sorted.get(i).where().equals(sorted.get(j).where())) {
                    throw new IllegalArgumentException("two mounts share where '" + sorted.get(i).where() + "'");
                }
            }
        }
        return new MountTable(List.copyOf(sorted));
    }

    /** The mounts, longest {@code where} first. */
    public List<Mount> mounts() {
        return mounts;
    }

    /**
     * Resolves a raw (still percent-encoded) request path; empty when no mount serves it.
     *
     * @throws dev.mangrove.domain.error.MangroveException 400 for malformed or invalid names,
     *         403 for reserved ones
     */
    public Optional<ResolvedResource> resolve(String rawPath) {
        List<String> raw = PathSegments.split(rawPath);
        for (Mount mount : mounts) {
            List<String> where = mount.whereSegments();
            if (raw.size() < where.size() || !raw.subList(0, where.size()).equals(where)) {
                continue;
            }
            List<String> tail = raw.subList(where.size(), raw.size());
            return resolveTail(mount, tail);
        }
        return Optional.empty();
    }

    private Optional<ResolvedResource> resolveTail(Mount mount, List<String> tail) {
        String base = mount.where().equals("/") ? "" : mount.where();
        return switch (mount.target()) {
            case ALL_DATABASES -> {
                if (tail.isEmpty()) {
                    yield Optional.of(new ResolvedResource(ResourceKind.ROOT, mount, null, null, null, null, null, List.of()));
                }
                String first = PathSegments.decode(tail.get(0), false);
                if (first.equals(USERS) || first.equals(KEYS)) {
                    yield administration(mount, first.equals(USERS), tail.subList(1, tail.size()));
                }
                if (first.startsWith("_")) {
                    yield Optional.of(new ResolvedResource(ResourceKind.ROOT_EXTENSION, mount, null, null, null, null,
                            first, decodeAll(tail.subList(1, tail.size()))));
                }
                DatabaseName db = new DatabaseName(first);
                yield databaseTail(mount, db, base + "/" + tail.get(0), tail.subList(1, tail.size()));
            }
            case DATABASE -> databaseTail(mount, new DatabaseName(mount.databaseName()), base.isEmpty() ? "/" : base, tail);
            case COLLECTION -> collectionTail(mount, new DatabaseName(mount.databaseName()),
                    new CollectionName(mount.collectionName()), null, base.isEmpty() ? "" : base, tail);
        };
    }

    /** {@code /_users[/{name}]} or {@code /_keys[/{name}]} at the root of a mount of all databases. */
    private static Optional<ResolvedResource> administration(Mount mount, boolean users, List<String> rest) {
        if (rest.size() > 1) {
            return Optional.empty();
        }
        ResourceKind kind = rest.isEmpty() ? (users ? ResourceKind.USERS : ResourceKind.API_KEYS)
                : (users ? ResourceKind.USER : ResourceKind.API_KEY);
        String name = rest.isEmpty() ? null : PathSegments.decode(rest.get(0), false);
        return Optional.of(new ResolvedResource(kind, mount, null, null, null, null, name, List.of()));
    }

    private Optional<ResolvedResource> databaseTail(Mount mount, DatabaseName db, String dbPath, List<String> tail) {
        if (tail.isEmpty()) {
            return Optional.of(new ResolvedResource(ResourceKind.DATABASE, mount, db, null, dbPath, null, null, List.of()));
        }
        String first = PathSegments.decode(tail.get(0), false);
        List<String> rest = tail.subList(1, tail.size());
        if (first.startsWith("_")) {
            ResourceKind kind;
            String name = null;
            List<String> extra = List.of();
            switch (first) {
                case "_meta" -> kind = rest.isEmpty() ? ResourceKind.DATABASE_META : null;
                case "_size" -> kind = rest.isEmpty() ? ResourceKind.DATABASE_SIZE : null;
                case "_schemas" -> {
                    kind = rest.isEmpty() ? ResourceKind.SCHEMAS : rest.size() == 1 ? ResourceKind.SCHEMA : null;
                    name = rest.isEmpty() ? null : PathSegments.decode(rest.get(0), true);
                }
                default -> {
                    kind = ResourceKind.DATABASE_EXTENSION;
                    name = first;
                    extra = decodeAll(rest);
                }
            }
            return kind == null ? Optional.empty()
                    : Optional.of(new ResolvedResource(kind, mount, db, null, dbPath, null, name, extra));
        }
        CollectionName coll = new CollectionName(first);
        String prefix = dbPath.equals("/") ? "" : dbPath;
        return collectionTail(mount, db, coll, dbPath, prefix + "/" + tail.get(0), rest);
    }

    private Optional<ResolvedResource> collectionTail(Mount mount, DatabaseName db, CollectionName coll, String dbPath,
                                                      String collPath, List<String> tail) {
        String path = collPath.isEmpty() ? "/" : collPath;
        if (coll.isFileBucket()) {
            return bucketTail(mount, db, coll, dbPath, path, tail);
        }
        if (tail.isEmpty()) {
            return Optional.of(new ResolvedResource(ResourceKind.COLLECTION, mount, db, coll, dbPath, path, null, List.of()));
        }
        String rawFirst = tail.get(0);
        String first = PathSegments.decode(rawFirst, false);
        List<String> rest = tail.subList(1, tail.size());
        if (first.equals("*")) {
            return rest.isEmpty()
                    ? Optional.of(new ResolvedResource(ResourceKind.BULK_DOCUMENTS, mount, db, coll, dbPath, path, null, List.of()))
                    : Optional.empty();
        }
        if (first.startsWith("_")) {
            ResourceKind kind;
            String name = null;
            List<String> extra = List.of();
            switch (first) {
                case "_meta" -> kind = rest.isEmpty() ? ResourceKind.COLLECTION_META : null;
                case "_size" -> kind = rest.isEmpty() ? ResourceKind.COLLECTION_SIZE : null;
                case "_aggregate" -> kind = rest.isEmpty() ? ResourceKind.AGGREGATE : null;
                case "_distinct" -> kind = rest.isEmpty() ? ResourceKind.DISTINCT : null;
                case "_indexes" -> {
                    kind = rest.isEmpty() ? ResourceKind.INDEXES : rest.size() == 1 ? ResourceKind.INDEX : null;
                    name = rest.isEmpty() ? null : PathSegments.decode(rest.get(0), false);
                }
                case "_aggrs" -> {
                    kind = rest.size() == 1 ? ResourceKind.AGGREGATION : null;
                    name = rest.isEmpty() ? null : PathSegments.decode(rest.get(0), false);
                }
                case "_streams" -> {
                    kind = rest.size() == 1 ? ResourceKind.STREAM : null;
                    name = rest.isEmpty() ? null : PathSegments.decode(rest.get(0), false);
                }
                default -> {
                    kind = ResourceKind.COLLECTION_EXTENSION;
                    name = first;
                    extra = decodeAll(rest);
                }
            }
            return kind == null ? Optional.empty()
                    : Optional.of(new ResolvedResource(kind, mount, db, coll, dbPath, path, name, extra));
        }
        if (!rest.isEmpty()) {
            return Optional.empty();
        }
        String docId = PathSegments.decode(rawFirst, true);
        return Optional.of(new ResolvedResource(ResourceKind.DOCUMENT, mount, db, coll, dbPath, path, docId, List.of()));
    }

    /** Below a GridFS bucket: the bucket, {@code /{id}} (a file's metadata) or {@code /{id}/binary} (its content). */
    private static Optional<ResolvedResource> bucketTail(Mount mount, DatabaseName db, CollectionName bucket,
                                                         String dbPath, String path, List<String> tail) {
        ResourceKind kind;
        if (tail.isEmpty()) {
            kind = ResourceKind.FILE_BUCKET;
        } else if (tail.size() == 1) {
            kind = ResourceKind.FILE;
        } else if (tail.size() == 2 && PathSegments.decode(tail.get(1), false).equals("binary")) {
            kind = ResourceKind.FILE_BINARY;
        } else {
            return Optional.empty();
        }
        String id = tail.isEmpty() ? null : PathSegments.decode(tail.get(0), true);
        return Optional.of(new ResolvedResource(kind, mount, db, bucket, dbPath, path, id, List.of()));
    }

    private static List<String> decodeAll(List<String> raw) {
        List<String> out = new ArrayList<>(raw.size());
        for (String s : raw) {
            out.add(PathSegments.decode(s, false));
        }
        return out;
    }
}
