package dev.mangrove.application.port.in;

import dev.mangrove.domain.resource.ResolvedResource;
import dev.mangrove.domain.resource.Verb;
import dev.mangrove.domain.security.Principal;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A request to be checked against the access-control list.
 *
 * @param principal the caller (possibly anonymous)
 * @param verb      the request method
 * @param path      the request path as the client sent it, not decoded (e.g. {@code /shop/orders/42})
 * @param resource  what the path resolves to through the mounts; empty for paths outside the API
 *                  (login, {@code /me}, unknown root-level paths)
 * @param query     the query parameters, decoded (e.g. {@code wm}, {@code filter})
 */
public record AccessRequest(Principal principal, Verb verb, String path, Optional<ResolvedResource> resource,
                            Map<String, List<String>> query) {
    public AccessRequest {
        Objects.requireNonNull(principal, "principal");
        Objects.requireNonNull(verb, "verb");
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(resource, "resource");
        query = Map.copyOf(query);
    }
}
