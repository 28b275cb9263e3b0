package dev.mangrove.application.port.in;

import dev.mangrove.domain.security.Principal;

/** Turns the credentials of a request into the calling user (docs/security.md). */
public interface AuthenticateUseCase {
    /**
     * The user these credentials prove.
     *
     * @param credentials   what the client presented
     * @param clientAddress the client's address, for the brute-force guard
     * @throws dev.mangrove.domain.error.MangroveException {@code UNAUTHORIZED} {@code invalid-credentials} or
     *         {@code invalid-token}; {@code TOO_MANY_REQUESTS} {@code too-many-failures} with a retry-after
     */
    Principal authenticate(Credentials credentials, String clientAddress);
}
