package dev.mangrove.application.service;

import dev.mangrove.application.port.in.AuthenticateUseCase;
import dev.mangrove.application.port.in.Credentials;
import dev.mangrove.application.port.in.IssuedToken;
import dev.mangrove.application.port.in.LoginUseCase;
import dev.mangrove.application.port.in.ManageApiKeysUseCase;
import dev.mangrove.application.port.in.ManageUsersUseCase;
import dev.mangrove.application.port.out.ApiKeyStore;
import dev.mangrove.application.port.out.FailureCounters;
import dev.mangrove.application.port.out.PasswordHasher;
import dev.mangrove.application.port.out.StoredUser;
import dev.mangrove.application.port.out.SignedToken;
import dev.mangrove.application.port.out.StoredApiKey;
import dev.mangrove.application.port.out.TokenService;
import dev.mangrove.application.port.out.UserRealm;
import dev.mangrove.application.port.out.VerifiedToken;
import dev.mangrove.domain.error.ErrorKind;
import dev.mangrove.domain.error.MangroveException;
import dev.mangrove.domain.security.Principal;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;

/**
 * Authentication (docs/security.md): checks passwords against the realm (remembering a verified password
 * briefly, as a salted SHA-256 digest, never the password itself), verifies and issues tokens
 * (remembering a verified token, keyed by a salted SHA-256 digest of it, until the earlier of its
 * expiry and the credentials-cache TTL), guards against brute force, and creates users. No message
 * it produces names a password, token or hash.
 *
 * <p>Against a stampede when a remembered answer expires under load (docs/security.md#credentials-cache):
 * concurrent requests that miss for the same credentials or token wait for one verification (single
 * flight), and a hit in the last quarter of an entry's life makes that one request verify again and
 * renew the entry while the others keep using the remembered answer (refresh ahead).
 */
public final class AuthenticationService implements AuthenticateUseCase, LoginUseCase, ManageUsersUseCase,
        ManageApiKeysUseCase {
    private static final System.Logger AUDIT = System.getLogger(AUDIT_LOGGER);
    private static final int MAX_CACHED = 10_000;
    /** An entry is refreshed in the last 1/REFRESH_AHEAD of its life. */
    private static final int REFRESH_AHEAD = 4;
    private static final String RANDOM_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789";

    private final UserRealm realm;
    private final PasswordHasher hasher;
    private final Optional<TokenService> tokens;
    private final AuthenticationPolicy policy;
    private final Clock clock;
    private final BruteForceGuard guard;
    private final Optional<ApiKeyStore> keys;
    /** Valid API keys by digest, as the store last answered; re-read after the user-check interval. */
    private final Map<String, LookedKey> lookedKeys = new ConcurrentHashMap<>();
    private final byte[] cacheSalt = new byte[16];
    private final SecureRandom random = new SecureRandom();
    private final Map<String, Cached> verified = new ConcurrentHashMap<>();
    /** Verified bearer tokens by digest; a token that failed verification is never here. */
    private final Map<String, CachedToken> verifiedTokens = new ConcurrentHashMap<>();
    /** The realm's latest answer about each user, trusted for the policy's user-check interval. */
    private final Map<String, Looked> looked = new ConcurrentHashMap<>();
    /** Verifications running now, by "p:"/"t:" + digest: concurrent misses for one key wait for the first. */
    private final Map<String, CompletableFuture<Principal>> inFlight = new ConcurrentHashMap<>();
    /** A hash to check against when the user does not exist, so both cases cost the same. */
    private volatile String dummyHash;

    /**
     * A service over the realm, counting failed logins in {@code failures} (shared by every instance);
     * {@code tokens} empty when bearer tokens are off.
     */
    public AuthenticationService(UserRealm realm, PasswordHasher hasher, Optional<TokenService> tokens,
                                 AuthenticationPolicy policy, FailureCounters failures, Clock clock) {
        this(realm, hasher, tokens, policy, failures, Optional.empty(), clock);
    }

    /**
     * As {@link #AuthenticationService(UserRealm, PasswordHasher, Optional, AuthenticationPolicy, FailureCounters,
     * Clock)}, also accepting the API keys of {@code keys} (docs/security.md#api-keys).
     */
    public AuthenticationService(UserRealm realm, PasswordHasher hasher, Optional<TokenService> tokens,
                                 AuthenticationPolicy policy, FailureCounters failures, Optional<ApiKeyStore> keys,
                                 Clock clock) {
        this.keys = Objects.requireNonNull(keys, "keys");
        this.realm = Objects.requireNonNull(realm, "realm");
        this.hasher = Objects.requireNonNull(hasher, "hasher");
        this.tokens = Objects.requireNonNull(tokens, "tokens");
        this.policy = Objects.requireNonNull(policy, "policy");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.guard = new BruteForceGuard(failures, policy, clock);
        random.nextBytes(cacheSalt);
    }

    /** A service counting failed logins in this process only (the user-management command, tests). */
    public AuthenticationService(UserRealm realm, PasswordHasher hasher, Optional<TokenService> tokens,
                                 AuthenticationPolicy policy, Clock clock) {
        this(realm, hasher, tokens, policy, new InMemoryFailureCounters(), clock);
    }

    /** A service counting failed logins in this process only, with API keys (the command line). */
    public AuthenticationService(UserRealm realm, PasswordHasher hasher, Optional<TokenService> tokens,
                                 AuthenticationPolicy policy, Optional<ApiKeyStore> keys, Clock clock) {
        this(realm, hasher, tokens, policy, new InMemoryFailureCounters(), keys, clock);
    }

    @Override
    public Principal authenticate(Credentials credentials, String clientAddress) {
        Objects.requireNonNull(credentials, "credentials");
        return switch (credentials) {
            case Credentials.Password password -> checkPassword(password, clientAddress);
            case Credentials.Token token -> checkToken(token.token());
            case Credentials.ApiKey key -> checkApiKey(key.key(), clientAddress);
        };
    }

    private Principal checkToken(String token) {
        TokenService service = tokens.orElseThrow(() -> invalidToken("Bearer tokens are not enabled"));
        Duration ttl = policy.credentialsCacheTtl();
        if (ttl.isZero() || token == null) {
            VerifiedToken verifiedToken = service.verifyToken(token);
            return stillValid(service, verifiedToken.principal(), verifiedToken.issued());
        }
        String key = digest(token);
        CachedToken cached = verifiedTokens.get(key);
        if (cached != null) {
            Instant now = clock.instant();
            if (now.isBefore(cached.until)) {
                if (!now.isBefore(cached.refreshAt) && cached.refreshing.compareAndSet(false, true)) {
                    // refresh ahead: this request alone verifies again; the others keep the cached answer
                    try {
                        return verifyToken(service, token, key);
                    } catch (RuntimeException e) {
                        verifiedTokens.remove(key, cached);
                        throw e;
                    }
                }
                return stillValid(service, cached.principal, cached.issued);
            }
            verifiedTokens.remove(key, cached);
        }
        return once("t:" + key, () -> {
            CachedToken again = verifiedTokens.get(key);   // verified by a request that just finished
            if (again != null && clock.instant().isBefore(again.until)) {
                return stillValid(service, again.principal, again.issued);
            }
            return verifyToken(service, token, key);
        });
    }

    private Principal verifyToken(TokenService service, String token, String key) {
        VerifiedToken verifiedToken = service.verifyToken(token);   // throws for an invalid token: nothing cached
        Instant now = clock.instant();
        Instant capped = now.plus(policy.credentialsCacheTtl());
        Instant until = earlier(verifiedToken.expires(), capped);
        if (now.isBefore(until)) {
            makeRoomForToken(now);
            // a token remembered until its own expiry is not refreshed: it ends there
            Instant refreshAt = until.equals(capped) ? refreshAt(now, until) : until;
            verifiedTokens.put(key, new CachedToken(verifiedToken.principal(), until, verifiedToken.issued(), refreshAt,
                    new AtomicBoolean()));
        }
        return stillValid(service, verifiedToken.principal(), verifiedToken.issued());
    }

    /** When an entry remembered from {@code from} to {@code until} starts being refreshed. */
    private static Instant refreshAt(Instant from, Instant until) {
        return until.minus(Duration.between(from, until).dividedBy(REFRESH_AHEAD));
    }

    /**
     * The verification's answer, computed once for concurrent callers with the same key: the first runs
     * {@code verification}, the others wait for it and get its principal or its exception.
     */
    private Principal once(String key, Supplier<Principal> verification) {
        CompletableFuture<Principal> mine = new CompletableFuture<>();
        CompletableFuture<Principal> running = inFlight.putIfAbsent(key, mine);
        if (running != null) {
            try {
                return running.join();
            } catch (CompletionException e) {
                if (e.getCause() instanceof RuntimeException failure) {
                    throw failure;
                }
                if (e.getCause() instanceof Error error) {
                    throw error;
                }
                throw e;
            }
        }
        try {
            Principal principal = verification.get();
            mine.complete(principal);
            return principal;
        } catch (RuntimeException | Error e) {
            mine.completeExceptionally(e);
            throw e;
        } finally {
            inFlight.remove(key, mine);
        }
    }

    /**
     * A token this server issues (HS256) names a user of the realm, so it is checked against the realm's
     * current answer (at most {@code userCheckInterval} old): refused once the user is deleted or
     * disabled, or when it was issued before the second of the user's last password or role change;
     * roles the user lost since are dropped from it. Tokens of an external identity provider name
     * users the realm does not know and are taken as they are.
     */
    private Principal stillValid(TokenService service, Principal principal, Instant issued) {
        if (!service.canIssue()) {
            return principal;
        }
        Optional<StoredUser> user = current(principal.username(), clock.instant());
        if (user.isEmpty() || user.get().disabled()) {
            throw invalidToken("The bearer token's user no longer exists or is disabled");
        }
        if (issued.getEpochSecond() < user.get().tokensValidAfter().getEpochSecond()) {
            throw invalidToken("The bearer token was issued before its user's password or roles changed; log in again");
        }
        List<String> current = user.get().roles();
        if (current.containsAll(principal.roles())) {
            return principal;
        }
        return new Principal(principal.username(), principal.roles().stream().filter(current::contains).toList());
    }

    /**
     * The user as the realm has it: the last answer while it is younger than the user-check interval,
     * else asked again (one read by key), so a change made elsewhere applies within that interval.
     */
    private Optional<StoredUser> current(String username, Instant now) {
        Looked last = looked.get(username);
        if (last != null && now.isBefore(last.at.plus(policy.userCheckInterval()))) {
            return last.user;
        }
        Optional<StoredUser> user = username.isEmpty() ? Optional.empty() : realm.find(username);
        remember(username, user, now);
        return user;
    }

    private void remember(String username, Optional<StoredUser> user, Instant now) {
        if (looked.size() >= MAX_CACHED) {
            looked.clear();
        }
        looked.put(username, new Looked(user, now));
    }

    /** Keeps the token cache under its bound: drops expired entries, then the ones expiring first. */
    private void makeRoomForToken(Instant now) {
        if (verifiedTokens.size() < MAX_CACHED) {
            return;
        }
        verifiedTokens.values().removeIf(c -> !now.isBefore(c.until));
        while (verifiedTokens.size() >= MAX_CACHED) {
            Optional<Map.Entry<String, CachedToken>> first = verifiedTokens.entrySet().stream()
                    .min(Comparator.comparing((Map.Entry<String, CachedToken> e) -> e.getValue().until));
            if (first.isEmpty()) {
                return;
            }
            verifiedTokens.remove(first.get().getKey(), first.get().getValue());
        }
    }

    private static Instant earlier(Instant a, Instant b) {
        return a.isBefore(b) ? a : b;
    }

    /** How many verified tokens are remembered now (for tests and diagnostics). */
    int cachedTokenCount() {
        return verifiedTokens.size();
    }

    @Override
    public IssuedToken login(Credentials.Password credentials, String clientAddress) {
        TokenService service = tokens.filter(TokenService::canIssue).orElseThrow(() -> MangroveException.of(
                ErrorKind.NOT_IMPLEMENTED, "token-issuing-unavailable",
                "This server does not issue tokens (mangrove.security.jwt is off or only verifies external tokens)"));
        SignedToken signed = service.issue(checkPassword(credentials, clientAddress));
        return new IssuedToken(signed.token(), signed.expiresIn());
    }

    private Principal checkPassword(Credentials.Password credentials, String clientAddress) {
        String digest = digest(credentials.username(), credentials.password());
        Optional<Principal> remembered = remembered(credentials, digest);
        if (remembered.isPresent()) {
            return remembered.get();
        }
        // concurrent misses for the same credentials wait for one check; one that ends just before is a hit
        return once("p:" + digest, () -> remembered(credentials, digest)
                .orElseGet(() -> verifyPassword(credentials, clientAddress, digest)));
    }

    /**
     * The remembered answer for these credentials: valid while the realm (asked at most every
     * userCheckInterval) still has the hash they were checked against. In the last quarter of the entry's
     * life, one request checks the password again and renews it (refresh ahead).
     */
    private Optional<Principal> remembered(Credentials.Password credentials, String digest) {
        String username = credentials.username();
        Instant now = clock.instant();
        Cached cached = verified.get(username);
        if (cached == null || !cached.digest.equals(digest) || !now.isBefore(cached.expires)) {
            return Optional.empty();
        }
        Optional<StoredUser> current = current(username, now);
        if (current.isPresent() && !current.get().disabled() && current.get().passwordHash().equals(cached.hash)) {
            Principal answer = current.get().roles().equals(cached.principal.roles()) ? cached.principal
                    : new Principal(username, current.get().roles());
            if (!now.isBefore(cached.refreshAt) && cached.refreshing.compareAndSet(false, true)) {
                Optional<StoredUser> fresh;
                try {
                    fresh = realm.find(username);
                } catch (RuntimeException e) {
                    cached.refreshing.set(false);   // the backend failed: the remembered answer stands, try later
                    return Optional.of(answer);
                }
                remember(username, fresh, now);
                if (fresh.isPresent() && !fresh.get().disabled()
                        && hasher.verify(credentials.password(), fresh.get().passwordHash())) {
                    Principal principal = new Principal(username, fresh.get().roles());
                    rememberPassword(username, digest, principal, fresh.get().passwordHash(), now);
                    return Optional.of(principal);
                }
                verified.remove(username, cached);   // changed meanwhile: checked in full (with the guard)
                return Optional.empty();
            }
            return Optional.of(answer);
        }
        verified.remove(username, cached);
        return Optional.empty();
    }

    private Principal verifyPassword(Credentials.Password credentials, String clientAddress, String digest) {
        String username = credentials.username();
        Instant now = clock.instant();
        // only a password actually checked meets the guard: a remembered right one costs nothing
        BruteForceGuard.Attempt attempt = guard.check(username, clientAddress == null ? "" : clientAddress);
        Optional<StoredUser> user = username.isEmpty() ? Optional.empty() : realm.find(username);
        remember(username, user, now);
        boolean ok = user.isPresent()
                ? hasher.verify(credentials.password(), user.get().passwordHash()) && !user.get().disabled()
                : burnTime(credentials.password());
        if (!ok) {
            verified.remove(username);
            guard.failed(attempt);
            throw MangroveException.of(ErrorKind.UNAUTHORIZED, "invalid-credentials", "Wrong user name or password");
        }
        guard.succeeded(attempt);
        Principal principal = new Principal(username, user.get().roles());
        rememberPassword(username, digest, principal, user.get().passwordHash(), now);
        return principal;
    }

    private void rememberPassword(String username, String digest, Principal principal, String hash, Instant now) {
        if (policy.credentialsCacheTtl().isZero()) {
            return;
        }
        if (verified.size() >= MAX_CACHED) {
            verified.clear();
        }
        Instant expires = now.plus(policy.credentialsCacheTtl());
        verified.put(username, new Cached(digest, principal, expires, hash, refreshAt(now, expires),
                new AtomicBoolean()));
    }

    /** Checks against a dummy hash (always false), so unknown users cost as much as wrong passwords. */
    private boolean burnTime(String password) {
        String hash = dummyHash;
        if (hash == null) {
            hash = hasher.hash(randomPassword());
            dummyHash = hash;
        }
        hasher.verify(password, hash);
        return false;
    }

    @Override
    public void saveUser(String username, String password, List<String> roles) {
        validName(username);
        if (password == null || password.isEmpty()) {
            throw MangroveException.badRequest("invalid-user", "The password must not be empty");
        }
        if (!realm.writable()) {
            throw MangroveException.of(ErrorKind.NOT_IMPLEMENTED, "realm-read-only",
                    "The file realm is read-only: add users to mangrove.security.users in the configuration");
        }
        // tokens issued before this second are refused from now on (on every instance: stillValid)
        Instant now = clock.instant();
        Instant created = realm.find(username).map(StoredUser::created).orElse(now);
        realm.save(new StoredUser(username, hasher.hash(password), roles, false, now, created));
        forget(username);
        AUDIT.log(System.Logger.Level.INFO, "User '" + username + "' saved with roles " + roles
                + " (password set, earlier tokens refused)");
    }

    @Override
    public void changePassword(String username, String password) {
        if (password == null || password.isEmpty()) {
            throw MangroveException.badRequest("invalid-user", "The password must not be empty");
        }
        StoredUser user = existing(username);
        realm.save(new StoredUser(username, hasher.hash(password), user.roles(), user.disabled(), clock.instant(),
                user.created()));
        forget(username);
        AUDIT.log(System.Logger.Level.INFO, "User '" + username + "': password changed (earlier tokens refused)");
    }

    @Override
    public void setDisabled(String username, boolean disabled) {
        StoredUser user = existing(username);
        realm.save(new StoredUser(username, user.passwordHash(), user.roles(), disabled, clock.instant(),
                user.created()));
        forget(username);
        AUDIT.log(System.Logger.Level.INFO, "User '" + username + "' " + (disabled ? "disabled" : "enabled")
                + " (earlier tokens refused)");
    }

    @Override
    public void deleteUser(String username) {
        writable();
        if (username == null || !realm.delete(username)) {
            throw noSuchUser(username);
        }
        forget(username);
        AUDIT.log(System.Logger.Level.INFO, "User '" + username + "' deleted");
    }

    @Override
    public List<UserSummary> listUsers() {
        return realm.list().stream().map(AuthenticationService::summary).toList();
    }

    private static UserSummary summary(StoredUser user) {
        return new UserSummary(user.username(), user.roles(), user.disabled(), user.created());
    }

    @Override
    public UserSummary createUser(String username, String password, List<String> roles) {
        validName(username);
        validPassword(password);
        validRoles(roles);
        writable();
        Instant now = clock.instant();
        StoredUser user = new StoredUser(username, hasher.hash(password), roles, false, now, now);
        if (!realm.create(user)) {
            throw MangroveException.conflict("user-exists", "There is already a user '" + username + "'");
        }
        forget(username);
        AUDIT.log(System.Logger.Level.INFO, "User '" + username + "' created with roles " + roles);
        return summary(user);
    }

    @Override
    public Optional<UserSummary> findUser(String username) {
        return username == null || username.isEmpty() ? Optional.empty()
                : realm.find(username).map(AuthenticationService::summary);
    }

    @Override
    public UserSummary updateUser(String username, UserChange change) {
        Objects.requireNonNull(change, "change");
        if (change.isEmpty()) {
            throw MangroveException.badRequest("invalid-user",
                    "Nothing to change: send password, roles, disabled or name");
        }
        if (change.password() != null) {
            validPassword(change.password());
        }
        if (change.roles() != null) {
            validRoles(change.roles());
        }
        boolean rename = change.newName() != null && !change.newName().equals(username);
        if (rename) {
            validName(change.newName());
        }
        StoredUser user = existing(username);
        String name = rename ? change.newName() : username;
        Instant now = clock.instant();
        StoredUser changed = new StoredUser(name,
                change.password() != null ? hasher.hash(change.password()) : user.passwordHash(),
                change.roles() != null ? change.roles() : user.roles(),
                change.disabled() != null ? change.disabled() : user.disabled(), now, user.created());
        if (rename) {
            // the new name is created atomically (409 when taken); then the old name stops existing, with its
            // passwords and tokens (a token names the old user, which is gone)
            if (!realm.create(changed)) {
                throw MangroveException.conflict("user-exists", "There is already a user '" + name + "'");
            }
            realm.delete(username);
            forget(username);
        } else {
            realm.save(changed);
        }
        forget(name);
        AUDIT.log(System.Logger.Level.INFO, "User '" + username + "' changed: " + describe(change, rename)
                + " (earlier tokens refused)");
        return summary(changed);
    }

    private static String describe(UserChange change, boolean rename) {
        List<String> parts = new java.util.ArrayList<>();
        if (rename) {
            parts.add("renamed to '" + change.newName() + "'");
        }
        if (change.password() != null) {
            parts.add("password changed");
        }
        if (change.roles() != null) {
            parts.add("roles set to " + change.roles());
        }
        if (change.disabled() != null) {
            parts.add(change.disabled() ? "disabled" : "enabled");
        }
        return parts.isEmpty() ? "nothing" : String.join(", ", parts);
    }

    private static void validName(String username) {
        if (username == null || username.isBlank()) {
            throw MangroveException.badRequest("invalid-user", "The user name must not be empty");
        }
        if (username.indexOf(':') >= 0 || username.length() > 256
                || username.chars().anyMatch(Character::isISOControl)) {
            throw MangroveException.badRequest("invalid-user",
                    "A user name has at most 256 characters, no ':' (HTTP Basic separates it from the password)"
                            + " and no control characters");
        }
    }

    private static void validPassword(String password) {
        if (password == null || password.length() < MIN_PASSWORD_LENGTH) {
            throw MangroveException.badRequest("invalid-password",
                    "The password must have at least " + MIN_PASSWORD_LENGTH + " characters");
        }
    }

    private static void validRoles(List<String> roles) {
        if (roles == null || roles.stream().anyMatch(r -> r == null || r.isBlank())) {
            throw MangroveException.badRequest("invalid-roles", "\"roles\" must be an array of non-empty strings");
        }
    }

    // ---- API keys (docs/security.md#api-keys) ----

    private static final java.util.regex.Pattern KEY_NAME = java.util.regex.Pattern.compile("[A-Za-z0-9._-]{1,64}");
    /** How much older than now a key's recorded last use may be before it is recorded again. */
    private static final Duration LAST_USED_PRECISION = Duration.ofMinutes(1);
    private static final String KEY_PREFIX = "mgk_";

    @Override
    public CreatedKey createKey(String name, List<String> roles) {
        ApiKeyStore store = keyStore();
        if (name == null || !KEY_NAME.matcher(name).matches()) {
            throw MangroveException.badRequest("invalid-key-name",
                    "A key name has 1 to 64 letters, digits, '.', '_' or '-'");
        }
        validRoles(roles);
        byte[] secret = new byte[32];
        random.nextBytes(secret);
        String key = KEY_PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(secret);
        Instant now = clock.instant();
        if (!store.create(new StoredApiKey(name, keyHash(key), roles, now, Instant.EPOCH))) {
            throw MangroveException.conflict("key-exists", "There is already a key '" + name + "'");
        }
        AUDIT.log(System.Logger.Level.INFO, "API key '" + name + "' created with roles " + roles);
        return new CreatedKey(name, roles, key, now);
    }

    @Override
    public List<KeySummary> listKeys() {
        return keyStore().list().stream().map(k -> new KeySummary(k.name(), k.roles(), k.created(),
                k.lastUsed().equals(Instant.EPOCH) ? Optional.empty() : Optional.of(k.lastUsed()))).toList();
    }

    @Override
    public void deleteKey(String name) {
        if (name == null || !keyStore().delete(name)) {
            throw MangroveException.notFound("key-not-found", "There is no API key '" + name + "'");
        }
        lookedKeys.values().removeIf(looked -> looked.key.name().equals(name));
        AUDIT.log(System.Logger.Level.INFO, "API key '" + name + "' deleted (revoked)");
    }

    private ApiKeyStore keyStore() {
        return keys.orElseThrow(() -> MangroveException.of(ErrorKind.NOT_IMPLEMENTED, "api-keys-unavailable",
                "This server keeps no API keys"));
    }

    /**
     * A request's API key: a key seen valid within the user-check interval is taken as it is (no read); an
     * older one is read again by its digest, so a revocation applies on every instance within that interval;
     * an unknown one is looked up behind the brute-force guard (per address, never locking anyone out by name).
     */
    private Principal checkApiKey(String key, String clientAddress) {
        ApiKeyStore store = keys.orElseThrow(() -> invalidKey());
        String hash = keyHash(key);
        Instant now = clock.instant();
        LookedKey last = lookedKeys.get(hash);
        if (last != null && now.isBefore(last.at.plus(policy.userCheckInterval()))) {
            return keyPrincipal(last.key);
        }
        BruteForceGuard.Attempt attempt = last != null ? null
                : guard.checkKey(clientAddress == null ? "" : clientAddress);
        Optional<StoredApiKey> found = store.findByHash(hash)
                .filter(k -> MessageDigest.isEqual(k.hash().getBytes(StandardCharsets.US_ASCII),
                        hash.getBytes(StandardCharsets.US_ASCII)));
        if (found.isEmpty()) {
            lookedKeys.remove(hash);
            if (attempt != null) {
                guard.failed(attempt);
            }
            throw invalidKey();
        }
        if (attempt != null) {
            guard.succeeded(attempt);
        }
        StoredApiKey stored = found.get();
        if (lookedKeys.size() >= MAX_CACHED) {
            lookedKeys.clear();
        }
        lookedKeys.put(hash, new LookedKey(stored, now));
        if (stored.lastUsed().plus(LAST_USED_PRECISION).isBefore(now)) {
            try {
                store.touch(stored.name(), now);
            } catch (RuntimeException e) {
                // best effort: the key is valid whether or not its last use could be recorded
            }
        }
        return keyPrincipal(stored);
    }

    private static Principal keyPrincipal(StoredApiKey key) {
        return new Principal(PRINCIPAL_PREFIX + key.name(), key.roles());
    }

    private static MangroveException invalidKey() {
        return MangroveException.of(ErrorKind.UNAUTHORIZED, "invalid-api-key", "The API key is not valid");
    }

    /** The lower-case hex SHA-256 digest of a key, as the store keeps it. */
    static String keyHash(String key) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8));
            return java.util.HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }

    private record LookedKey(StoredApiKey key, Instant at) {
    }

    /** The user named {@code username} in a writable realm, or 404/501. */
    private StoredUser existing(String username) {
        writable();
        return Optional.ofNullable(username).flatMap(realm::find).orElseThrow(() -> noSuchUser(username));
    }

    private void writable() {
        if (!realm.writable()) {
            throw MangroveException.of(ErrorKind.NOT_IMPLEMENTED, "realm-read-only",
                    "The file realm is read-only: change users in mangrove.security.users in the configuration");
        }
    }

    private static MangroveException noSuchUser(String username) {
        return MangroveException.notFound("user-not-found", "There is no user '" + username + "'");
    }

    /** Drops what this instance remembers about the user (other instances re-read it within userCheckInterval). */
    private void forget(String username) {
        verified.remove(username);
        looked.remove(username);
    }

    @Override
    public AdminBootstrap bootstrapAdmin(String username, String role, Optional<String> password) {
        if (!realm.writable() || realm.count() > 0) {
            return new AdminBootstrap(false, Optional.empty());
        }
        Optional<String> given = password.filter(p -> !p.isEmpty());
        Optional<String> generated = given.isPresent() ? Optional.empty() : Optional.of(randomPassword());
        StoredUser admin = new StoredUser(username, hasher.hash(given.orElseGet(generated::get)), List.of(role),
                false, clock.instant());
        if (!realm.create(admin)) {
            return new AdminBootstrap(false, Optional.empty(), true);
        }
        return new AdminBootstrap(true, generated);
    }

    private String randomPassword() {
        StringBuilder out = new StringBuilder(20);
        for (int i = 0; i < 20; i++) {
            out.append(RANDOM_ALPHABET.charAt(random.nextInt(RANDOM_ALPHABET.length())));
        }
        return out.toString();
    }

    private String digest(String token) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            sha.update(cacheSalt);
            sha.update(token.getBytes(StandardCharsets.UTF_8));
            return Base64.getEncoder().encodeToString(sha.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }

    private String digest(String username, String password) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            sha.update(cacheSalt);
            sha.update(username.getBytes(StandardCharsets.UTF_8));
            sha.update((byte) 0);
            sha.update(password.getBytes(StandardCharsets.UTF_8));
            return Base64.getEncoder().encodeToString(sha.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }

    private static MangroveException invalidToken(String detail) {
        return MangroveException.of(ErrorKind.UNAUTHORIZED, "invalid-token", detail);
    }

    /** A verified password; {@code refreshing} is set by the one request that refreshes it. */
    private record Cached(String digest, Principal principal, Instant expires, String hash, Instant refreshAt,
                          AtomicBoolean refreshing) {
    }

    private record CachedToken(Principal principal, Instant until, Instant issued, Instant refreshAt,
                               AtomicBoolean refreshing) {
    }

    private record Looked(Optional<StoredUser> user, Instant at) {
    }
}
