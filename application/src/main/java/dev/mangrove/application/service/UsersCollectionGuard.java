package dev.mangrove.application.service;

import dev.mangrove.application.port.in.AccessDecision;
import dev.mangrove.application.port.in.AccessRequest;
import dev.mangrove.application.port.in.AuthorizeUseCase;
import dev.mangrove.domain.query.Projection;
import dev.mangrove.domain.resource.Namespace;
import dev.mangrove.domain.resource.ResolvedResource;
import dev.mangrove.domain.resource.ResourceKind;
import dev.mangrove.domain.security.DataScope;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Keeps password hashes out of responses when the users collection is mounted (SPEC §6): wraps the
 * access-control list so that every allowed read of that collection hides the {@code password}
 * field, and refuses the routes that could compute over it ({@code _distinct}, {@code _aggregate},
 * aggregations, change streams, plugin endpoints) — even for the root role.
 */
public final class UsersCollectionGuard implements AuthorizeUseCase {
    /** The field of the users collection that holds the hash. */
    public static final String PASSWORD_FIELD = "password";
    private static final Set<ResourceKind> REFUSED = Set.of(ResourceKind.DISTINCT, ResourceKind.AGGREGATE,
            ResourceKind.AGGREGATION, ResourceKind.STREAM, ResourceKind.COLLECTION_EXTENSION);
    private final AuthorizeUseCase delegate;
    private final Namespace users;

    /** Guards {@code users} around {@code delegate}. */
    public UsersCollectionGuard(AuthorizeUseCase delegate, Namespace users) {
        this.delegate = Objects.requireNonNull(delegate, "delegate");
        this.users = Objects.requireNonNull(users, "users");
    }

    @Override
    public AccessDecision authorize(AccessRequest request) {
        AccessDecision decision = delegate.authorize(request);
        if (!decision.allowed() || request.resource().isEmpty() || !isUsers(request.resource().get())) {
            return decision;
        }
        if (REFUSED.contains(request.resource().get().kind())) {
            return AccessDecision.deny("The users collection is served only as documents without password hashes");
        }
        DataScope scope = decision.scope();
        return AccessDecision.allow(new DataScope(scope.readFilter(), scope.writeFilter(), scope.mergeRequest(),
                hidePassword(scope.projectResponse())));
    }

    private boolean isUsers(ResolvedResource resource) {
        return resource.database() != null && resource.collection() != null && resource.namespace().equals(users);
    }

    /** {@code projection} with the password field hidden, whether it includes or excludes fields. */
    static Projection hidePassword(Projection projection) {
        Map<String, Object> spec = new LinkedHashMap<>(projection.spec());
        boolean inclusive = spec.entrySet().stream().anyMatch(e -> !e.getKey().equals("_id") && truthy(e.getValue()));
        if (inclusive) {
            spec.keySet().removeIf(k -> k.equals(PASSWORD_FIELD) || k.startsWith(PASSWORD_FIELD + "."));
            if (spec.keySet().stream().noneMatch(k -> !k.equals("_id"))) {
                spec.put("_id", 1);
            }
        } else {
            spec.keySet().removeIf(k -> k.startsWith(PASSWORD_FIELD + "."));
            spec.put(PASSWORD_FIELD, 0);
        }
        return new Projection(spec);
    }

    private static boolean truthy(Object value) {
        return value instanceof Boolean b ? b : value instanceof Number n ? n.doubleValue() != 0 : value != null;
    }
}
