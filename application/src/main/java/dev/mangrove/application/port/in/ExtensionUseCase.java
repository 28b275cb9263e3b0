package dev.mangrove.application.port.in;

import dev.mangrove.plugin.spi.ExtensionRequest;
import dev.mangrove.plugin.spi.ExtensionResponse;

import java.util.Optional;

/** Serves the endpoints plugins contribute (docs/plugins.md). */
public interface ExtensionUseCase {
    /** No extensions at all. */
    ExtensionUseCase NONE = request -> Optional.empty();

    /** The answer of the endpoint this request addresses; empty when no plugin serves it. */
    Optional<ExtensionResponse> handle(ExtensionRequest request);
}
