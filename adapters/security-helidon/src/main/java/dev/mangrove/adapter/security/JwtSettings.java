package dev.mangrove.adapter.security;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Settings of bearer tokens ({@code mangrove.security.jwt.*}).
 *
 * @param algorithm  the only algorithm accepted (and used to sign): HS256, RS256 or ES256; never taken from a token
 * @param secret     the HS256 secret (at least 32 bytes)
 * @param jwksFile   RS256/ES256: a JSON Web Key Set file with the public keys
 * @param jwksUrl    RS256/ES256: where to fetch the JSON Web Key Set (at start-up)
 * @param issuer     when set, tokens must carry this {@code iss} (and issued tokens do)
 * @param audience   when set, tokens must list this {@code aud} (and issued tokens do)
 * @param userClaim  the claim naming the user ({@code sub})
 * @param rolesClaim the claim listing the roles ({@code roles}; a dotted path reaches into objects,
 *                   e.g. {@code realm_access.roles})
 * @param ttl        how long issued tokens are valid
 * @param skew       the clock skew tolerated on {@code exp} and {@code nbf}
 */
public record JwtSettings(String algorithm, Optional<byte[]> secret, Optional<Path> jwksFile, Optional<URI> jwksUrl,
                          Optional<String> issuer, Optional<String> audience, String userClaim, String rolesClaim,
                          Duration ttl, Duration skew) {
    /** The algorithms Mangrove accepts. */
    public static final Set<String> ALGORITHMS = Set.of("HS256", "RS256", "ES256");
    /** The shortest HS256 secret accepted, in bytes. */
    public static final int MIN_SECRET_BYTES = 32;

    public JwtSettings {
        Objects.requireNonNull(algorithm, "algorithm");
        Objects.requireNonNull(secret, "secret");
        Objects.requireNonNull(jwksFile, "jwksFile");
        Objects.requireNonNull(jwksUrl, "jwksUrl");
        Objects.requireNonNull(issuer, "issuer");
        Objects.requireNonNull(audience, "audience");
        Objects.requireNonNull(userClaim, "userClaim");
        Objects.requireNonNull(rolesClaim, "rolesClaim");
        Objects.requireNonNull(ttl, "ttl");
        Objects.requireNonNull(skew, "skew");
        if (!ALGORITHMS.contains(algorithm)) {
            throw new IllegalArgumentException("algorithm must be one of HS256, RS256, ES256");
        }
    }

    /** HS256 settings with this secret and the default claims. */
    public static JwtSettings hs256(byte[] secret, Duration ttl) {
        return new JwtSettings("HS256", Optional.of(secret), Optional.empty(), Optional.empty(), Optional.empty(),
                Optional.empty(), "sub", "roles", ttl, Duration.ofSeconds(30));
    }

    /** Never shows the secret. */
    @Override
    public String toString() {
        return "JwtSettings[algorithm=" + algorithm + ", issuer=" + issuer + ", audience=" + audience + "]";
    }
}
