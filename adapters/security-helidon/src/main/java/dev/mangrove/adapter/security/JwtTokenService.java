package dev.mangrove.adapter.security;

import dev.mangrove.application.port.out.SignedToken;
import dev.mangrove.application.port.out.TokenService;
import dev.mangrove.application.port.out.VerifiedToken;
import dev.mangrove.domain.error.ErrorKind;
import dev.mangrove.domain.error.MangroveException;
import dev.mangrove.domain.security.Principal;
import io.helidon.security.jwt.Jwt;
import io.helidon.security.jwt.SignedJwt;
import io.helidon.security.jwt.jwk.Jwk;
import io.helidon.security.jwt.jwk.JwkKeys;
import io.helidon.security.jwt.jwk.JwkOctet;
import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;

import java.io.IOException;
import java.io.StringReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

/**
 * Bearer tokens with Helidon Security's JWT library: signs HS256, verifies HS256, RS256 or ES256
 * (keys from a JWKS file or URL). The algorithm is the configured one, never the token's: a token
 * whose header names another ({@code none}, HS256 against RSA keys, …) is refused before any key is used.
 */
public final class JwtTokenService implements TokenService {
    /** How often a key set from a file or URL is read again (docs/security.md#key-rotation). */
    public static final Duration JWKS_REFRESH = Duration.ofMinutes(5);
    /** The shortest time between two reads of the key set caused by tokens naming an unknown key. */
    static final Duration UNKNOWN_KID_REFRESH = Duration.ofSeconds(10);
    private static final System.Logger LOG = System.getLogger(JwtTokenService.class.getName());

    private final JwtSettings settings;
    private volatile JwkKeys keys;
    /** When an unknown {@code kid} last caused a read of the key set. */
    private volatile Instant lastKidRefresh = Instant.MIN;
    private final Optional<Jwk> signingKey;
    private final Clock clock;

    private JwtTokenService(JwtSettings settings, JwkKeys keys, Optional<Jwk> signingKey, Clock clock) {
        this.settings = settings;
        this.keys = keys;
        this.signingKey = signingKey;
        this.clock = clock;
    }

    /**
     * A service for these settings; for RS256/ES256 the key set is read now.
     *
     * @throws IllegalArgumentException when the secret is short or the key set cannot be read
     *                                  (the message never contains the secret)
     */
    public static JwtTokenService create(JwtSettings settings, Clock clock) {
        Objects.requireNonNull(settings, "settings");
        if (settings.algorithm().equals("HS256")) {
            byte[] secret = settings.secret().orElseThrow(() ->
                    new IllegalArgumentException("an HS256 secret is required"));
            if (secret.length < JwtSettings.MIN_SECRET_BYTES) {
                throw new IllegalArgumentException("the HS256 secret must have at least "
                        + JwtSettings.MIN_SECRET_BYTES + " bytes");
            }
            JwkOctet key = JwkOctet.create(Json.createObjectBuilder()
                    .add("kty", "oct")
                    .add("kid", "mangrove")
                    .add("alg", "HS256")
                    .add("use", "sig")
                    .add("k", Base64.getUrlEncoder().withoutPadding().encodeToString(secret))
                    .build());
            return new JwtTokenService(settings, JwkKeys.builder().addKey(key).build(), Optional.of(key), clock);
        }
        return new JwtTokenService(settings, readKeys(settings), Optional.empty(), clock);
    }

    /** The key set of the file or URL, checked to hold a key of the algorithm's type. */
    private static JwkKeys readKeys(JwtSettings settings) {
        JsonObject jwks = readKeySet(settings);
        JwkKeys keys;
        try {
            keys = JwkKeys.create(jwks);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("not a valid JSON Web Key Set: " + e.getMessage());
        }
        String type = settings.algorithm().startsWith("RS") ? Jwk.KEY_TYPE_RSA : Jwk.KEY_TYPE_EC;
        if (keys.keys().stream().noneMatch(k -> k.keyType().equals(type))) {
            throw new IllegalArgumentException("the JSON Web Key Set has no " + type + " key for " + settings.algorithm());
        }
        return keys;
    }

    /**
     * Reads the key set of the file or URL again (an identity provider's key rotation); a set that cannot be
     * read or holds no usable key leaves the current one in force, logged. Nothing for HS256.
     */
    public void refreshKeys() {
        if (signingKey.isPresent()) {
            return;
        }
        try {
            keys = readKeys(settings);
        } catch (IllegalArgumentException e) {
            LOG.log(System.Logger.Level.WARNING, "Keeping the JSON Web Key Set read before: " + e.getMessage());
        }
    }

    /**
     * Calls {@link #refreshKeys()} every {@code interval} on a daemon thread until the returned handle is
     * closed; nothing for HS256.
     */
    public AutoCloseable refreshKeysEvery(Duration interval) {
        if (signingKey.isPresent() || interval.isZero() || interval.isNegative()) {
            return () -> { };
        }
        java.util.concurrent.ScheduledExecutorService scheduler = java.util.concurrent.Executors
                .newSingleThreadScheduledExecutor(Thread.ofPlatform().daemon().name("mangrove-jwks-refresh").factory());
        long millis = Math.max(1, interval.toMillis());
        scheduler.scheduleWithFixedDelay(this::refreshKeys, millis, millis, java.util.concurrent.TimeUnit.MILLISECONDS);
        return scheduler::shutdownNow;
    }

    private static JsonObject readKeySet(JwtSettings settings) {
        String text;
        if (settings.jwksFile().isPresent()) {
            Path file = settings.jwksFile().get();
            try {
                text = Files.readString(file);
            } catch (IOException e) {
                throw new IllegalArgumentException("cannot read the JSON Web Key Set " + file + ": " + e.getMessage());
            }
        } else if (settings.jwksUrl().isPresent()) {
            URI url = settings.jwksUrl().get();
            try (HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build()) {
                HttpResponse<String> response = client.send(HttpRequest.newBuilder(url)
                        .timeout(Duration.ofSeconds(10)).GET().build(), HttpResponse.BodyHandlers.ofString());
                if (response.statusCode() != 200) {
                    throw new IllegalArgumentException("fetching the JSON Web Key Set from " + url + " answered "
                            + response.statusCode());
                }
                text = response.body();
            } catch (IOException e) {
                throw new IllegalArgumentException("cannot fetch the JSON Web Key Set from " + url + ": " + e.getMessage());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalArgumentException("interrupted while fetching the JSON Web Key Set");
            }
        } else {
            throw new IllegalArgumentException(settings.algorithm() + " needs a JSON Web Key Set (jwks-file or jwks-url)");
        }
        try (JsonReader reader = Json.createReader(new StringReader(text))) {
            return reader.readObject();
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("the JSON Web Key Set is not a JSON object");
        }
    }

    @Override
    public boolean canIssue() {
        return signingKey.isPresent();
    }

    @Override
    public SignedToken issue(Principal principal) {
        Jwk key = signingKey.orElseThrow(() -> MangroveException.of(ErrorKind.NOT_IMPLEMENTED,
                "token-issuing-unavailable", "This server only verifies tokens of an external identity provider ("
                        + settings.algorithm() + ")"));
        Instant now = clock.instant();
        Jwt.Builder jwt = Jwt.builder()
                .algorithm(settings.algorithm())
                .type("JWT")
                .jwtId(UUID.randomUUID().toString())
                .subject(principal.username())
                .issueTime(now)
                .notBefore(now)
                .expirationTime(now.plus(settings.ttl()));
        if (!settings.userClaim().equals("sub")) {
            jwt.addPayloadClaim(settings.userClaim(), principal.username());
        }
        if (!settings.rolesClaim().contains(".")) {
            jwt.addPayloadClaim(settings.rolesClaim(), Json.createArrayBuilder(principal.roles()).build());
        }
        settings.issuer().ifPresent(jwt::issuer);
        settings.audience().ifPresent(jwt::addAudience);
        return new SignedToken(SignedJwt.sign(jwt.build(), key).tokenContent(), settings.ttl());
    }

    @Override
    public VerifiedToken verifyToken(String token) {
        if (token == null || token.isBlank()) {
            throw invalid("The bearer token is empty");
        }
        SignedJwt signed;
        Jwt jwt;
        try {
            signed = SignedJwt.parseToken(token.trim());
            jwt = signed.getJwt();
        } catch (RuntimeException e) {
            throw invalid("The bearer token is not a well-formed JWT");
        }
        String alg = jwt.algorithm().orElse("");
        if (!alg.equals(settings.algorithm())) {
            throw invalid("The bearer token's algorithm is not accepted (this server accepts " + settings.algorithm() + ")");
        }
        if (jwt.headerClaim("crit").isPresent()) {
            // RFC 7515 §4.1.11: a token naming extensions the recipient must understand (none here) is invalid
            throw invalid("The bearer token requires header extensions this server does not support (crit)");
        }
        Jwk key = keyFor(jwt).or(() -> keyAfterRefresh(jwt))
                .orElseThrow(() -> invalid("The bearer token is signed with an unknown key"));
        boolean valid;
        try {
            valid = key.verifySignature(signed.getSignedBytes(), signed.getSignature());
        } catch (RuntimeException e) {
            valid = false;
        }
        if (!valid) {
            throw invalid("The bearer token's signature is not valid");
        }
        Instant now = clock.instant();
        Instant expires = jwt.expirationTime().orElseThrow(() -> invalid("The bearer token has no expiry (exp)"));
        if (now.isAfter(expires.plus(settings.skew()))) {
            throw invalid("The bearer token has expired");
        }
        Optional<Instant> notBefore = jwt.notBefore();
        if (notBefore.isPresent() && now.plus(settings.skew()).isBefore(notBefore.get())) {
            throw invalid("The bearer token is not valid yet (nbf)");
        }
        if (settings.issuer().isPresent() && !settings.issuer().equals(jwt.issuer())) {
            throw invalid("The bearer token has the wrong issuer (iss)");
        }
        if (settings.audience().isPresent()
                && !jwt.audience().orElse(List.of()).contains(settings.audience().get())) {
            throw invalid("The bearer token is not meant for this server (aud)");
        }
        String user = jwt.payloadClaim(settings.userClaim())
                .filter(v -> v instanceof JsonString).map(v -> ((JsonString) v).getString())
                .filter(s -> !s.isBlank())
                .orElseThrow(() -> invalid("The bearer token names no user (" + settings.userClaim() + ")"));
        return new VerifiedToken(new Principal(user, roles(jwt)), expires, jwt.issueTime().orElse(Instant.EPOCH));
    }

    /**
     * A token naming a key id the set lacks may come after a key rotation: the set is read again, at most once
     * per {@link #UNKNOWN_KID_REFRESH} (so forged key ids cannot make this server hammer the provider).
     */
    private Optional<Jwk> keyAfterRefresh(Jwt jwt) {
        if (signingKey.isPresent() || jwt.keyId().isEmpty()) {
            return Optional.empty();
        }
        synchronized (this) {
            Instant now = clock.instant();
            if (now.isBefore(lastKidRefresh.plus(UNKNOWN_KID_REFRESH))) {
                return Optional.empty();
            }
            lastKidRefresh = now;
            refreshKeys();
        }
        return keyFor(jwt);
    }

    private Optional<Jwk> keyFor(Jwt jwt) {
        String type = settings.algorithm().startsWith("HS") ? Jwk.KEY_TYPE_OCT
                : settings.algorithm().startsWith("RS") ? Jwk.KEY_TYPE_RSA : Jwk.KEY_TYPE_EC;
        Optional<Jwk> key = jwt.keyId().isPresent() && signingKey.isEmpty()
                ? keys.forKeyId(jwt.keyId().get())
                : keys.keys().stream().filter(k -> k.keyType().equals(type)).findFirst();
        return key.filter(k -> k.keyType().equals(type));
    }

    private List<String> roles(Jwt jwt) {
        String[] path = settings.rolesClaim().split("\\.");
        Optional<JsonValue> value = jwt.payloadClaim(path[0]);
        for (int i = 1; i < path.length && value.isPresent(); i++) {
            JsonValue current = value.get();
            value = current instanceof JsonObject object ? Optional.ofNullable(object.get(path[i])) : Optional.empty();
        }
        if (value.isEmpty() || value.get() == JsonValue.NULL) {
            return List.of();
        }
        if (value.get() instanceof JsonString single) {
            return List.of(single.getString());
        }
        if (value.get() instanceof JsonArray array) {
            List<String> out = new ArrayList<>();
            for (JsonValue element : array) {
                if (!(element instanceof JsonString s)) {
                    throw invalid("The bearer token's roles claim (" + settings.rolesClaim() + ") is not a list of strings");
                }
                out.add(s.getString());
            }
            return out;
        }
        throw invalid("The bearer token's roles claim (" + settings.rolesClaim() + ") is not a list of strings");
    }

    private static MangroveException invalid(String detail) {
        return MangroveException.of(ErrorKind.UNAUTHORIZED, "invalid-token", detail);
    }
}
