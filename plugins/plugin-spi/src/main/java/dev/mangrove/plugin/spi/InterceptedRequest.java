package dev.mangrove.plugin.spi;

import dev.mangrove.domain.resource.DatabaseName;
import dev.mangrove.domain.resource.Namespace;
import dev.mangrove.domain.resource.ResourceKind;
import dev.mangrove.domain.resource.Verb;
import dev.mangrove.domain.security.DataScope;
import dev.mangrove.domain.security.Principal;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * An API request as interceptors see it (docs/plugins.md): what it addresses, its query parameters and headers,
 * and who is calling. Immutable; the {@code with…} methods return a changed copy, which an interceptor's
 * {@code before} returns to change the request the server then serves.
 *
 * @param verb       the HTTP verb
 * @param path       the request path as the client sent it (not decoded)
 * @param kind       what the path resolves to through the mounts
 * @param database   the real database, or {@code null} at the root
 * @param namespace  the real collection, or {@code null} above collection level
 * @param parameters decoded query parameters, in request order
 * @param headers    request headers, names in lower case
 * @param principal  the authenticated caller; empty when security is disabled
 * @param scope      what the caller may see and change ({@link DataScope#UNRESTRICTED} without security)
 */
public record InterceptedRequest(Verb verb, String path, ResourceKind kind, DatabaseName database, Namespace namespace,
                                 Map<String, List<String>> parameters, Map<String, List<String>> headers,
                                 Optional<Principal> principal, DataScope scope) {
    public InterceptedRequest {
        Objects.requireNonNull(verb, "verb");
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(principal, "principal");
        Objects.requireNonNull(scope, "scope");
        parameters = copy(parameters, false);
        headers = copy(headers, true);
    }

    /** The database, when the request addresses one or something in one. */
    public Optional<DatabaseName> databaseName() {
        return Optional.ofNullable(database);
    }

    /** The collection, when the request addresses one or something in one. */
    public Optional<Namespace> collection() {
        return Optional.ofNullable(namespace);
    }

    /** The first value of a query parameter. */
    public Optional<String> parameter(String name) {
        List<String> values = parameters.get(name);
        return values == null || values.isEmpty() ? Optional.empty() : Optional.of(values.get(0));
    }

    /** The first value of a header (the name in any case). */
    public Optional<String> header(String name) {
        List<String> values = headers.get(name.toLowerCase(Locale.ROOT));
        return values == null || values.isEmpty() ? Optional.empty() : Optional.of(values.get(0));
    }

    /** This request with the query parameter set to these values (replacing any), or removed when none. */
    public InterceptedRequest withParameter(String name, String... values) {
        Map<String, List<String>> changed = new LinkedHashMap<>(parameters);
        if (values.length == 0) {
            changed.remove(name);
        } else {
            changed.put(name, List.of(values));
        }
        return new InterceptedRequest(verb, path, kind, database, namespace, changed, headers, principal, scope);
    }

    /** This request without the query parameter. */
    public InterceptedRequest withoutParameter(String name) {
        return withParameter(name);
    }

    /** This request with the header set to this value (added, or replacing the values it had). */
    public InterceptedRequest withHeader(String name, String value) {
        Map<String, List<String>> changed = new LinkedHashMap<>(headers);
        changed.put(name.toLowerCase(Locale.ROOT), List.of(value));
        return new InterceptedRequest(verb, path, kind, database, namespace, parameters, changed, principal, scope);
    }

    private static Map<String, List<String>> copy(Map<String, List<String>> map, boolean lowerCase) {
        Map<String, List<String>> out = new LinkedHashMap<>();
        Objects.requireNonNull(map, "map").forEach((k, v) -> out.put(lowerCase ? k.toLowerCase(Locale.ROOT) : k,
                List.copyOf(v)));
        return java.util.Collections.unmodifiableMap(out);
    }
}
