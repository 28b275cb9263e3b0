package dev.mangrove.application.service;

import dev.mangrove.application.port.in.CheckHealthUseCase;
import dev.mangrove.application.port.in.HealthReport;
import dev.mangrove.application.port.out.BackendCapabilities;
import dev.mangrove.application.port.out.BackendStatus;

import java.util.Objects;

/** Readiness from a backend ping. */
public final class HealthService implements CheckHealthUseCase {
    private final BackendStatus backend;

    /** A service over the given backend status. */
    public HealthService(BackendStatus backend) {
        this.backend = Objects.requireNonNull(backend, "backend");
    }

    @Override
    public HealthReport readiness() {
        boolean ready = backend.ping();
        BackendCapabilities caps = backend.capabilities();
        return new HealthReport(ready, new HealthReport.Capabilities(caps.transactions(), caps.textSearch(),
                caps.serverSchemaValidation(), caps.changeStreams()));
    }
}
