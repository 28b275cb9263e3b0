package dev.mangrove.plugin.spi;


/** Answers requests to a plugin endpoint; may throw {@link dev.mangrove.domain.error.MangroveException} for a problem. */
@FunctionalInterface
public interface EndpointHandler {
    /** The answer to one request. */
    ExtensionResponse handle(ExtensionRequest request);
}
