package dev.mangrove.bootstrap;

import dev.mangrove.adapter.http.OpenApiSettings;
import io.helidon.config.Config;

import static dev.mangrove.bootstrap.ConfigValues.bool;
import static dev.mangrove.bootstrap.ConfigValues.string;

/** Reads {@code mangrove.openapi.*}: the OpenAPI document and the interactive API page (docs/configuration.md#openapi). */
final class OpenApiConfig {
    private OpenApiConfig() {
    }

    /**
     * {@code mangrove.openapi.enabled} (default true) and {@code mangrove.openapi.docs-path} (default
     * {@code /_docs}; empty for no page).
     */
    static OpenApiSettings read(Config config) {
        boolean enabled = bool(config, "mangrove.openapi.enabled", true);
        String docsPath = string(config, "mangrove.openapi.docs-path").orElse(enabled ? "/_docs" : "").strip();
        try {
            return new OpenApiSettings(enabled, docsPath);
        } catch (IllegalArgumentException e) {
            throw new ConfigurationException(enabled ? "mangrove.openapi.docs-path" : "mangrove.openapi.enabled",
                    e.getMessage());
        }
    }
}
