package dev.mangrove.application.service;

import dev.mangrove.application.port.in.HealthReport;
import dev.mangrove.application.port.out.BackendCapabilities;
import dev.mangrove.application.port.out.BackendStatus;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

class HealthServiceTest {

    private static BackendStatus backend(boolean reachable, BackendCapabilities capabilities) {
        return new BackendStatus() {
            @Override
            public boolean ping() {
                return reachable;
            }

            @Override
            public BackendCapabilities capabilities() {
                return capabilities;
            }
        };
    }

    @Test
    void readyWhenTheBackendAnswers() {
        BackendCapabilities caps = new BackendCapabilities(true, true, false, true);
        assertEquals(new HealthReport(true, new HealthReport.Capabilities(true, true, false, true)),
                new HealthService(backend(true, caps)).readiness());
    }

    @Test
    void notReadyWhenTheBackendDoesNotAnswer() {
        assertEquals(new HealthReport(false, new HealthReport.Capabilities(false, false, false, false)),
                new HealthService(backend(false, BackendCapabilities.UNKNOWN)).readiness());
    }
}
