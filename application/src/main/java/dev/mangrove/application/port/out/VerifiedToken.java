package dev.mangrove.application.port.out;

import dev.mangrove.domain.security.Principal;

import java.time.Instant;
import java.util.Objects;

/**
 * What verifying a bearer token established: the user it names, its expiry ({@code exp}) and issue time
 * ({@code iat}), so a caller may remember the answer until then and no longer.
 *
 * @param principal the user the token names, with its roles
 * @param expires   the token's {@code exp}; the verifier's clock-skew allowance is not included
 * @param issued    the token's {@code iat}, {@link Instant#EPOCH} when it has none
 */
public record VerifiedToken(Principal principal, Instant expires, Instant issued) {
    public VerifiedToken {
        Objects.requireNonNull(principal, "principal");
        Objects.requireNonNull(expires, "expires");
        Objects.requireNonNull(issued, "issued");
    }

    /** A token without an issue time. */
    public VerifiedToken(Principal principal, Instant expires) {
        this(principal, expires, Instant.EPOCH);
    }
}
