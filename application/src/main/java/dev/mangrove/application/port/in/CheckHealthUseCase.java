package dev.mangrove.application.port.in;

/** Reports readiness for the health endpoints. */
public interface CheckHealthUseCase {
    /** Pings the backend and reports. */
    HealthReport readiness();
}
