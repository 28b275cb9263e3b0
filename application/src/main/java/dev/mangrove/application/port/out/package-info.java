/** Outbound ports: what the application needs from a backend. Synchronous; adapters bridge. */
package dev.mangrove.application.port.out;
