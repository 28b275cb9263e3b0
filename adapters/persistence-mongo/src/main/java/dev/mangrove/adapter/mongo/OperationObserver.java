package dev.mangrove.adapter.mongo;

/**
 * Told of every call to a MongoDB-backed port, for latency metrics measured where Mangrove calls the driver rather
 * than by the driver's command events (which decode every command and reply, docs/performance.md).
 */
@FunctionalInterface
public interface OperationObserver {
    /** Observes nothing: the ports are handed out unwrapped. */
    OperationObserver NONE = operation -> (failed, nanos) -> { };

    /**
     * The recorder of one operation, asked once per port method when the port is wrapped: {@code operation} names the
     * port and method ({@code DocumentStore.findById}).
     */
    Operation operation(String operation);

    /** Records the calls of one operation. */
    @FunctionalInterface
    interface Operation {
        /** One call completed: {@code failed} says whether it threw, {@code nanos} is how long it took. */
        void completed(boolean failed, long nanos);
    }
}
