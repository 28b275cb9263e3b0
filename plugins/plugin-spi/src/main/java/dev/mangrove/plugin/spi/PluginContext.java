package dev.mangrove.plugin.spi;

import java.util.Map;
import java.util.Optional;

/** What a plugin receives when it is created. */
public interface PluginContext {
    /** The plugin's own configuration subtree ({@code mangrove.plugins.<name>.*}), as relative dotted keys. */
    Map<String, String> configuration();

    /**
     * An application port by type, e.g. {@link dev.mangrove.application.port.in.FindDocumentsUseCase},
     * {@link dev.mangrove.application.port.in.GetDocumentUseCase} or
     * {@link dev.mangrove.application.port.in.BrowseCatalogUseCase}.
     */
    <T> Optional<T> port(Class<T> type);
}
