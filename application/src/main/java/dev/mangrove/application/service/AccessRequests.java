package dev.mangrove.application.service;

import dev.mangrove.application.port.in.AccessRequest;
import dev.mangrove.domain.query.QueryParameters;
import dev.mangrove.domain.resource.ResolvedResource;
import dev.mangrove.domain.resource.ResourceKind;
import dev.mangrove.domain.resource.Verb;
import dev.mangrove.domain.security.AclFlag;

import java.util.EnumSet;
import java.util.Set;

/**
 * Classifies a request by the permission flags it needs (docs/security.md), from the resource it resolves to,
 * its verb and its query parameters:
 * <ul>
 *   <li>{@link AclFlag#MANAGEMENT_REQUESTS}: PUT/PATCH/DELETE/POST of a database; PUT of a collection;
 *       DELETE of a collection without a filter (a drop); any write to indexes, {@code _schemas} or
 *       {@code _meta}. Reads of {@code _meta}, {@code _indexes}, {@code _schemas} and {@code _size}
 *       are plain reads.</li>
 *   <li>{@link AclFlag#BULK_PATCH} / {@link AclFlag#BULK_DELETE}: PATCH/DELETE of {@code /{db}/{coll}/*},
 *       PATCH of a collection, DELETE of a collection with a filter parameter.</li>
 *   <li>{@link AclFlag#WRITE_MODE}: a {@code wm} parameter on any request, or {@code force} on a
 *       document PUT (which upserts).</li>
 *   <li>{@link AclFlag#MANAGEMENT_REQUESTS} also: PUT and DELETE of a GridFS bucket (creating, dropping it).</li>
 *   <li>{@link AclFlag#ADHOC_AGGREGATION}: the {@code _aggregate} endpoint.</li>
 * </ul>
 */
public final class AccessRequests {

    private AccessRequests() {
    }

    /** Whether the verb only reads. */
    public static boolean isRead(Verb verb) {
        return verb == Verb.GET || verb == Verb.HEAD || verb == Verb.OPTIONS;
    }

    /** Whether the request has a parameter selecting documents (any filter dialect). */
    public static boolean hasFilter(AccessRequest request) {
        return request.query().keySet().stream().anyMatch(name -> name != null
                && QueryParameters.selectsDocuments(name));
    }

    /** The flags the request needs besides a matching permission. */
    public static Set<AclFlag> requiredFlags(AccessRequest request) {
        Set<AclFlag> flags = EnumSet.noneOf(AclFlag.class);
        Verb verb = request.verb();
        if (request.query().containsKey("wm")) {
            flags.add(AclFlag.WRITE_MODE);
        }
        if (request.resource().isEmpty()) {
            return flags;
        }
        ResolvedResource resource = request.resource().get();
        ResourceKind kind = resource.kind();
        boolean read = isRead(verb);
        switch (kind) {
            case DATABASE, DATABASE_META, COLLECTION_META, INDEXES, INDEX, SCHEMAS, SCHEMA -> {
                if (!read) {
                    flags.add(AclFlag.MANAGEMENT_REQUESTS);
                }
            }
            case COLLECTION -> {
                if (verb == Verb.PUT || (verb == Verb.DELETE && !hasFilter(request))) {
                    flags.add(AclFlag.MANAGEMENT_REQUESTS);
                } else if (verb == Verb.DELETE) {
                    flags.add(AclFlag.BULK_DELETE);
                } else if (verb == Verb.PATCH) {
                    flags.add(AclFlag.BULK_PATCH);
                }
            }
            case FILE_BUCKET -> {
                if (verb == Verb.PUT || verb == Verb.DELETE) {
                    flags.add(AclFlag.MANAGEMENT_REQUESTS);
                }
            }
            case BULK_DOCUMENTS -> {
                if (verb == Verb.PATCH) {
                    flags.add(AclFlag.BULK_PATCH);
                } else if (verb == Verb.DELETE) {
                    flags.add(AclFlag.BULK_DELETE);
                }
            }
            case DOCUMENT -> {
                if (verb == Verb.PUT && request.query().containsKey("force") && !isFalse(request, "force")) {
                    flags.add(AclFlag.WRITE_MODE);
                }
            }
            case AGGREGATE -> flags.add(AclFlag.ADHOC_AGGREGATION);
            default -> {
            }
        }
        return flags;
    }

    private static boolean isFalse(AccessRequest request, String name) {
        var values = request.query().get(name);
        if (values == null || values.isEmpty()) {
            return false;
        }
        String first = values.get(0).toLowerCase(java.util.Locale.ROOT);
        return first.equals("false") || first.equals("0") || first.equals("no");
    }
}
