package dev.mangrove.domain.security;

import dev.mangrove.domain.document.Document;
import dev.mangrove.domain.query.Filter;
import dev.mangrove.domain.query.Projection;
import dev.mangrove.domain.resource.Verb;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * One permission of the access-control list (docs/security.md): who ({@code roles}), how ({@code methods},
 * empty for every method) and where ({@code path}), with the data scope it grants and the flags
 * for requests beyond plain reads and writes.
 *
 * @param origin          where it was declared, for messages ({@code mangrove.security.acl.2},
 *                        {@code mangrove_acl _id=…})
 * @param roles           the roles it applies to (at least one)
 * @param methods         the methods it applies to; empty for every method
 * @param path            the path pattern
 * @param priority        the lowest number wins among matching permissions (default 0)
 * @param readFilter      query document ANDed into reads, with variables; empty for none
 * @param writeFilter     query document ANDed into writes, with variables; empty for none
 * @param mergeRequest    fields set on written documents, with variables; empty for none
 * @param projectResponse projection applied to returned documents; empty for none
 * @param flags           the flags it grants
 */
public record Permission(String origin, Set<String> roles, Set<Verb> methods, PathPattern path, int priority,
                         Map<String, Object> readFilter, Map<String, Object> writeFilter,
                         Map<String, Object> mergeRequest, Map<String, Object> projectResponse, Set<AclFlag> flags) {
    /** The fields a permission document may have. */
    public static final Set<String> FIELDS = Set.of("_id", "roles", "methods", "path", "priority", "mongo");

    /** The fields of a permission's {@code mongo} options. */
    public static final Set<String> MONGO_FIELDS;

    static {
        Set<String> fields = new LinkedHashSet<>(List.of("readFilter", "writeFilter", "mergeRequest",
                "projectResponse"));
        for (AclFlag flag : AclFlag.values()) {
            fields.add(flag.key());
        }
        MONGO_FIELDS = Set.copyOf(fields);
    }

    public Permission {
        Objects.requireNonNull(origin, "origin");
        Objects.requireNonNull(path, "path");
        roles = Set.copyOf(new LinkedHashSet<>(roles));
        if (roles.isEmpty()) {
            throw new InvalidPermissionException("roles", "at least one role is required");
        }
        methods = methods.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(methods));
        readFilter = frozen(readFilter);
        writeFilter = frozen(writeFilter);
        mergeRequest = frozen(mergeRequest);
        projectResponse = frozen(projectResponse);
        flags = flags.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(flags));
        AclVariables.check("mongo.readFilter", readFilter);
        AclVariables.check("mongo.writeFilter", writeFilter);
        AclVariables.check("mongo.mergeRequest", mergeRequest);
        for (String key : mergeRequest.keySet()) {
            if (key.startsWith("$") || key.equals("_id")) {
                throw new InvalidPermissionException("mongo.mergeRequest", "cannot set '" + key
                        + "' (operators and _id are not fields to merge)");
            }
            if (mergeRequest.get(key) == null) {
                throw new InvalidPermissionException("mongo.mergeRequest", "'" + key + "' must not be null");
            }
        }
        projectResponse.forEach((field, value) -> {
            if (!isProjectionFlag(value)) {
                throw new InvalidPermissionException("mongo.projectResponse", "'" + field
                        + "' must be 0 or 1 (or false/true)");
            }
        });
    }

    private static Map<String, Object> frozen(Map<String, Object> map) {
        return java.util.Collections.unmodifiableMap(new LinkedHashMap<>(Objects.requireNonNull(map)));
    }

    /** Whether the permission applies to a caller with these roles. */
    public boolean appliesTo(Principal principal) {
        return principal.roles().stream().anyMatch(roles::contains);
    }

    /**
     * Whether the permission applies to {@code verb} on the raw path; a permission for {@code GET}
     * also covers {@code HEAD}.
     */
    public boolean matches(Verb verb, String rawPath) {
        boolean method = methods.isEmpty() || methods.contains(verb) || (verb == Verb.HEAD && methods.contains(Verb.GET));
        return method && path.matches(rawPath);
    }

    /** Whether it grants {@code flag}. */
    public boolean allows(AclFlag flag) {
        return flags.contains(flag);
    }

    /** The data scope for {@code principal} at {@code now}, variables substituted. */
    public DataScope scope(Principal principal, Instant now) {
        Instant at = now.truncatedTo(ChronoUnit.MILLIS);
        return new DataScope(filter(readFilter, principal, at), filter(writeFilter, principal, at),
                AclVariables.substitute(mergeRequest, principal, at),
                projectResponse.isEmpty() ? Projection.none() : new Projection(projectResponse));
    }

    private static Filter filter(Map<String, Object> query, Principal principal, Instant now) {
        return query.isEmpty() ? Filter.ALL : new Filter.Expression(AclVariables.substitute(query, principal, now));
    }

    private static boolean isProjectionFlag(Object value) {
        return switch (value) {
            case Boolean b -> true;
            case Integer i -> i == 0 || i == 1;
            case Long l -> l == 0 || l == 1;
            case Double d -> d == 0 || d == 1;
            case BigDecimal d -> d.signum() == 0 || d.compareTo(BigDecimal.ONE) == 0;
            case null, default -> false;
        };
    }

    /**
     * Reads a permission from its document form (configuration and the MongoDB collection share it):
     * {@code {roles, methods, path, priority, mongo: {readFilter, writeFilter, mergeRequest,
     * projectResponse, allowManagementRequests, allowBulkPatch, allowBulkDelete, allowWriteMode,
     * allowAdhocAggregation}}}. Scalars may be strings ({@code "true"}, {@code "10"}) as configuration
     * gives them. Throws {@link InvalidPermissionException} naming the field.
     */
    public static Permission parse(String origin, Map<String, Object> document) {
        for (String key : document.keySet()) {
            if (!FIELDS.contains(key)) {
                throw new InvalidPermissionException(key, "unknown field (expected roles, methods, path, priority, mongo)");
            }
        }
        Object pathValue = document.get("path");
        if (!(pathValue instanceof String pathText) || pathText.isBlank()) {
            throw new InvalidPermissionException("path", "is required (e.g. \"/shop/**\" or \"/{db}/{coll}\")");
        }
        PathPattern path;
        try {
            path = PathPattern.compile(pathText);
        } catch (IllegalArgumentException e) {
            throw new InvalidPermissionException("path", e.getMessage());
        }
        List<String> roles = strings("roles", document.get("roles"));
        if (roles.isEmpty()) {
            throw new InvalidPermissionException("roles", "at least one role is required");
        }
        Set<Verb> methods = EnumSet.noneOf(Verb.class);
        for (String method : strings("methods", document.get("methods"))) {
            methods.add(Verb.of(method.strip()).orElseThrow(() -> new InvalidPermissionException("methods",
                    "unknown method '" + method + "'")));
        }
        int priority = integer("priority", document.get("priority"));
        Map<String, Object> mongo = map("mongo", document.get("mongo"));
        for (String key : mongo.keySet()) {
            if (!MONGO_FIELDS.contains(key)) {
                throw new InvalidPermissionException("mongo." + key, "unknown option (expected one of "
                        + String.join(", ", new java.util.TreeSet<>(MONGO_FIELDS)) + ")");
            }
        }
        Set<AclFlag> flags = EnumSet.noneOf(AclFlag.class);
        for (AclFlag flag : AclFlag.values()) {
            if (bool("mongo." + flag.key(), mongo.get(flag.key()))) {
                flags.add(flag);
            }
        }
        return new Permission(origin, new LinkedHashSet<>(roles), methods, path, priority,
                map("mongo.readFilter", mongo.get("readFilter")), map("mongo.writeFilter", mongo.get("writeFilter")),
                map("mongo.mergeRequest", mongo.get("mergeRequest")),
                map("mongo.projectResponse", mongo.get("projectResponse")), flags);
    }

    private static List<String> strings(String field, Object value) {
        List<String> out = new ArrayList<>();
        switch (value) {
            case null -> {
            }
            case String s -> {
                for (String part : s.split(",")) {
                    if (!part.isBlank()) {
                        out.add(part.strip());
                    }
                }
            }
            case List<?> list -> {
                for (Object element : list) {
                    if (!(element instanceof String s) || s.isBlank()) {
                        throw new InvalidPermissionException(field, "expected a list of non-empty strings");
                    }
                    out.add(s.strip());
                }
            }
            default -> throw new InvalidPermissionException(field, "expected a list of strings");
        }
        return out;
    }

    private static int integer(String field, Object value) {
        return switch (value) {
            case null -> 0;
            case Integer i -> i;
            case Long l when l >= Integer.MIN_VALUE && l <= Integer.MAX_VALUE -> l.intValue();
            case Double d when d == Math.rint(d) && Math.abs(d) <= Integer.MAX_VALUE -> d.intValue();
            case String s -> {
                try {
                    yield Integer.parseInt(s.strip());
                } catch (NumberFormatException e) {
                    throw new InvalidPermissionException(field, "expected an integer, got '" + s + "'");
                }
            }
            default -> throw new InvalidPermissionException(field, "expected an integer, got " + value);
        };
    }

    private static boolean bool(String field, Object value) {
        return switch (value) {
            case null -> false;
            case Boolean b -> b;
            case String s when s.strip().toLowerCase(Locale.ROOT).equals("true") -> true;
            case String s when s.strip().toLowerCase(Locale.ROOT).equals("false") -> false;
            default -> throw new InvalidPermissionException(field, "expected true or false, got '" + value + "'");
        };
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(String field, Object value) {
        return switch (value) {
            case null -> Map.of();
            case Document d -> new LinkedHashMap<>(d.fields());
            case Map<?, ?> m -> {
                for (Object key : m.keySet()) {
                    if (!(key instanceof String)) {
                        throw new InvalidPermissionException(field, "expected a document with string keys");
                    }
                }
                yield new LinkedHashMap<>((Map<String, Object>) m);
            }
            default -> throw new InvalidPermissionException(field, "expected a document, got '" + value + "'");
        };
    }
}
