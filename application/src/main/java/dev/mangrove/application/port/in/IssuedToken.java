package dev.mangrove.application.port.in;

import java.time.Duration;
import java.util.Objects;

/**
 * A token issued at login.
 *
 * @param token     the encoded token (a JWT)
 * @param expiresIn how long it is valid from now
 */
public record IssuedToken(String token, Duration expiresIn) {
    public IssuedToken {
        Objects.requireNonNull(token, "token");
        Objects.requireNonNull(expiresIn, "expiresIn");
    }

    /** Never shows the token. */
    @Override
    public String toString() {
        return "IssuedToken[expiresIn=" + expiresIn + "]";
    }
}
