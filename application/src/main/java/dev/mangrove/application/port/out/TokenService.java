package dev.mangrove.application.port.out;

import dev.mangrove.domain.security.Principal;

/** Issues and verifies bearer tokens (JWT). */
public interface TokenService {
    /** Whether this service can issue tokens (HS256), not only verify them (RS256/ES256). */
    boolean canIssue();

    /**
     * A signed token for the user.
     *
     * @throws dev.mangrove.domain.error.MangroveException {@code NOT_IMPLEMENTED} when {@link #canIssue()} is false
     */
    SignedToken issue(Principal principal);

    /**
     * The user a valid token names, and the token's expiry.
     *
     * @throws dev.mangrove.domain.error.MangroveException 401 {@code invalid-token} for a malformed,
     *         tampered, expired, not-yet-valid, wrong-algorithm, wrong-issuer or wrong-audience token
     */
    VerifiedToken verifyToken(String token);

    /**
     * The user a valid token names.
     *
     * @throws dev.mangrove.domain.error.MangroveException as {@link #verifyToken(String)}
     */
    default Principal verify(String token) {
        return verifyToken(token).principal();
    }
}
