package dev.mangrove.application.port.out;

/** The health and abilities of the backend. */
public interface BackendStatus {
    /** Whether the backend answers a ping now (quickly: bounded by the server-selection timeout). */
    boolean ping();

    /** The detected capabilities (detected again after the backend becomes reachable). */
    BackendCapabilities capabilities();
}
