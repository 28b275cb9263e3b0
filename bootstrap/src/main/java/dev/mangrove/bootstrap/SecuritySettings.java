package dev.mangrove.bootstrap;

import dev.mangrove.adapter.http.CorsSettings;
import dev.mangrove.adapter.http.TrustedProxies;
import dev.mangrove.adapter.security.FileUserRealm;
import dev.mangrove.adapter.security.JwtSettings;
import dev.mangrove.application.service.AuthenticationPolicy;
import dev.mangrove.domain.error.MangroveException;
import dev.mangrove.domain.resource.DatabaseName;
import dev.mangrove.domain.resource.Namespace;
import io.helidon.config.Config;

import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

import static dev.mangrove.bootstrap.ConfigValues.bool;
import static dev.mangrove.bootstrap.ConfigValues.duration;
import static dev.mangrove.bootstrap.ConfigValues.integer;
import static dev.mangrove.bootstrap.ConfigValues.string;

/**
 * The authentication settings ({@code mangrove.security.*} but the ACL's keys, which
 * {@code AclSettings} reads, given the users namespace read here); a bad value is a
 * {@link ConfigurationException} naming the key. Never shows a secret or password in a message.
 *
 * @param enabled             {@code mangrove.security.enabled}
 * @param realm               {@code mangrove.security.realm}: {@code mongo} or {@code file}
 * @param usersNamespace      {@code mangrove.security.users-db} [{@code mangrove}] and
 *                            {@code mangrove.security.users-collection} [{@code mangrove_users}]
 * @param users               {@code mangrove.security.users} (file realm)
 * @param basic               {@code mangrove.security.basic.enabled}
 * @param jwt                 {@code mangrove.security.jwt.*}, empty when bearer tokens are off
 * @param policy              credentials cache and brute-force guard
 * @param failureCounters     {@code users-db}.{@code mangrove.security.brute-force.collection}
 *                            [{@code mangrove_auth_failures}]: the failed-login counters every instance shares
 * @param bcryptCost          {@code mangrove.security.bcrypt-cost}
 * @param adminPassword       {@code mangrove.admin.password} (env {@code MANGROVE_ADMIN_PASSWORD})
 * @param cors                {@code mangrove.security.cors.*}
 * @param trustedProxies      {@code mangrove.security.trusted-proxies}: addresses and CIDR ranges whose
 *                            {@code X-Forwarded-For} is believed
 * @param apiKeys             {@code users-db}.{@code mangrove.security.api-keys-collection} [{@code mangrove_api_keys}]:
 *                            the API keys, hashed (docs/security.md#api-keys)
 */
record SecuritySettings(boolean enabled, String realm, Namespace usersNamespace,
                        List<FileUserRealm.Entry> users, boolean basic, Optional<JwtSettings> jwt,
                        AuthenticationPolicy policy, Namespace failureCounters, int bcryptCost, Optional<String> adminPassword,
                        CorsSettings cors, TrustedProxies trustedProxies, Namespace apiKeys) {
    static final String PREFIX = "mangrove.security.";

    static SecuritySettings read(Config config) {
        boolean enabled = bool(config, PREFIX + "enabled", true);
        String realm = string(config, PREFIX + "realm").orElse("mongo").trim().toLowerCase(Locale.ROOT);
        if (!realm.equals("mongo") && !realm.equals("file")) {
            throw new ConfigurationException(PREFIX + "realm", "expected mongo or file, got '" + realm + "'");
        }
        String usersDb = string(config, PREFIX + "users-db").orElse("mangrove");
        String usersCollection = string(config, PREFIX + "users-collection").orElse("mangrove_users");
        if (usersDb.isBlank() || usersDb.contains(".") || usersDb.contains("/")) {
            throw new ConfigurationException(PREFIX + "users-db", "expected a database name");
        }
        if (usersCollection.isBlank() || usersCollection.startsWith("system.") || usersCollection.contains("$")) {
            throw new ConfigurationException(PREFIX + "users-collection", "expected a collection name");
        }
        Namespace usersNamespace = usersNamespace(usersDb, usersCollection);
        boolean basic = bool(config, PREFIX + "basic.enabled", true);
        Optional<JwtSettings> jwt = jwt(config);
        if (enabled && !basic && jwt.isEmpty()) {
            throw new ConfigurationException(PREFIX + "basic.enabled",
                    "with Basic off, turn on bearer tokens (mangrove.security.jwt.*), or no one can log in");
        }
        Duration cacheTtl = duration(config, PREFIX + "credentials-cache-ttl", "60s");
        int maxFailures = integer(config, PREFIX + "brute-force.max-failures", 10, 1, 1_000_000);
        Duration window = duration(config, PREFIX + "brute-force.window", "1m");
        if (window.isZero()) {
            throw new ConfigurationException(PREFIX + "brute-force.window", "must be positive");
        }
        Duration userCheck = duration(config, PREFIX + "user-check-interval", "1s");
        int perAddress = integer(config, PREFIX + "brute-force.max-failures-per-address", 100, 1, 1_000_000);
        Duration maxDelay = positive(config, PREFIX + "brute-force.max-delay", "1m");
        Duration userReset = positive(config, PREFIX + "brute-force.user-reset", "15m");
        String failures = string(config, PREFIX + "brute-force.collection").orElse("mangrove_auth_failures");
        if (failures.isBlank() || failures.startsWith("system.") || failures.contains("$")) {
            throw new ConfigurationException(PREFIX + "brute-force.collection", "expected a collection name");
        }
        int cost = integer(config, PREFIX + "bcrypt-cost", 10, 4, 31);
        String keys = string(config, PREFIX + "api-keys-collection").orElse("mangrove_api_keys");
        if (keys.isBlank() || keys.startsWith("system.") || keys.contains("$") || keys.equals(usersCollection)
                || keys.equals(failures)) {
            throw new ConfigurationException(PREFIX + "api-keys-collection",
                    "expected a collection name other than the users and failure-counter collections");
        }
        return new SecuritySettings(enabled, realm, usersNamespace, users(config, realm), basic, jwt,
                new AuthenticationPolicy(cacheTtl, maxFailures, window, userCheck, perAddress, maxDelay, userReset),
                usersNamespace(usersDb, failures), cost,
                string(config, "mangrove.admin.password").filter(s -> !s.isEmpty()), cors(config),
                trustedProxies(config), usersNamespace(usersDb, keys));
    }

    private static Duration positive(Config config, String key, String fallback) {
        Duration value = duration(config, key, fallback);
        if (value.isZero()) {
            throw new ConfigurationException(key, "must be positive");
        }
        return value;
    }

    /** {@code mangrove.security.users-db}. */
    String usersDb() {
        return usersNamespace.database().value();
    }

    /** {@code mangrove.security.users-collection}. */
    String usersCollection() {
        return usersNamespace.collection().value();
    }

    /** Never shows the users' passwords or the admin password. */
    @Override
    public String toString() {
        return "SecuritySettings[enabled=" + enabled + ", realm=" + realm + ", jwt=" + jwt + "]";
    }

    /** The mechanisms, for the start-up line: {@code Basic, Bearer (HS256)}. */
    String describeMechanisms() {
        List<String> out = new ArrayList<>();
        if (basic) {
            out.add("Basic");
        }
        jwt.ifPresent(j -> out.add("Bearer (" + j.algorithm() + ")"));
        out.add("API keys");
        return String.join(", ", out);
    }

    private static Optional<JwtSettings> jwt(Config config) {
        String p = PREFIX + "jwt.";
        Optional<String> secret = string(config, p + "secret").filter(s -> !s.isEmpty());
        Optional<String> jwksFile = string(config, p + "jwks-file").filter(s -> !s.isBlank());
        Optional<String> jwksUrl = string(config, p + "jwks-url").filter(s -> !s.isBlank());
        Optional<String> explicit = string(config, p + "enabled");
        boolean on = explicit.isPresent() ? bool(config, p + "enabled", false)
                : secret.isPresent() || jwksFile.isPresent() || jwksUrl.isPresent();
        if (!on) {
            return Optional.empty();
        }
        String algorithm = string(config, p + "algorithm").orElseGet(() ->
                jwksFile.isPresent() || jwksUrl.isPresent() ? "RS256" : "HS256").trim().toUpperCase(Locale.ROOT);
        if (!JwtSettings.ALGORITHMS.contains(algorithm)) {
            throw new ConfigurationException(p + "algorithm", "expected HS256, RS256 or ES256, got '" + algorithm + "'");
        }
        Optional<byte[]> secretBytes = secret.map(s -> s.getBytes(StandardCharsets.UTF_8));
        if (algorithm.equals("HS256")) {
            if (secretBytes.isEmpty()) {
                throw new ConfigurationException(p + "secret", "is required for HS256 tokens (at least "
                        + JwtSettings.MIN_SECRET_BYTES + " bytes; e.g. MANGROVE_SECURITY_JWT_SECRET)");
            }
            if (secretBytes.get().length < JwtSettings.MIN_SECRET_BYTES) {
                throw new ConfigurationException(p + "secret", "is too short: it needs at least "
                        + JwtSettings.MIN_SECRET_BYTES + " bytes, it has " + secretBytes.get().length);
            }
        } else if (jwksFile.isEmpty() && jwksUrl.isEmpty()) {
            throw new ConfigurationException(p + "jwks-file", algorithm + " tokens need the identity provider's "
                    + "public keys: set jwks-file or jwks-url");
        }
        Optional<URI> url = jwksUrl.map(u -> {
            try {
                URI uri = new URI(u.trim());
                if (!"https".equals(uri.getScheme()) && !"http".equals(uri.getScheme())) {
                    throw new URISyntaxException(u, "not http(s)");
                }
                return uri;
            } catch (URISyntaxException e) {
                throw new ConfigurationException(p + "jwks-url", "expected an http(s) URL, got '" + u + "'");
            }
        });
        Duration ttl = duration(config, p + "ttl", "15m");
        if (ttl.isZero()) {
            throw new ConfigurationException(p + "ttl", "must be positive");
        }
        return Optional.of(new JwtSettings(algorithm, secretBytes, jwksFile.map(Path::of), url,
                string(config, p + "issuer").filter(s -> !s.isBlank()),
                string(config, p + "audience").filter(s -> !s.isBlank()),
                string(config, p + "user-claim").filter(s -> !s.isBlank()).orElse("sub"),
                string(config, p + "roles-claim").filter(s -> !s.isBlank()).orElse("roles"),
                ttl, duration(config, p + "clock-skew", "30s")));
    }

    private static Namespace usersNamespace(String database, String collection) {
        try {
            new DatabaseName(database);
        } catch (IllegalArgumentException | MangroveException e) {
            throw new ConfigurationException(PREFIX + "users-db", "not a valid database name: " + database
                    + " (" + e.getMessage() + ")");
        }
        try {
            return Namespace.of(database, collection);
        } catch (IllegalArgumentException | MangroveException e) {
            throw new ConfigurationException(PREFIX + "users-collection", "not a valid database/collection name: "
                    + database + "." + collection + " (" + e.getMessage() + ")");
        }
    }

    private static List<FileUserRealm.Entry> users(Config config, String realm) {
        Config node = config.get(PREFIX + "users");
        if (!node.exists()) {
            return List.of();
        }
        List<Config> nodes = node.asNodeList().orElseThrow(() -> new ConfigurationException(PREFIX + "users",
                "expected a list of {username, password, roles}"));
        List<FileUserRealm.Entry> out = new ArrayList<>();
        for (int i = 0; i < nodes.size(); i++) {
            String key = PREFIX + "users." + i;
            Config user = nodes.get(i);
            String name = user.get("username").asString().orElseThrow(() ->
                    new ConfigurationException(key + ".username", "is required"));
            String password = user.get("password").asString().orElseThrow(() ->
                    new ConfigurationException(key + ".password", "is required ({bcrypt}$2a$… or plain text for development)"));
            List<String> roles = user.get("roles").exists()
                    ? user.get("roles").asList(String.class).orElseGet(() -> user.get("roles").asString()
                            .map(s -> List.of(s.split(","))).orElse(List.of())).stream().map(String::trim)
                            .filter(s -> !s.isEmpty()).toList()
                    : List.of();
            out.add(new FileUserRealm.Entry(name, password, roles));
        }
        if (realm.equals("mongo") && !out.isEmpty()) {
            throw new ConfigurationException(PREFIX + "users", "is only read by the file realm; set "
                    + PREFIX + "realm: file, or remove the list");
        }
        return out;
    }

    private static CorsSettings cors(Config config) {
        String p = PREFIX + "cors.";
        List<String> origins = list(config, p + "allowed-origins", List.of());
        for (String origin : origins) {
            if (!origin.equals("*") && !origin.startsWith("http://") && !origin.startsWith("https://")) {
                throw new ConfigurationException(p + "allowed-origins", "expected * or origins like https://app.example.com, got '"
                        + origin + "'");
            }
        }
        return new CorsSettings(origins,
                list(config, p + "allowed-methods", CorsSettings.DEFAULT_METHODS).stream()
                        .map(m -> m.toUpperCase(Locale.ROOT)).toList(),
                list(config, p + "allowed-headers", CorsSettings.DEFAULT_HEADERS),
                list(config, p + "exposed-headers", CorsSettings.DEFAULT_EXPOSED),
                bool(config, p + "allow-credentials", false),
                duration(config, p + "max-age", "1h"));
    }

    private static TrustedProxies trustedProxies(Config config) {
        try {
            return TrustedProxies.of(list(config, PREFIX + "trusted-proxies", List.of()));
        } catch (IllegalArgumentException e) {
            throw new ConfigurationException(PREFIX + "trusted-proxies", e.getMessage());
        }
    }

    private static List<String> list(Config config, String key, List<String> fallback) {
        Config node = config.get(key);
        if (!node.exists()) {
            return fallback;
        }
        List<String> values = node.asList(String.class).orElseGet(() -> node.asString()
                .map(s -> List.of(s.split(","))).orElse(List.of()));
        return values.stream().map(String::trim).filter(s -> !s.isEmpty()).toList();
    }
}
