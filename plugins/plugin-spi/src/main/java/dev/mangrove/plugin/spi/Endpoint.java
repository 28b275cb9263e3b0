package dev.mangrove.plugin.spi;

import dev.mangrove.domain.resource.Verb;

import java.util.Objects;
import java.util.Set;

/**
 * An endpoint a plugin contributes: {@code /_name} under the root, {@code /{db}/_name} or
 * {@code /{db}/{coll}/_name}, answering the given verbs.
 *
 * @param scope   root, database or collection
 * @param name    the path segment; must start with {@code _}
 * @param verbs   the verbs served
 * @param handler what answers
 * @param description how it is listed in the OpenAPI document
 */
public record Endpoint(ExtensionScope scope, String name, Set<Verb> verbs, EndpointHandler handler,
                       EndpointDescription description) {
    /** An endpoint that does not describe itself beyond its path and verbs. */
    public Endpoint(ExtensionScope scope, String name, Set<Verb> verbs, EndpointHandler handler) {
        this(scope, name, verbs, handler, EndpointDescription.NONE);
    }

    public Endpoint {
        Objects.requireNonNull(description, "description");
        Objects.requireNonNull(scope, "scope");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(handler, "handler");
        if (!name.matches("_[A-Za-z0-9][A-Za-z0-9_.-]*")) {
            throw new IllegalArgumentException("an endpoint name starts with '_' followed by letters, digits, _ . -: '"
                    + name + "'");
        }
        verbs = Set.copyOf(verbs);
        if (verbs.isEmpty()) {
            throw new IllegalArgumentException("an endpoint serves at least one verb");
        }
    }

    /** This endpoint with its description for the OpenAPI document. */
    public Endpoint described(EndpointDescription description) {
        return new Endpoint(scope, name, verbs, handler, description);
    }
}
