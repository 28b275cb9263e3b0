package dev.mangrove.plugin.spi;

import dev.mangrove.domain.error.MangroveException;

/**
 * Renders the failures of requests to a {@link ExtensionScope#PATH} endpoint in the plugin's own error format,
 * in place of problem+json — also the host's (authentication, body, verb, overload).
 */
@FunctionalInterface
public interface ErrorRenderer {
    /** The response for this failure; {@code status} is the HTTP status the host would answer. */
    ExtensionResponse render(MangroveException failure, int status);
}
