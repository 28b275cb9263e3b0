package dev.mangrove.domain.security;

/** The permission flags a request may need besides a matching permission (docs/security.md). */
public enum AclFlag {
    /** Create, change or drop databases and collections, indexes, schemas and metadata. */
    MANAGEMENT_REQUESTS("allowManagementRequests"),
    /** PATCH of every document a filter selects. */
    BULK_PATCH("allowBulkPatch"),
    /** DELETE of every document a filter selects. */
    BULK_DELETE("allowBulkDelete"),
    /** A {@code wm} write-mode parameter (or {@code force} upserting a document). */
    WRITE_MODE("allowWriteMode"),
    /** The ad-hoc aggregation endpoint {@code _aggregate}. */
    ADHOC_AGGREGATION("allowAdhocAggregation");

    private final String key;

    AclFlag(String key) {
        this.key = key;
    }

    /** The flag's name in a permission's {@code mongo} options, e.g. {@code allowBulkPatch}. */
    public String key() {
        return key;
    }
}
