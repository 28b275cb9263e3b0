package dev.mangrove.application.port.in;

/** Exchanges a user name and password for a bearer token ({@code POST /token}, docs/security.md). */
public interface LoginUseCase {
    /**
     * A token for the user, when the password is right.
     *
     * @throws dev.mangrove.domain.error.MangroveException 401 {@code invalid-credentials}; 429
     *         {@code too-many-failures}; 501 {@code token-issuing-unavailable} when tokens are off
     *         or only verified (RS256/ES256)
     */
    IssuedToken login(Credentials.Password credentials, String clientAddress);
}
