package dev.mangrove.plugin.spi;

import dev.mangrove.domain.query.Filter;
import dev.mangrove.domain.resource.DatabaseName;
import dev.mangrove.domain.resource.Namespace;
import dev.mangrove.domain.resource.Verb;
import dev.mangrove.domain.security.DataScope;
import dev.mangrove.domain.security.Principal;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A request to an endpoint contributed by a plugin, in domain terms.
 *
 * @param verb       the HTTP verb
 * @param scope      where the endpoint sits: root, database or collection
 * @param name       the endpoint name, e.g. {@code _hello}
 * @param database   the real database, or {@code null} at the root
 * @param namespace  the real collection, or {@code null} above collection level
 * @param rest       decoded path segments after the name; for a {@link ExtensionScope#PATH} endpoint every
 *                   decoded segment of the path
 * @param parameters decoded query parameters, in request order
 * @param filter     the filter the request's query parameters express (any dialect of docs/api.md),
 *                   {@link Filter#ALL} above collection level
 * @param body       the parsed JSON body (a domain value), or {@code null} when there is none
 * @param json       reads query parameters as JSON
 * @param caller     the authenticated caller, or {@code null} when security is disabled (see {@link #principal()})
 * @param dataScope  what the caller may see and change; {@link DataScope#UNRESTRICTED} without security
 * @param headers    the request headers, names in lower case
 */
public record ExtensionRequest(Verb verb, ExtensionScope scope, String name, DatabaseName database, Namespace namespace,
                               List<String> rest, Map<String, List<String>> parameters, Filter filter, Object body,
                               JsonParameters json, Principal caller, DataScope dataScope,
                               Map<String, List<String>> headers) {
    /** A request without headers. */
    public ExtensionRequest(Verb verb, ExtensionScope scope, String name, DatabaseName database, Namespace namespace,
                            List<String> rest, Map<String, List<String>> parameters, Filter filter, Object body,
                            JsonParameters json, Principal caller, DataScope dataScope) {
        this(verb, scope, name, database, namespace, rest, parameters, filter, body, json, caller, dataScope,
                Map.of());
    }

    /** A request whose parameters cannot be read as JSON. */
    public ExtensionRequest(Verb verb, ExtensionScope scope, String name, DatabaseName database, Namespace namespace,
                            List<String> rest, Map<String, List<String>> parameters, Filter filter, Object body) {
        this(verb, scope, name, database, namespace, rest, parameters, filter, body, JsonParameters.NONE);
    }

    /** A request without security: no principal, unrestricted. */
    public ExtensionRequest(Verb verb, ExtensionScope scope, String name, DatabaseName database, Namespace namespace,
                            List<String> rest, Map<String, List<String>> parameters, Filter filter, Object body,
                            JsonParameters json) {
        this(verb, scope, name, database, namespace, rest, parameters, filter, body, json, null,
                DataScope.UNRESTRICTED);
    }

    public ExtensionRequest {
        Objects.requireNonNull(json, "json");
        Objects.requireNonNull(dataScope, "dataScope");
        Objects.requireNonNull(verb, "verb");
        Objects.requireNonNull(scope, "scope");
        Objects.requireNonNull(name, "name");
        rest = List.copyOf(rest);
        parameters = Map.copyOf(parameters);
        Objects.requireNonNull(filter, "filter");
        Map<String, List<String>> lower = new java.util.LinkedHashMap<>();
        Objects.requireNonNull(headers, "headers").forEach((k, v) -> lower.put(k.toLowerCase(java.util.Locale.ROOT),
                List.copyOf(v)));
        headers = java.util.Collections.unmodifiableMap(lower);
    }

    /** The database, when the endpoint sits at or below database level. */
    public Optional<DatabaseName> databaseName() {
        return Optional.ofNullable(database);
    }

    /** The collection, when the endpoint sits at collection level. */
    public Optional<Namespace> collection() {
        return Optional.ofNullable(namespace);
    }

    /** The authenticated caller; empty when security is disabled. */
    public Optional<Principal> principal() {
        return Optional.ofNullable(caller);
    }

    /** This request as made by {@code principal} within {@code scope}. */
    public ExtensionRequest withCaller(Principal principal, DataScope scope) {
        return new ExtensionRequest(verb, this.scope, name, database, namespace, rest, parameters, filter, body, json,
                principal, scope, headers);
    }

    /** This request with these headers. */
    public ExtensionRequest withHeaders(Map<String, List<String>> newHeaders) {
        return new ExtensionRequest(verb, scope, name, database, namespace, rest, parameters, filter, body, json, caller,
                dataScope, newHeaders);
    }

    /** The first value of a header (the name in any case). */
    public Optional<String> header(String headerName) {
        List<String> values = headers.get(headerName.toLowerCase(java.util.Locale.ROOT));
        return values == null || values.isEmpty() ? Optional.empty() : Optional.of(values.get(0));
    }

    /** The first value of a query parameter. */
    public Optional<String> parameter(String key) {
        List<String> values = parameters.get(key);
        return values == null || values.isEmpty() ? Optional.empty() : Optional.of(values.get(0));
    }

    /** The first value of a query parameter parsed as Extended JSON (a 400 problem when malformed). */
    public Optional<Object> jsonParameter(String key) {
        return json.parse(key);
    }
}
