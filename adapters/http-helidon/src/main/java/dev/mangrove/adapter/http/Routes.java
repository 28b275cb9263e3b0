package dev.mangrove.adapter.http;

import dev.mangrove.domain.resource.Mount;
import dev.mangrove.domain.resource.ResolvedResource;

/** Route templates for logs and metrics: bounded cardinality, never a real id or hidden name. */
final class Routes {
    private Routes() {
    }

    static String template(ResolvedResource r) {
        Mount mount = r.mount();
        String base = mount.where().equals("/") ? "" : mount.where();
        String db = mount.target() == Mount.Target.ALL_DATABASES ? "/{db}" : "";
        String coll = mount.target() == Mount.Target.COLLECTION ? "" : "/{coll}";
        String tail = switch (r.kind()) {
            case ROOT -> "";
            case ROOT_EXTENSION -> "/{extension}";
            case DATABASE -> db;
            case DATABASE_META -> db + "/_meta";
            case DATABASE_SIZE -> db + "/_size";
            case SCHEMAS -> db + "/_schemas";
            case SCHEMA -> db + "/_schemas/{id}";
            case DATABASE_EXTENSION -> db + "/{extension}";
            case COLLECTION -> db + coll;
            case COLLECTION_META -> db + coll + "/_meta";
            case COLLECTION_SIZE -> db + coll + "/_size";
            case BULK_DOCUMENTS -> db + coll + "/*";
            case INDEXES -> db + coll + "/_indexes";
            case INDEX -> db + coll + "/_indexes/{name}";
            case AGGREGATION -> db + coll + "/_aggrs/{name}";
            case AGGREGATE -> db + coll + "/_aggregate";
            case DISTINCT -> db + coll + "/_distinct";
            case STREAM -> db + coll + "/_streams/{name}";
            case COLLECTION_EXTENSION -> db + coll + "/{extension}";
            case DOCUMENT -> db + coll + "/{docid}";
        };
        String path = base + tail;
        return path.isEmpty() ? "/" : path;
    }
}
