package dev.mangrove.plugin.spi;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * How a plugin endpoint describes itself for the server's OpenAPI document ({@code GET /_openapi},
 * docs/api.md#openapi): plain text and names only, no framework or schema-library types.
 *
 * @param summary     one line on what the endpoint does
 * @param parameters  the query parameters it reads
 * @param subpath     the path segments it takes after its name (e.g. {@code {name}}); empty for none
 * @param requestBody what the request body holds; empty for none
 * @param responses   the statuses it answers, each with one line on what it means
 */
public record EndpointDescription(String summary, List<Parameter> parameters, String subpath, String requestBody,
                                  Map<Integer, String> responses) {
    /** An endpoint that says nothing about itself (documented by its path and verbs only). */
    public static final EndpointDescription NONE = new EndpointDescription("", List.of(), "", "", Map.of());

    public EndpointDescription {
        Objects.requireNonNull(summary, "summary");
        parameters = List.copyOf(parameters);
        Objects.requireNonNull(subpath, "subpath");
        if (!subpath.isEmpty() && !subpath.matches("(\\{[A-Za-z][A-Za-z0-9_]*}|[A-Za-z0-9_.-]+)(/(\\{[A-Za-z][A-Za-z0-9_]*}|[A-Za-z0-9_.-]+))*")) {
            throw new IllegalArgumentException("a subpath is segments, each a name or a {placeholder}: '" + subpath + "'");
        }
        Objects.requireNonNull(requestBody, "requestBody");
        responses = Map.copyOf(new TreeMap<>(responses));
        for (Integer status : responses.keySet()) {
            if (status < 100 || status > 599) {
                throw new IllegalArgumentException("not an HTTP status: " + status);
            }
        }
    }

    /** A description with this summary and nothing else. */
    public static EndpointDescription of(String summary) {
        return new EndpointDescription(summary, List.of(), "", "", Map.of());
    }

    /** This description also reading the query parameter {@code name}. */
    public EndpointDescription parameter(String name, String description, boolean required) {
        List<Parameter> more = new java.util.ArrayList<>(parameters);
        more.add(new Parameter(name, description, required));
        return new EndpointDescription(summary, more, subpath, requestBody, responses);
    }

    /** This description with the path segments taken after the endpoint's name. */
    public EndpointDescription subpath(String segments) {
        return new EndpointDescription(summary, parameters, segments, requestBody, responses);
    }

    /** This description taking a JSON request body holding {@code what}. */
    public EndpointDescription requestBody(String what) {
        return new EndpointDescription(summary, parameters, subpath, what, responses);
    }

    /** This description also answering {@code status}, meaning {@code meaning}. */
    public EndpointDescription response(int status, String meaning) {
        Map<Integer, String> more = new TreeMap<>(responses);
        more.put(status, meaning);
        return new EndpointDescription(summary, parameters, subpath, requestBody, more);
    }

    /**
     * A query parameter of an endpoint.
     *
     * @param name        its name
     * @param description what it means
     * @param required    whether a request must give it
     */
    public record Parameter(String name, String description, boolean required) {
        public Parameter {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(description, "description");
            if (name.isBlank()) {
                throw new IllegalArgumentException("a parameter has a name");
            }
        }
    }
}
