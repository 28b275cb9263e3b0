package dev.mangrove.application.service;

import dev.mangrove.application.port.in.ExtensionUseCase;
import dev.mangrove.application.port.in.InterceptorChain;
import dev.mangrove.domain.error.ErrorKind;
import dev.mangrove.domain.error.MangroveException;
import dev.mangrove.domain.resource.ResourceKind;
import dev.mangrove.domain.resource.Verb;
import dev.mangrove.plugin.spi.Endpoint;
import dev.mangrove.plugin.spi.ExtensionRequest;
import dev.mangrove.plugin.spi.ExtensionResponse;
import dev.mangrove.plugin.spi.ExtensionScope;
import dev.mangrove.plugin.spi.InterceptedRequest;
import dev.mangrove.plugin.spi.InterceptedResponse;
import dev.mangrove.plugin.spi.Interceptor;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Runs what the loaded plugins contribute (docs/plugins.md): serves their endpoints by scope and name,
 * runs their interceptors — per resource kind, only those that apply — and lists the plugins at
 * {@code GET /_plugins}. Two plugins claiming the same name, path or interceptor name are refused.
 */
public final class PluginHost implements ExtensionUseCase, InterceptorChain, AutoCloseable {
    /** The endpoint listing the plugins (for administrators, through the access-control list). */
    public static final String LISTING = "_plugins";
    private static final System.Logger LOG = System.getLogger(PluginHost.class.getName());
    private static final Comparator<Interceptor> ORDER = Comparator.comparingInt(Interceptor::order)
            .thenComparing(Interceptor::name);
    private final Map<Key, Registered> endpoints;
    private final List<LoadedPlugin> plugins;
    private final List<Interceptor> interceptors;
    private final Map<ResourceKind, List<Interceptor>> byKind;

    private PluginHost(Map<Key, Registered> endpoints, List<LoadedPlugin> plugins, List<Interceptor> interceptors) {
        this.endpoints = endpoints;
        this.plugins = plugins;
        this.interceptors = interceptors;
        EnumMap<ResourceKind, List<Interceptor>> kinds = new EnumMap<>(ResourceKind.class);
        for (ResourceKind kind : ResourceKind.values()) {
            kinds.put(kind, interceptors.stream().filter(i -> i.appliesTo(kind)).toList());
        }
        this.byKind = kinds;
    }

    /**
     * Registers every plugin's endpoints and interceptors, logging each with its metadata.
     *
     * @throws IllegalArgumentException when two plugins claim the same name, path or interceptor name
     */
    public static PluginHost create(List<LoadedPlugin> plugins) {
        Map<String, LoadedPlugin> byName = new HashMap<>();
        Map<Key, Registered> endpoints = new HashMap<>();
        Map<String, String> interceptorOwners = new HashMap<>();
        List<Interceptor> interceptors = new ArrayList<>();
        for (LoadedPlugin loaded : plugins) {
            LoadedPlugin previous = byName.putIfAbsent(loaded.name(), loaded);
            if (previous != null) {
                throw new IllegalArgumentException("two plugins are named '" + loaded.name() + "' ("
                        + previous.origin() + " and " + loaded.origin() + ")");
            }
            for (Endpoint endpoint : loaded.plugin().endpoints()) {
                Key key = new Key(endpoint.scope(), endpoint.name());
                if (endpoint.scope() == ExtensionScope.ROOT && (endpoint.name().equals(LISTING)
                        || endpoint.name().equals(dev.mangrove.domain.resource.MountTable.USERS)
                        || endpoint.name().equals(dev.mangrove.domain.resource.MountTable.KEYS))) {
                    throw new IllegalArgumentException("plugin '" + loaded.name() + "' claims /" + endpoint.name()
                            + ", which the server serves itself");
                }
                if (endpoint.scope() == ExtensionScope.PATH && reserved(endpoint.name())) {
                    throw new IllegalArgumentException("plugin '" + loaded.name() + "' claims " + endpoint.name()
                            + ", under a path the server serves itself (/health, /metrics, /token, /login, /me, /_…)");
                }
                Registered other = endpoints.putIfAbsent(key, new Registered(loaded.name(), endpoint));
                if (other != null) {
                    throw new IllegalArgumentException("plugins '" + other.plugin() + "' and '"
                            + loaded.name() + "' both claim " + describe(key));
                }
            }
            LOG.log(System.Logger.Level.INFO, "Plugin " + loaded.name() + " " + loaded.version() + " registered from "
                    + loaded.origin() + (loaded.description().isEmpty() ? "" : " (" + loaded.description() + ")")
                    + (loaded.plugin().endpoints().isEmpty() ? "" : ": " + loaded.plugin().endpoints().stream()
                    .map(PluginHost::describe).collect(Collectors.joining("; "))));
            for (Interceptor interceptor : loaded.plugin().interceptors()) {
                String name = interceptor.name();
                if (name == null || name.isBlank()) {
                    throw new IllegalArgumentException("plugin '" + loaded.name()
                            + "' contributes an interceptor without a name");
                }
                String owner = interceptorOwners.putIfAbsent(name, loaded.name());
                if (owner != null) {
                    throw new IllegalArgumentException("plugins '" + owner + "' and '" + loaded.name()
                            + "' both contribute an interceptor named '" + name + "'");
                }
                interceptors.add(interceptor);
                LOG.log(System.Logger.Level.INFO, "Interceptor " + name + " (order " + interceptor.order()
                        + ") registered by plugin " + loaded.name());
            }
        }
        interceptors.sort(ORDER);
        return new PluginHost(Map.copyOf(endpoints), List.copyOf(plugins), List.copyOf(interceptors));
    }

    @Override
    public InterceptedRequest before(InterceptedRequest request) {
        InterceptedRequest current = request;
        for (Interceptor interceptor : byKind.get(request.kind())) {
            current = Objects.requireNonNull(interceptor.before(current),
                    () -> "interceptor " + interceptor.name() + " returned no request");
        }
        return current;
    }

    @Override
    public InterceptedResponse after(InterceptedRequest request, InterceptedResponse response) {
        List<Interceptor> applying = byKind.get(request.kind());
        InterceptedResponse current = response;
        for (int i = applying.size() - 1; i >= 0; i--) {
            Interceptor interceptor = applying.get(i);
            current = Objects.requireNonNull(interceptor.after(request, current),
                    () -> "interceptor " + interceptor.name() + " returned no response");
        }
        return current;
    }

    @Override
    public boolean isEmpty() {
        return interceptors.isEmpty();
    }

    @Override
    public boolean appliesTo(ResourceKind kind) {
        return !byKind.get(kind).isEmpty();
    }

    @Override
    public boolean appliesTo(ResourceKind kind, java.util.Set<String> parameterNames) {
        for (Interceptor interceptor : byKind.get(kind)) {
            if (interceptor.appliesTo(kind, parameterNames)) {
                return true;
            }
        }
        return false;
    }

    /** The names of the registered interceptors, in the order their {@code before} runs. */
    public List<String> interceptorNames() {
        return interceptors.stream().map(Interceptor::name).toList();
    }

    /** The names of the interceptors that run for this kind of resource, in {@code before} order. */
    public List<String> interceptorNames(ResourceKind kind) {
        return byKind.get(kind).stream().map(Interceptor::name).toList();
    }

    @Override
    public Optional<ExtensionResponse> handle(ExtensionRequest request) {
        if (request.scope() == ExtensionScope.ROOT && request.name().equals(LISTING)) {
            return Optional.of(listing(request));
        }
        Registered registered = endpoints.get(new Key(request.scope(), request.name()));
        if (registered == null) {
            return Optional.empty();
        }
        if (!registered.endpoint().verbs().contains(request.verb())) {
            throw MangroveException.of(ErrorKind.METHOD_NOT_ALLOWED, "method-not-allowed",
                    request.verb() + " is not allowed on this resource")
                    .withAllowed(registered.endpoint().verbs().stream().map(Enum::name).sorted().toList());
        }
        return Optional.of(registered.endpoint().handler().handle(request));
    }

    /**
     * Every endpoint served: the server's own {@code GET /_plugins}, then the plugins' endpoints in the order
     * they were registered.
     */
    @Override
    public List<Endpoint> endpoints() {
        List<Endpoint> out = new ArrayList<>();
        out.add(new Endpoint(ExtensionScope.ROOT, LISTING, java.util.Set.of(Verb.GET), this::listing,
                dev.mangrove.plugin.spi.EndpointDescription.of("lists the plugins: metadata, endpoints, interceptors")
                        .response(200, "the plugins")));
        for (LoadedPlugin loaded : plugins) {
            out.addAll(loaded.plugin().endpoints());
        }
        return List.copyOf(out);
    }

    /** {@code GET /_plugins}: every plugin's metadata, endpoints and interceptors. */
    private ExtensionResponse listing(ExtensionRequest request) {
        if (request.verb() != Verb.GET && request.verb() != Verb.HEAD) {
            throw MangroveException.of(ErrorKind.METHOD_NOT_ALLOWED, "method-not-allowed",
                    request.verb() + " is not allowed on this resource").withAllowed(List.of("GET", "HEAD"));
        }
        if (!request.rest().isEmpty()) {
            throw MangroveException.notFound("resource-not-found", "Nothing is served at this path");
        }
        List<Object> out = new ArrayList<>();
        for (LoadedPlugin loaded : plugins) {
            Map<String, Object> entry = new LinkedHashMap<>();
            entry.put("name", loaded.name());
            entry.put("description", loaded.description());
            entry.put("version", loaded.version());
            entry.put("endpoints", loaded.plugin().endpoints().stream().map(PluginHost::describe).toList());
            entry.put("interceptors", loaded.plugin().interceptors().stream().map(Interceptor::name).toList());
            out.add(entry);
        }
        return ExtensionResponse.ok(out);
    }

    @Override
    public List<String> ownedPaths() {
        return endpoints.keySet().stream().filter(k -> k.scope() == ExtensionScope.PATH).map(Key::name).sorted()
                .toList();
    }

    @Override
    public Optional<ExtensionResponse> renderFailure(String prefix, MangroveException failure, int status) {
        Registered registered = endpoints.get(new Key(ExtensionScope.PATH, prefix));
        if (registered == null || registered.endpoint().errorRenderer().isEmpty()) {
            return Optional.empty();
        }
        try {
            return Optional.ofNullable(registered.endpoint().errorRenderer().get().render(failure, status));
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "plugin " + registered.plugin() + " failed to render an error", e);
            return Optional.empty();
        }
    }

    /** The names of the registered plugins. */
    public List<String> names() {
        return plugins.stream().map(LoadedPlugin::name).toList();
    }

    @Override
    public void close() {
        for (LoadedPlugin loaded : plugins) {
            try {
                loaded.plugin().close();
            } catch (RuntimeException e) {
                LOG.log(System.Logger.Level.WARNING, "plugin " + loaded.name() + " failed to close", e);
            }
        }
    }

    private static String describe(Endpoint e) {
        return e.verbs().stream().map(Enum::name).sorted().collect(Collectors.joining(",")) + " "
                + describe(new Key(e.scope(), e.name()));
    }

    private static String describe(Key key) {
        return switch (key.scope()) {
            case ROOT -> "/" + key.name();
            case DATABASE -> "/{db}/" + key.name();
            case COLLECTION -> "/{db}/{coll}/" + key.name();
            case PATH -> key.name() + "/**";
        };
    }

    /** Whether a path prefix falls under what the server serves itself, whatever plugins say. */
    private static boolean reserved(String prefix) {
        String first = prefix.substring(1).split("/", 2)[0];
        return first.startsWith("_") || java.util.Set.of("health", "metrics", "token", "login", "me").contains(first);
    }

    private record Key(ExtensionScope scope, String name) {
    }

    private record Registered(String plugin, Endpoint endpoint) {
    }
}
