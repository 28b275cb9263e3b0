package dev.mangrove.adapter.http;

import java.util.Objects;

/**
 * The OpenAPI document and the interactive API page (docs/api.md#openapi).
 *
 * @param enabled  whether {@code GET /_openapi} is served
 * @param docsPath where the interactive page is served (e.g. {@code /_docs}); empty for no page
 */
public record OpenApiSettings(boolean enabled, String docsPath) {
    /** The defaults: the document at {@code /_openapi} and the page at {@code /_docs}. */
    public static final OpenApiSettings DEFAULTS = new OpenApiSettings(true, "/_docs");
    /** Neither the document nor the page. */
    public static final OpenApiSettings DISABLED = new OpenApiSettings(false, "");

    public OpenApiSettings {
        Objects.requireNonNull(docsPath, "docsPath");
        if (!docsPath.isEmpty() && (!docsPath.matches("(/[A-Za-z0-9_.-]+)+") || docsPath.equals(OpenApiEndpoints.DOCUMENT))) {
            throw new IllegalArgumentException("the API page path is /segment[/segment…] (letters, digits, _ . -) other than "
                    + OpenApiEndpoints.DOCUMENT + ", not '" + docsPath + "'");
        }
        if (!enabled && !docsPath.isEmpty()) {
            throw new IllegalArgumentException("the API page needs the OpenAPI document: enable it or leave the page path empty");
        }
    }

    /** Whether the interactive page is served. */
    public boolean page() {
        return !docsPath.isEmpty();
    }
}
