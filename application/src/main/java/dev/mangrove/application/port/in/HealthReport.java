package dev.mangrove.application.port.in;

import dev.mangrove.application.port.out.BackendCapabilities;

/**
 * Whether the server can answer API requests.
 *
 * @param ready        the backend answers
 * @param capabilities what the backend can do
 */
public record HealthReport(boolean ready, BackendCapabilities capabilities) {
}
