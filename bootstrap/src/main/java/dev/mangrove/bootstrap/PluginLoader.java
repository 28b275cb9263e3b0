package dev.mangrove.bootstrap;

import dev.mangrove.application.service.LoadedPlugin;
import dev.mangrove.application.service.PluginHost;
import dev.mangrove.application.service.PluginServices;
import dev.mangrove.plugin.spi.Plugin;
import dev.mangrove.plugin.spi.PluginProvider;
import io.helidon.config.Config;

import java.io.IOException;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;

/**
 * Finds plugins with {@link ServiceLoader} on the classpath and in every jar of the plugins
 * directory (one class loader per jar, so a broken jar is reported by name and skipped), creates the
 * enabled ones with their typed context, and hands them to the application's {@link PluginHost}: loading
 * and wiring only, the runtime is the host's.
 */
final class PluginLoader {
    private static final System.Logger LOG = System.getLogger(PluginLoader.class.getName());

    private PluginLoader() {
    }

    /**
     * Loads and creates the enabled plugins.
     *
     * @param directory where dropped-in jars live (may not exist)
     * @param config    the {@code mangrove.plugins} node
     * @param services  what the host gives plugins (their typed context)
     * @throws ConfigurationException when a plugin needs what the host lacks, or two plugins clash
     */
    static PluginHost host(Path directory, Config config, PluginServices services) {
        try {
            return PluginHost.create(load(directory, config, services));
        } catch (IllegalArgumentException | IllegalStateException e) {
            throw new ConfigurationException("mangrove.plugins", e.getMessage());
        }
    }

    /** Loads and creates the enabled plugins. */
    static List<LoadedPlugin> load(Path directory, Config config, PluginServices services) {
        List<Found> found = new ArrayList<>();
        collect(ServiceLoader.load(PluginProvider.class, PluginLoader.class.getClassLoader()), null, "classpath", found);
        if (Files.isDirectory(directory)) {
            try (DirectoryStream<Path> jars = Files.newDirectoryStream(directory, "*.jar")) {
                for (Path jar : jars) {
                    loadJar(jar, found);
                }
            } catch (IOException e) {
                throw new ConfigurationException("mangrove.plugins.directory", "cannot list " + directory + ": " + e.getMessage());
            }
        }
        List<LoadedPlugin> plugins = new ArrayList<>();
        for (Found f : found) {
            String name = f.provider().name();
            Config own = config.get(name);
            boolean enabled = own.get("enabled").asBoolean().orElse(true);
            if (!enabled) {
                LOG.log(System.Logger.Level.INFO, "Plugin " + name + " is disabled (mangrove.plugins." + name + ".enabled)");
                continue;
            }
            Map<String, String> settings = new HashMap<>();
            own.traverse().filter(Config::isLeaf).forEach(node -> node.asString().ifPresent(value ->
                    settings.put(node.key().toString().substring(own.key().toString().length() + 1), value)));
            PluginProvider provider = f.provider();
            Plugin plugin = provider.create(services.context(name, settings, provider.requires()));
            plugins.add(new LoadedPlugin(name, provider.description(), provider.version(), plugin, f.origin()));
        }
        return plugins;
    }

    private static void loadJar(Path jar, List<Found> found) {
        try (java.util.jar.JarFile check = new java.util.jar.JarFile(jar.toFile())) {
            check.getManifest();
        } catch (IOException e) {
            LOG.log(System.Logger.Level.ERROR, "Plugin jar " + jar + " skipped: it is not a valid jar (" + e.getMessage() + ")");
            return;
        }
        URLClassLoader loader;
        try {
            loader = new URLClassLoader(new URL[] {jar.toUri().toURL()}, PluginLoader.class.getClassLoader());
        } catch (MalformedURLException e) {
            LOG.log(System.Logger.Level.ERROR, "Plugin jar " + jar + " skipped: " + e.getMessage());
            return;
        }
        int before = found.size();
        collect(ServiceLoader.load(PluginProvider.class, loader), loader, jar.toString(), found);
        if (found.size() == before) {
            LOG.log(System.Logger.Level.WARNING, "Plugin jar " + jar + " provides no " + PluginProvider.class.getName());
        }
    }

    private static void collect(ServiceLoader<PluginProvider> services, ClassLoader only, String origin, List<Found> found) {
        Iterator<ServiceLoader.Provider<PluginProvider>> it = services.stream().iterator();
        while (true) {
            ServiceLoader.Provider<PluginProvider> provider;
            try {
                if (!it.hasNext()) {
                    return;
                }
                provider = it.next();
                if (only != null && provider.type().getClassLoader() != only) {
                    continue;
                }
                found.add(new Found(provider.get(), origin));
            } catch (ServiceConfigurationError | LinkageError e) {
                LOG.log(System.Logger.Level.ERROR, "Plugin from " + origin + " skipped: it is broken ("
                        + e.getMessage() + ")");
                return;
            }
        }
    }

    private record Found(PluginProvider provider, String origin) {
    }
}
