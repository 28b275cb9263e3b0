package dev.mangrove.adapter.http;

import dev.mangrove.domain.error.MangroveException;
import dev.mangrove.domain.resource.Mount;
import dev.mangrove.domain.resource.MountTable;
import dev.mangrove.domain.resource.ResolvedResource;
import dev.mangrove.domain.resource.ResourceKind;
import dev.mangrove.domain.resource.Verb;

import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * The one declared route table of the HTTP edge (docs/architecture.md#the-route-table): for every
 * resource kind the operations it answers (verb, handler, description), and its route template — the
 * one label of the access log and metrics. {@code 405} + {@code Allow} and {@code OPTIONS} come from
 * here; the paths served outside the API (health, metrics, login) are listed as fixed routes so that a
 * refused request is labelled with its own route. A new resource kind is one entry plus its handler.
 */
final class RouteTable {
    private final Map<ResourceKind, Route> routes;
    private final List<Fixed> fixed;
    private final MountTable mounts;
    private final Map<Mount, EnumMap<ResourceKind, String>> labels = new IdentityHashMap<>();

    private RouteTable(MountTable mounts, Map<ResourceKind, Route> routes, List<Fixed> fixed) {
        this.mounts = Objects.requireNonNull(mounts, "mounts");
        this.routes = Collections.unmodifiableMap(new EnumMap<>(routes));
        this.fixed = List.copyOf(fixed);
        for (Mount mount : mounts.mounts()) {
            EnumMap<ResourceKind, String> byKind = new EnumMap<>(ResourceKind.class);
            for (Route route : routes.values()) {
                byKind.put(route.kind(), route.label(mount));
            }
            labels.put(mount, byKind);
        }
    }

    static Builder builder(MountTable mounts) {
        return new Builder(mounts);
    }

    /** The API routes, in declaration order of {@link ResourceKind}. */
    List<Route> routes() {
        return List.copyOf(routes.values());
    }

    /** The routes served outside the API dispatcher. */
    List<Fixed> fixed() {
        return fixed;
    }

    /** The route of a resource kind; every kind the mounts resolve to has one. */
    Route route(ResourceKind kind) {
        Route route = routes.get(kind);
        if (route == null) {
            throw new IllegalStateException("no route for " + kind);
        }
        return route;
    }

    /** The label of a resolved resource: its route template under its mount. */
    String label(ResolvedResource resource) {
        EnumMap<ResourceKind, String> byKind = labels.get(resource.mount());
        String label = byKind == null ? null : byKind.get(resource.kind());
        return label != null ? label : route(resource.kind()).label(resource.mount());
    }

    /**
     * Resolves a request once: a fixed route (by method and exact path) or an API resource through the
     * mounts. The mount resolution is kept for fixed routes too: the access-control list decides on it.
     */
    Resolution resolve(String method, String rawPath) {
        Fixed own = null;
        for (Fixed f : fixed) {
            if (f.path().equals(rawPath) && (f.methods().isEmpty() || f.methods().contains(method))) {
                own = f;
                break;
            }
        }
        Optional<ResolvedResource> resource;
        try {
            resource = mounts.resolve(rawPath);
        } catch (MangroveException e) {
            return new Resolution(own == null ? RequestInfo.UNMATCHED : own.path(), own, null, null, e);
        }
        if (own != null) {
            return new Resolution(own.path(), own, null, resource.orElse(null), null);
        }
        if (resource.isEmpty()) {
            return new Resolution(RequestInfo.UNMATCHED, null, null, null, null);
        }
        ResolvedResource r = resource.get();
        return new Resolution(label(r), null, route(r.kind()), r, null);
    }

    /**
     * What a request path resolved to.
     *
     * @param label    the route label ({@code unmatched} when nothing serves the path)
     * @param fixed    the fixed route serving it, or {@code null}
     * @param route    the API route serving it, or {@code null}
     * @param resolved the mount resolution, or {@code null}
     * @param failure  why the path does not resolve (400/403 for bad names), or {@code null}
     */
    record Resolution(String label, Fixed fixed, Route route, ResolvedResource resolved, MangroveException failure) {
        Optional<ResolvedResource> resource() {
            return Optional.ofNullable(resolved);
        }

        /** The API resource to serve; the problem (404, 400, 403) when there is none. */
        ResolvedResource apiResource() {
            if (failure != null) {
                throw failure;
            }
            if (resolved == null) {
                throw MangroveException.notFound("resource-not-found", "Nothing is served at this path");
            }
            return resolved;
        }
    }

    /**
     * A path served outside the API dispatcher, by exact path.
     *
     * @param path        the exact raw path
     * @param methods     the methods it answers; empty for every method
     * @param description what it is
     * @param documented  the methods the OpenAPI document lists (those it serves, not the 405 answers)
     */
    record Fixed(String path, Set<String> methods, String description, Set<String> documented) {
        Fixed {
            Objects.requireNonNull(path, "path");
            methods = Set.copyOf(methods);
            Objects.requireNonNull(description, "description");
            documented = Set.copyOf(documented);
        }

        /** A fixed route that documents the methods it answers. */
        Fixed(String path, Set<String> methods, String description) {
            this(path, methods, description, methods.isEmpty() ? Set.of("GET") : methods);
        }
    }

    /**
     * One operation of a resource, described for the reader and for the OpenAPI document
     * (docs/api.md#openapi). The short texts are a small notation the document generator reads.
     *
     * @param verb       the verb
     * @param handler    what serves it
     * @param summary    what it does
     * @param parameters the query parameters, then after {@code ;} the headers it reads, comma-separated; a
     *                   name followed by {@code (mandatory)} is required ({@code -} or empty for none)
     * @param body       the request body it takes ({@code -} for none; {@code (optional)} when it may be left out)
     * @param statuses   the statuses it answers, comma-separated
     */
    record Operation(Verb verb, ResourceHandler handler, String summary, String parameters, String body,
                     String statuses) {
        private static final java.util.regex.Pattern STATUS = java.util.regex.Pattern.compile("\\b[1-5][0-9][0-9]\\b");

        Operation {
            Objects.requireNonNull(verb, "verb");
            Objects.requireNonNull(handler, "handler");
            Objects.requireNonNull(summary, "summary");
            parameters = parameters == null ? "-" : parameters;
            body = body == null ? "-" : body;
            statuses = statuses == null ? "" : statuses;
        }

        /** The query parameters, in the order given. */
        List<Param> query() {
            int semicolon = parameters.indexOf(';');
            return params(semicolon < 0 ? parameters : parameters.substring(0, semicolon));
        }

        /** The request headers read (conditional requests, {@code Prefer}, …). */
        List<Param> headers() {
            int semicolon = parameters.indexOf(';');
            return semicolon < 0 ? List.of() : params(parameters.substring(semicolon + 1));
        }

        /** Whether a request body is taken. */
        boolean takesBody() {
            return !body.isBlank() && !body.strip().equals("-");
        }

        /** Whether the request body may be left out. */
        boolean bodyOptional() {
            return body.contains("(optional)");
        }

        /** The statuses answered, in the order given. */
        List<Integer> statusCodes() {
            List<Integer> out = new ArrayList<>();
            java.util.regex.Matcher m = STATUS.matcher(statuses);
            while (m.find()) {
                Integer status = Integer.valueOf(m.group());
                if (!out.contains(status)) {
                    out.add(status);
                }
            }
            return out;
        }

        private static List<Param> params(String list) {
            List<Param> out = new ArrayList<>();
            for (String token : list.split(",")) {
                String name = token.strip();
                boolean required = name.contains("(mandatory)") || name.contains("(required)");
                int paren = name.indexOf('(');
                if (paren >= 0) {
                    name = name.substring(0, paren).strip();
                }
                if (!name.isEmpty() && !name.equals("-")) {
                    out.add(new Param(name, required));
                }
            }
            return out;
        }

        /** A parameter an operation reads, and whether it must be given. */
        record Param(String name, boolean required) {
        }
    }

    /**
     * A resource kind's entry: its template and operations. {@code HEAD} is served by the {@code GET}
     * operation and {@code OPTIONS} by the table; a route whose plugin decides its verbs ({@link #pluginVerbs})
     * passes every verb to its one handler.
     */
    static final class Route {
        private final ResourceKind kind;
        private final String template;
        private final String description;
        private final Map<Verb, Operation> operations;
        private final ResourceHandler any;
        private final Set<Verb> verbs;

        private Route(ResourceKind kind, String template, String description, Map<Verb, Operation> operations,
                      ResourceHandler any) {
            this.kind = Objects.requireNonNull(kind, "kind");
            this.template = Objects.requireNonNull(template, "template");
            this.description = Objects.requireNonNull(description, "description");
            this.operations = Collections.unmodifiableMap(new LinkedHashMap<>(operations));
            this.any = any;
            EnumSet<Verb> all = EnumSet.noneOf(Verb.class);
            all.addAll(operations.keySet());
            if (all.contains(Verb.GET)) {
                all.add(Verb.HEAD);
            }
            all.add(Verb.OPTIONS);
            this.verbs = Collections.unmodifiableSet(all);
        }

        /** A resource with no operations yet. */
        static Route of(ResourceKind kind, String template, String description) {
            return new Route(kind, template, description, Map.of(), null);
        }

        /** This route also answering {@code verb}. */
        Route on(Verb verb, ResourceHandler handler, String summary, String parameters, String body, String statuses) {
            if (any != null || verb == Verb.HEAD || verb == Verb.OPTIONS || operations.containsKey(verb)) {
                throw new IllegalArgumentException(kind + ": cannot declare " + verb);
            }
            Map<Verb, Operation> more = new LinkedHashMap<>(operations);
            more.put(verb, new Operation(verb, handler, summary, parameters, body, statuses));
            return new Route(kind, template, description, more, null);
        }

        /** This route served by a plugin, which decides its verbs (and answers 405 itself). */
        Route plugin(ResourceHandler handler) {
            if (!operations.isEmpty()) {
                throw new IllegalArgumentException(kind + ": a plugin route has no operations of its own");
            }
            return new Route(kind, template, description, Map.of(), Objects.requireNonNull(handler, "handler"));
        }

        ResourceKind kind() {
            return kind;
        }

        /** The template with every placeholder, e.g. {@code /{db}/{coll}/{docid}}. */
        String template() {
            return template;
        }

        String description() {
            return description;
        }

        Map<Verb, Operation> operations() {
            return operations;
        }

        /** Whether a plugin decides the verbs of this route. */
        boolean pluginVerbs() {
            return any != null;
        }

        /** The verbs answered ({@code HEAD} with {@code GET}, {@code OPTIONS} always); all for plugin routes. */
        Set<Verb> verbs() {
            return any != null ? EnumSet.allOf(Verb.class) : verbs;
        }

        /** The handler of a verb; {@code null} when this route does not answer it. */
        ResourceHandler handler(Verb verb) {
            if (any != null) {
                return any;
            }
            Operation operation = operations.get(verb == Verb.HEAD ? Verb.GET : verb);
            return operation == null ? null : operation.handler();
        }

        /** The template under a mount: without {@code /{db}} below a database mount, nor {@code /{coll}} below a collection mount. */
        String label(Mount mount) {
            String path = template;
            if (mount.target() != Mount.Target.ALL_DATABASES) {
                path = path.replace("/{db}", "");
            }
            if (mount.target() == Mount.Target.COLLECTION) {
                path = path.replace("/{coll}", "").replace("/{bucket}.files", "");
            }
            String base = mount.where().equals("/") ? "" : mount.where();
            String label = base + path;
            return label.isEmpty() ? "/" : label;
        }
    }

    /** Collects the entries; two entries for one kind stop the build. */
    static final class Builder {
        private final MountTable mounts;
        private final Map<ResourceKind, Route> routes = new EnumMap<>(ResourceKind.class);
        private final List<Fixed> fixed = new ArrayList<>();

        private Builder(MountTable mounts) {
            this.mounts = mounts;
        }

        Builder add(Route route) {
            if (routes.putIfAbsent(route.kind(), route) != null) {
                throw new IllegalArgumentException("two routes for " + route.kind());
            }
            return this;
        }

        Builder fixed(String path, Set<String> methods, String description) {
            fixed.add(new Fixed(path, methods, description));
            return this;
        }

        /** A fixed route whose OpenAPI entry lists {@code documented} (it answers the other methods with 405). */
        Builder fixed(String path, Set<String> methods, String description, Set<String> documented) {
            fixed.add(new Fixed(path, methods, description, documented));
            return this;
        }

        RouteTable build() {
            return new RouteTable(mounts, routes, fixed);
        }
    }
}
