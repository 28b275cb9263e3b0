package dev.mangrove.domain.resource;

/** What a resolved path addresses (docs/api.md#resources). */
public enum ResourceKind {
    ROOT(Level.ROOT),
    ROOT_EXTENSION(Level.ROOT),
    /** {@code /_users}: the users of the realm (docs/security.md#user-management-api). */
    USERS(Level.ROOT),
    /** {@code /_users/{name}}: one user. */
    USER(Level.ROOT),
    /** {@code /_keys}: the API keys (docs/security.md#api-keys). */
    API_KEYS(Level.ROOT),
    /** {@code /_keys/{name}}: one API key. */
    API_KEY(Level.ROOT),
    DATABASE(Level.DATABASE),
    DATABASE_META(Level.DATABASE),
    DATABASE_SIZE(Level.DATABASE),
    SCHEMAS(Level.DATABASE),
    SCHEMA(Level.DATABASE),
    DATABASE_EXTENSION(Level.DATABASE),
    COLLECTION(Level.COLLECTION),
    COLLECTION_META(Level.COLLECTION),
    COLLECTION_SIZE(Level.COLLECTION),
    BULK_DOCUMENTS(Level.COLLECTION),
    INDEXES(Level.COLLECTION),
    INDEX(Level.COLLECTION),
    AGGREGATION(Level.COLLECTION),
    AGGREGATE(Level.COLLECTION),
    DISTINCT(Level.COLLECTION),
    STREAM(Level.COLLECTION),
    COLLECTION_EXTENSION(Level.COLLECTION),
    DOCUMENT(Level.DOCUMENT),
    /** A GridFS bucket {@code {bucket}.files}: its file metadata documents (docs/files.md). */
    FILE_BUCKET(Level.COLLECTION),
    /** One file of a bucket: its metadata document. */
    FILE(Level.DOCUMENT),
    /** One file of a bucket: its content. */
    FILE_BINARY(Level.DOCUMENT);

    private final Level level;

    ResourceKind(Level level) {
        this.level = level;
    }

    /** The level whose verb limits apply to this resource. */
    public Level level() {
        return level;
    }
}
