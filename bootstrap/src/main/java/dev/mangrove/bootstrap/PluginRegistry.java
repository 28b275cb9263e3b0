package dev.mangrove.bootstrap;

import dev.mangrove.application.port.in.ExtensionRequest;
import dev.mangrove.application.port.in.ExtensionResponse;
import dev.mangrove.application.port.in.ExtensionScope;
import dev.mangrove.application.port.in.ExtensionUseCase;
import dev.mangrove.application.port.in.InterceptedRequest;
import dev.mangrove.application.port.in.InterceptedResponse;
import dev.mangrove.application.port.in.InterceptorChain;
import dev.mangrove.domain.error.ErrorKind;
import dev.mangrove.domain.error.MangroveException;
import dev.mangrove.plugin.spi.Endpoint;
import dev.mangrove.plugin.spi.Interceptor;
import dev.mangrove.plugin.spi.Plugin;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Collectors;

/** The endpoints of the loaded plugins, by scope and name; serves them as an {@link ExtensionUseCase}. */
final class PluginRegistry implements ExtensionUseCase, InterceptorChain, AutoCloseable {
    private static final System.Logger LOG = System.getLogger(PluginRegistry.class.getName());
    private static final Comparator<Interceptor> ORDER = Comparator.comparingInt(Interceptor::order)
            .thenComparing(Interceptor::name);
    private final Map<Key, Registered> endpoints;
    private final List<LoadedPlugin> plugins;
    private final List<Interceptor> interceptors;

    private PluginRegistry(Map<Key, Registered> endpoints, List<LoadedPlugin> plugins, List<Interceptor> interceptors) {
        this.endpoints = endpoints;
        this.plugins = plugins;
        this.interceptors = interceptors;
    }

    /** Registers every plugin's endpoints; two plugins claiming the same name or path stop start-up. */
    static PluginRegistry create(List<LoadedPlugin> plugins) {
        Map<String, LoadedPlugin> byName = new HashMap<>();
        Map<Key, Registered> endpoints = new HashMap<>();
        Map<String, String> interceptorOwners = new HashMap<>();
        List<Interceptor> interceptors = new ArrayList<>();
        for (LoadedPlugin loaded : plugins) {
            LoadedPlugin previous = byName.putIfAbsent(loaded.name(), loaded);
            if (previous != null) {
                throw new ConfigurationException("mangrove.plugins", "two plugins are named '" + loaded.name() + "' ("
                        + previous.origin() + " and " + loaded.origin() + ")");
            }
            for (Endpoint endpoint : loaded.plugin().endpoints()) {
                Key key = new Key(endpoint.scope(), endpoint.name());
                Registered other = endpoints.putIfAbsent(key, new Registered(loaded.name(), endpoint));
                if (other != null) {
                    throw new ConfigurationException("mangrove.plugins", "plugins '" + other.plugin() + "' and '"
                            + loaded.name() + "' both claim " + describe(key));
                }
            }
            LOG.log(System.Logger.Level.INFO, "Plugin " + loaded.name() + " registered from " + loaded.origin()
                    + (loaded.plugin().endpoints().isEmpty() ? "" : ": " + loaded.plugin().endpoints().stream()
                    .map(e -> e.verbs().stream().map(Enum::name).sorted().collect(Collectors.joining(",")) + " "
                            + describe(new Key(e.scope(), e.name()))).collect(Collectors.joining("; "))));
            for (Interceptor interceptor : loaded.plugin().interceptors()) {
                String name = interceptor.name();
                if (name == null || name.isBlank()) {
                    throw new ConfigurationException("mangrove.plugins", "plugin '" + loaded.name()
                            + "' contributes an interceptor without a name");
                }
                String owner = interceptorOwners.putIfAbsent(name, loaded.name());
                if (owner != null) {
                    throw new ConfigurationException("mangrove.plugins", "plugins '" + owner + "' and '" + loaded.name()
                            + "' both contribute an interceptor named '" + name + "'");
                }
                interceptors.add(interceptor);
                LOG.log(System.Logger.Level.INFO, "Interceptor " + name + " (order " + interceptor.order()
                        + ") registered by plugin " + loaded.name());
            }
        }
        interceptors.sort(ORDER);
        return new PluginRegistry(Map.copyOf(endpoints), List.copyOf(plugins), List.copyOf(interceptors));
    }

    @Override
    public InterceptedRequest before(InterceptedRequest request) {
        InterceptedRequest current = request;
        for (Interceptor interceptor : interceptors) {
            current = Objects.requireNonNull(interceptor.before(current),
                    () -> "interceptor " + interceptor.name() + " returned no request");
        }
        return current;
    }

    @Override
    public InterceptedResponse after(InterceptedRequest request, InterceptedResponse response) {
        InterceptedResponse current = response;
        for (int i = interceptors.size() - 1; i >= 0; i--) {
            Interceptor interceptor = interceptors.get(i);
            current = Objects.requireNonNull(interceptor.after(request, current),
                    () -> "interceptor " + interceptor.name() + " returned no response");
        }
        return current;
    }

    @Override
    public boolean isEmpty() {
        return interceptors.isEmpty();
    }

    /** The names of the registered interceptors, in the order their {@code before} runs. */
    List<String> interceptorNames() {
        return interceptors.stream().map(Interceptor::name).toList();
    }

    @Override
    public Optional<ExtensionResponse> handle(ExtensionRequest request) {
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

    /** The names of the registered plugins. */
    List<String> names() {
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

    private static String describe(Key key) {
        return switch (key.scope()) {
            case ROOT -> "/" + key.name();
            case DATABASE -> "/{db}/" + key.name();
            case COLLECTION -> "/{db}/{coll}/" + key.name();
        };
    }

    /**
     * A plugin created from its provider.
     *
     * @param name   the provider's name
     * @param plugin the plugin
     * @param origin where it came from (classpath or a jar path), for messages
     */
    record LoadedPlugin(String name, Plugin plugin, String origin) {
    }

    private record Key(ExtensionScope scope, String name) {
    }

    private record Registered(String plugin, Endpoint endpoint) {
    }
}
