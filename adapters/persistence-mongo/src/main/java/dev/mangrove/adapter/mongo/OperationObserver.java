package dev.mangrove.adapter.mongo;

/**
 * Told of every call to a MongoDB-backed port, for latency metrics measured where Mangrove calls the driver rather
 * than by the driver's command events (which decode every command and reply, docs/performance.md).
 */
@FunctionalInterface
public interface OperationObserver {
    /** Observes nothing: the ports are handed out unwrapped. */
    OperationObserver NONE = (operation, failed, nanos) -> { };

    /**
     * One port call completed: {@code operation} names the port and method ({@code DocumentStore.findById}), {@code
     * failed} says whether it threw, {@code nanos} is how long the call took.
     */
    void completed(String operation, boolean failed, long nanos);
}
