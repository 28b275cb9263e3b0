/** Domain failures: one exception type carrying a kind, a stable code and a client-safe detail. */
package dev.mangrove.domain.error;
