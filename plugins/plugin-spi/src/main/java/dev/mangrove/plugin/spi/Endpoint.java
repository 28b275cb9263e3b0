package dev.mangrove.plugin.spi;

import dev.mangrove.domain.resource.Verb;

import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * An endpoint a plugin contributes: {@code /_name} under the root, {@code /{db}/_name} or
 * {@code /{db}/{coll}/_name}, answering the given verbs — or, with {@link ExtensionScope#PATH}, every path
 * under the prefix {@code name} (literal segments and {@code *}, e.g. {@code /app/*&#47;endpoint/data}).
 *
 * @param scope   root, database, collection or path
 * @param name    the path segment, which starts with {@code _}; for {@link ExtensionScope#PATH} the prefix
 * @param verbs   the verbs served
 * @param handler what answers
 * @param errors  renders failures in the plugin's own format (only for {@link ExtensionScope#PATH}), or
 *                {@code null} for problem+json
 * @param description how it is listed in the OpenAPI document
 */
public record Endpoint(ExtensionScope scope, String name, Set<Verb> verbs, EndpointHandler handler,
                       ErrorRenderer errors, EndpointDescription description) {
    private static final String SEGMENT = "[A-Za-z0-9][A-Za-z0-9_.~-]*";

    public Endpoint {
        Objects.requireNonNull(description, "description");
        Objects.requireNonNull(scope, "scope");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(handler, "handler");
        if (scope == ExtensionScope.PATH) {
            if (!name.matches("(/(" + SEGMENT + "|\\*))+") || !name.matches("/" + SEGMENT + ".*")) {
                throw new IllegalArgumentException("a path endpoint's prefix is /segment/… of letters, digits, _ . ~ -"
                        + " or * (one segment), starting with a literal segment: '" + name + "'");
            }
        } else {
            if (!name.matches("_[A-Za-z0-9][A-Za-z0-9_.-]*")) {
                throw new IllegalArgumentException("an endpoint name starts with '_' followed by letters, digits,"
                        + " _ . -: '" + name + "'");
            }
            if (errors != null) {
                throw new IllegalArgumentException("only a path endpoint renders its own errors: '" + name + "'");
            }
        }
        verbs = Set.copyOf(verbs);
        if (verbs.isEmpty()) {
            throw new IllegalArgumentException("an endpoint serves at least one verb");
        }
    }

    /** An endpoint whose failures are problem+json. */
    public Endpoint(ExtensionScope scope, String name, Set<Verb> verbs, EndpointHandler handler) {
        this(scope, name, verbs, handler, null, EndpointDescription.NONE);
    }

    /** An endpoint whose failures are problem+json, with its description for the OpenAPI document. */
    public Endpoint(ExtensionScope scope, String name, Set<Verb> verbs, EndpointHandler handler,
                    EndpointDescription description) {
        this(scope, name, verbs, handler, null, description);
    }

    /** An endpoint owning every path under {@code prefix}, its failures rendered by {@code errors}. */
    public static Endpoint path(String prefix, Set<Verb> verbs, EndpointHandler handler, ErrorRenderer errors) {
        return new Endpoint(ExtensionScope.PATH, prefix, verbs, handler, Objects.requireNonNull(errors, "errors"),
                EndpointDescription.NONE);
    }

    /** This endpoint with its description for the OpenAPI document. */
    public Endpoint described(EndpointDescription description) {
        return new Endpoint(scope, name, verbs, handler, errors, description);
    }

    /** How its failures are rendered, when not as problem+json. */
    public Optional<ErrorRenderer> errorRenderer() {
        return Optional.ofNullable(errors);
    }
}
