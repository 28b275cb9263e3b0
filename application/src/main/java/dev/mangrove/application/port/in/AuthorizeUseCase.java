package dev.mangrove.application.port.in;

/** Checks requests against the access-control list (docs/security.md). */
public interface AuthorizeUseCase {
    /** Whether the request may proceed, and within which data scope. */
    AccessDecision authorize(AccessRequest request);
}
