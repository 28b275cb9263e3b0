package dev.mangrove.application.port.in;

import dev.mangrove.plugin.spi.ExtensionRequest;
import dev.mangrove.plugin.spi.ExtensionResponse;

import java.util.List;
import java.util.Optional;

/** Serves the endpoints plugins contribute (docs/plugins.md). */
public interface ExtensionUseCase {
    /** No extensions at all. */
    ExtensionUseCase NONE = request -> Optional.empty();

    /** The answer of the endpoint this request addresses; empty when no plugin serves it. */
    Optional<ExtensionResponse> handle(ExtensionRequest request);

    /** The endpoints served, each with its description (for the OpenAPI document); none by default. */
    default List<dev.mangrove.plugin.spi.Endpoint> endpoints() {
        return List.of();
    }

    /**
     * The path prefixes plugins own ({@code ExtensionScope.PATH}, docs/plugins.md#endpoints-at-a-path-of-their-own),
     * literal segments and {@code *}; none by default.
     */
    default java.util.List<String> ownedPaths() {
        return java.util.List.of();
    }

    /**
     * The response the plugin owning {@code prefix} gives for this failure in its own format; empty when it renders
     * none (problem+json then).
     */
    default Optional<ExtensionResponse> renderFailure(String prefix, dev.mangrove.domain.error.MangroveException failure,
                                                      int status) {
        return Optional.empty();
    }
}
