package dev.mangrove.application.port.out;

import dev.mangrove.domain.security.Principal;

import java.time.Instant;
import java.util.Objects;

/**
 * What verifying a bearer token established: the user it names and its expiry ({@code exp}), so a
 * caller may remember the answer until then and no longer.
 *
 * @param principal the user the token names, with its roles
 * @param expires   the token's {@code exp}; the verifier's clock-skew allowance is not included
 */
public record VerifiedToken(Principal principal, Instant expires) {
    public VerifiedToken {
        Objects.requireNonNull(principal, "principal");
        Objects.requireNonNull(expires, "expires");
    }
}
