package dev.mangrove.application.port.out;

import java.time.Duration;
import java.util.Objects;

/**
 * A token the {@link TokenService} signed.
 *
 * @param token     the encoded token (a JWT)
 * @param expiresIn how long it is valid from now
 */
public record SignedToken(String token, Duration expiresIn) {
    public SignedToken {
        Objects.requireNonNull(token, "token");
        Objects.requireNonNull(expiresIn, "expiresIn");
    }

    /** Never shows the token. */
    @Override
    public String toString() {
        return "SignedToken[expiresIn=" + expiresIn + "]";
    }
}
