package dev.mangrove.adapter.mongo;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

class TimedPortsTest {
    interface Port {
        String read(String key);

        default String read() {
            return read("default");
        }
    }

    static final class Store implements Port {
        @Override
        public String read(String key) {
            if (key.equals("bad")) {
                throw new IllegalStateException("refused");
            }
            return "value of " + key;
        }
    }

    private final List<String> seen = new ArrayList<>();
    private final OperationObserver observer = operation -> (failed, nanos) -> {
        if (nanos < 0) {
            throw new AssertionError("negative duration");
        }
        seen.add(operation + (failed ? " failed" : " ok"));
    };

    @Test
    void timesEachCallByPortAndMethod() {
        Port port = TimedPorts.wrap(Port.class, new Store(), observer);
        assertEquals("value of a", port.read("a"));
        assertEquals("value of default", port.read());
        assertEquals(List.of("Port.read ok", "Port.read ok"), seen, "a default method is one call, not two");
    }

    @Test
    void rethrowsTheStoresOwnFailureAndCountsIt() {
        Port port = TimedPorts.wrap(Port.class, new Store(), observer);
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> port.read("bad"));
        assertEquals("refused", e.getMessage());
        assertEquals(List.of("Port.read failed"), seen);
    }

    @Test
    void noObserverLeavesTheStoreUnwrapped() {
        Store store = new Store();
        assertSame(store, TimedPorts.wrap(Port.class, store, OperationObserver.NONE));
    }

    @Test
    void objectMethodsAreNotTimed() {
        Port port = TimedPorts.wrap(Port.class, new Store(), observer);
        assertEquals(port, port);
        assertEquals(System.identityHashCode(port), port.hashCode());
        assertEquals(List.of(), seen);
    }
}
