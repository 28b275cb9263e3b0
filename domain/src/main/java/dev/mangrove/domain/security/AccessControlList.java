package dev.mangrove.domain.security;

import dev.mangrove.domain.resource.Verb;

import java.util.List;
import java.util.Optional;

/**
 * The permissions in declaration order, and the rule that picks the one deciding a request.
 *
 * <p>The candidates are the permissions whose roles include one of the caller's roles (the
 * anonymous caller has only {@value Principal#UNAUTHENTICATED_ROLE}), whose methods include the
 * request's (no methods: every method) and whose path matches the raw request path. Among them the
 * one with the <em>lowest</em> {@code priority} number wins (RESTHeart's order: lower numbers are
 * evaluated first; the default is 0); on a tie the one declared first wins. Only the winner decides:
 * its flags and its data scope, nothing is combined from the others.
 *
 * @param permissions the permissions, in declaration order
 */
public record AccessControlList(List<Permission> permissions) {
    /** No permission at all. */
    public static final AccessControlList EMPTY = new AccessControlList(List.of());

    public AccessControlList {
        permissions = List.copyOf(permissions);
    }

    /** The permission deciding this request, if any applies. */
    public Optional<Permission> winner(Principal principal, Verb verb, String rawPath) {
        Permission best = null;
        for (Permission permission : permissions) {
            if (permission.appliesTo(principal) && permission.matches(verb, rawPath)
                    && (best == null || permission.priority() < best.priority())) {
                best = permission;
            }
        }
        return Optional.ofNullable(best);
    }

    /** This list followed by {@code more} (declared after it). */
    public AccessControlList then(List<Permission> more) {
        return new AccessControlList(java.util.stream.Stream.concat(permissions.stream(), more.stream()).toList());
    }
}
