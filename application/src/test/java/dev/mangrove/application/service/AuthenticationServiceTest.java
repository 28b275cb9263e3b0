package dev.mangrove.application.service;

import dev.mangrove.application.port.in.Credentials;
import dev.mangrove.application.port.in.IssuedToken;
import dev.mangrove.application.port.in.ManageUsersUseCase;
import dev.mangrove.application.port.out.PasswordHasher;
import dev.mangrove.application.port.out.SignedToken;
import dev.mangrove.application.port.out.StoredUser;
import dev.mangrove.application.port.out.TokenService;
import dev.mangrove.application.port.out.UserRealm;
import dev.mangrove.application.port.out.VerifiedToken;
import dev.mangrove.domain.error.ErrorKind;
import dev.mangrove.domain.error.MangroveException;
import dev.mangrove.domain.security.Principal;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

class AuthenticationServiceTest {
    private final MutableClock clock = new MutableClock();
    private final CountingHasher hasher = new CountingHasher();
    private final MapRealm realm = new MapRealm();

    private AuthenticationService service(AuthenticationPolicy policy) {
        return new AuthenticationService(realm, hasher, Optional.empty(), policy, clock);
    }

    @Test
    void rightPasswordGivesThePrincipalWithItsRoles() {
        AuthenticationService service = service(AuthenticationPolicy.DEFAULT);
        service.saveUser("bob", "pw-bob", List.of("reader"));
        Principal bob = service.authenticate(new Credentials.Password("bob", "pw-bob"), "10.0.0.1");
        assertEquals(new Principal("bob", List.of("reader")), bob);
    }

    @Test
    void wrongPasswordAndUnknownUserAre401WithoutThePassword() {
        AuthenticationService service = service(AuthenticationPolicy.DEFAULT);
        service.saveUser("bob", "pw-bob", List.of("reader"));
        for (Credentials.Password bad : List.of(new Credentials.Password("bob", "nope-secret"),
                new Credentials.Password("nobody", "nope-secret"))) {
            MangroveException e = assertThrows(MangroveException.class, () -> service.authenticate(bad, "10.0.0.1"));
            assertEquals(ErrorKind.UNAUTHORIZED, e.kind());
            assertEquals("invalid-credentials", e.code());
            assertFalse(e.getMessage().contains("nope-secret"));
            assertFalse(e.getMessage().contains("hash:"));
        }
    }

    @Test
    void verifiedCredentialsAreCachedForTheTtlOnly() {
        AuthenticationService service = service(new AuthenticationPolicy(Duration.ofSeconds(60), 10, Duration.ofMinutes(1)));
        service.saveUser("bob", "pw-bob", List.of("reader"));
        int before = hasher.verifications.get();
        for (int i = 0; i < 5; i++) {
            service.authenticate(new Credentials.Password("bob", "pw-bob"), "10.0.0.1");
        }
        assertEquals(before + 1, hasher.verifications.get(), "one hash check for five requests");
        clock.advance(Duration.ofSeconds(61));
        service.authenticate(new Credentials.Password("bob", "pw-bob"), "10.0.0.1");
        assertEquals(before + 2, hasher.verifications.get(), "checked again after the ttl");
    }

    @Test
    void aCachedEntryNeverAcceptsAnotherPassword() {
        AuthenticationService service = service(AuthenticationPolicy.DEFAULT);
        service.saveUser("bob", "pw-bob", List.of("reader"));
        service.authenticate(new Credentials.Password("bob", "pw-bob"), "10.0.0.1");
        assertThrows(MangroveException.class, () -> service.authenticate(new Credentials.Password("bob", "pw-bob2"),
                "10.0.0.1"));
    }

    @Test
    void changingThePasswordDropsTheCachedEntry() {
        AuthenticationService service = service(AuthenticationPolicy.DEFAULT);
        service.saveUser("bob", "old-pw", List.of("reader"));
        service.authenticate(new Credentials.Password("bob", "old-pw"), "10.0.0.1");
        service.saveUser("bob", "new-pw", List.of("reader"));
        assertThrows(MangroveException.class, () -> service.authenticate(new Credentials.Password("bob", "old-pw"),
                "10.0.0.1"));
        assertEquals("bob", service.authenticate(new Credentials.Password("bob", "new-pw"), "10.0.0.1").username());
    }

    @Test
    void tooManyFailuresForOneUserFromOneAddressAre429ThereOnlyUntilTheWindowEnds() {
        AuthenticationService service = service(new AuthenticationPolicy(Duration.ZERO, 3, Duration.ofSeconds(30)));
        service.saveUser("bob", "pw-bob", List.of("reader"));
        Credentials.Password bob = new Credentials.Password("bob", "pw-bob");
        service.authenticate(bob, "10.0.0.1");                       // bob's usual address
        for (int i = 0; i < 3; i++) {
            assertEquals(ErrorKind.UNAUTHORIZED, assertThrows(MangroveException.class, () -> service.authenticate(
                    new Credentials.Password("bob", "guess"), "10.0.0.9")).kind());
        }
        MangroveException blocked = assertThrows(MangroveException.class, () -> service.authenticate(bob, "10.0.0.9"));
        assertEquals(ErrorKind.TOO_MANY_REQUESTS, blocked.kind());
        assertEquals("too-many-failures", blocked.code());
        assertEquals(Optional.of(Duration.ofSeconds(30)), blocked.retryAfter());
        // the attacker's address is blocked for bob; bob at his usual address is not, nor others at the attacker's
        assertEquals("bob", service.authenticate(bob, "10.0.0.1").username());
        service.saveUser("eve", "pw-eve", List.of("reader"));
        assertEquals("eve", service.authenticate(new Credentials.Password("eve", "pw-eve"), "10.0.0.9").username());
        clock.advance(Duration.ofSeconds(31));
        assertEquals("bob", service.authenticate(bob, "10.0.0.9").username());
    }

    @Test
    void anAttackerFromManyAddressesCannotLockAUserOutOfAKnownAddress() {
        AuthenticationService service = service(new AuthenticationPolicy(Duration.ZERO, 3, Duration.ofSeconds(30)));
        service.saveUser("admin", "pw-admin", List.of("admin"));
        Credentials.Password admin = new Credentials.Password("admin", "pw-admin");
        service.authenticate(admin, "10.0.0.1");
        int guesses = 0;
        int refused = 0;
        // a botnet: a new address for every guess, for ten simulated minutes, one attempt every 100 ms
        for (int i = 0; i < 6_000; i++) {
            String address = "10.9." + (i / 250) + "." + (i % 250);
            try {
                service.authenticate(new Credentials.Password("admin", "guess" + i), address);
                fail("a wrong password was accepted");
            } catch (MangroveException e) {
                if (e.kind() == ErrorKind.TOO_MANY_REQUESTS) {
                    refused++;
                } else {
                    guesses++;
                }
            }
            if (i % 600 == 0) {
                assertEquals("admin", service.authenticate(admin, "10.0.0.1").username(),
                        "the admin logs in from the known address throughout the attack");
            }
            clock.advance(Duration.ofMillis(100));
        }
        // 3 free, then 1, 2, 4, 8, 16, 32 s apart, then one a minute
        assertTrue(guesses <= 3 + 6 + 11, "guesses checked in ten minutes: " + guesses);
        assertTrue(refused > 5_900, "refused: " + refused);
        // an unknown address of the admin waits like the attacker, at most maxDelay (1 min by default)
        MangroveException waiting = assertThrows(MangroveException.class, () -> service.authenticate(admin, "10.0.0.2"));
        assertEquals(ErrorKind.TOO_MANY_REQUESTS, waiting.kind());
        assertTrue(waiting.retryAfter().orElseThrow().compareTo(Duration.ofSeconds(60)) <= 0);
    }

    @Test
    void oneAddressOfManyUsersIsBlockedOnlyPastTheLimitPerAddress() {
        AuthenticationService service = service(new AuthenticationPolicy(Duration.ZERO, 3, Duration.ofSeconds(30)));
        service.saveUser("bob", "pw-bob", List.of("reader"));
        for (int i = 0; i < 29; i++) {       // ten users behind one NAT mistyping: 29 failures, limit 10 x 3
            String user = "user" + i;
            assertEquals(ErrorKind.UNAUTHORIZED, assertThrows(MangroveException.class, () -> service.authenticate(
                    new Credentials.Password(user, "x"), "10.0.0.5")).kind());
        }
        assertEquals("bob", service.authenticate(new Credentials.Password("bob", "pw-bob"), "10.0.0.5").username());
        assertThrows(MangroveException.class, () -> service.authenticate(new Credentials.Password("user29", "x"),
                "10.0.0.5"));
        assertEquals(ErrorKind.TOO_MANY_REQUESTS, assertThrows(MangroveException.class, () -> service.authenticate(
                new Credentials.Password("bob", "pw-bob"), "10.0.0.5")).kind());
    }

    @Test
    void aRememberedPasswordIsCheckedAgainstTheRealmOnceTheUserCheckIntervalHasPassed() {
        AuthenticationService service = service(AuthenticationPolicy.DEFAULT);
        service.saveUser("bob", "pw-bob", List.of("reader"));
        Credentials.Password bob = new Credentials.Password("bob", "pw-bob");
        service.authenticate(bob, "10.0.0.1");
        // another instance (or an operator) changes bob's roles, then his password
        realm.save(new StoredUser("bob", realm.find("bob").orElseThrow().passwordHash(), List.of("writer")));
        assertEquals(List.of("reader"), service.authenticate(bob, "10.0.0.1").roles());   // within the interval
        clock.advance(AuthenticationPolicy.DEFAULT_USER_CHECK);
        assertEquals(List.of("writer"), service.authenticate(bob, "10.0.0.1").roles());
        realm.save(new StoredUser("bob", "hash:other", List.of("writer")));
        clock.advance(AuthenticationPolicy.DEFAULT_USER_CHECK);
        assertEquals(ErrorKind.UNAUTHORIZED, assertThrows(MangroveException.class, () -> service.authenticate(bob, "10.0.0.1"))
                .kind());
    }

    @Test
    void aTokenIsRefusedOnceItsUserIsDeletedDisabledOrChangedAndLosesRolesTakenAway() {
        FakeTokens tokens = new FakeTokens();
        AuthenticationService service = withTokens(tokens, Duration.ofSeconds(60));
        realm.save(new StoredUser("bob", "hash:x", List.of("reader", "writer")));
        assertEquals(List.of("reader"), bearer(service, "token-for-bob").roles());
        realm.save(new StoredUser("bob", "hash:x", List.of("writer")));
        clock.advance(AuthenticationPolicy.DEFAULT_USER_CHECK);
        assertEquals(List.of(), bearer(service, "token-for-bob").roles(), "a role taken away is taken from the token");
        realm.save(new StoredUser("bob", "hash:x", List.of("reader"), true, Instant.EPOCH));
        clock.advance(AuthenticationPolicy.DEFAULT_USER_CHECK);
        assertEquals("invalid-token", assertThrows(MangroveException.class, () -> bearer(service, "token-for-bob")).code());
        realm.users.remove("bob");
        clock.advance(AuthenticationPolicy.DEFAULT_USER_CHECK);
        assertEquals("invalid-token", assertThrows(MangroveException.class, () -> bearer(service, "token-for-bob")).code());
        // eve's token (issued at the clock's time, see FakeTokens) predates her password change
        realm.save(new StoredUser("eve", "hash:x", List.of("reader"), false, clock.instant().plusSeconds(1)));
        assertEquals("invalid-token", assertThrows(MangroveException.class, () -> bearer(service, "token-for-eve")).code());
    }

    @Test
    void loginIssuesATokenOnlyForTheRightPassword() {
        FakeTokens tokens = new FakeTokens();
        AuthenticationService service = new AuthenticationService(realm, hasher, Optional.of(tokens),
                AuthenticationPolicy.DEFAULT, clock);
        service.saveUser("bob", "pw-bob", List.of("reader"));
        IssuedToken token = service.login(new Credentials.Password("bob", "pw-bob"), "10.0.0.1");
        assertEquals("token-for-bob", token.token());
        assertThrows(MangroveException.class, () -> service.login(new Credentials.Password("bob", "bad"), "10.0.0.1"));
        assertEquals("bob", service.authenticate(new Credentials.Token("token-for-bob"), "10.0.0.1").username());
    }

    private AuthenticationService withTokens(FakeTokens tokens, Duration cacheTtl) {
        for (String user : List.of("bob", "eve")) {
            realm.save(new StoredUser(user, "hash:x", List.of("reader")));
        }
        return new AuthenticationService(realm, hasher, Optional.of(tokens),
                new AuthenticationPolicy(cacheTtl, 10, Duration.ofMinutes(1)), clock);
    }

    private Principal bearer(AuthenticationService service, String token) {
        return service.authenticate(new Credentials.Token(token), "10.0.0.1");
    }

    @Test
    void aVerifiedTokenIsNotVerifiedAgainWithinTheCacheTtl() {
        FakeTokens tokens = new FakeTokens();
        AuthenticationService service = withTokens(tokens, Duration.ofSeconds(60));
        assertEquals(new Principal("bob", List.of("reader")), bearer(service, "token-for-bob"));
        assertEquals(new Principal("bob", List.of("reader")), bearer(service, "token-for-bob"));
        clock.advance(Duration.ofSeconds(44));   // before the last quarter, where one hit refreshes it
        assertEquals("bob", bearer(service, "token-for-bob").username());
        assertEquals(1, tokens.verifications.get());
        assertEquals("eve", bearer(service, "token-for-eve").username());   // another token: its own check
        assertEquals(2, tokens.verifications.get());
        clock.advance(Duration.ofSeconds(16));   // the TTL is over: verified again
        assertEquals("bob", bearer(service, "token-for-bob").username());
        assertEquals(3, tokens.verifications.get());
    }

    @Test
    void aCachedTokenIsRefusedOnceItsExpiryHasPassed() {
        FakeTokens tokens = new FakeTokens();
        tokens.expiries.put("token-for-bob", clock.instant().plusSeconds(10));
        AuthenticationService service = withTokens(tokens, Duration.ofSeconds(60));
        assertEquals("bob", bearer(service, "token-for-bob").username());
        clock.advance(Duration.ofMillis(9_999));
        assertEquals("bob", bearer(service, "token-for-bob").username());
        assertEquals(1, tokens.verifications.get());
        clock.advance(Duration.ofMillis(1));   // exactly at exp: no longer valid
        MangroveException e = assertThrows(MangroveException.class, () -> bearer(service, "token-for-bob"));
        assertEquals("invalid-token", e.code());
        assertEquals(2, tokens.verifications.get());
        assertThrows(MangroveException.class, () -> bearer(service, "token-for-bob"));
        assertEquals(3, tokens.verifications.get());   // the refusal was not cached either
        assertEquals(0, service.cachedTokenCount());
    }

    @Test
    void aTokenThatFailedVerificationIsNeverCached() {
        FakeTokens tokens = new FakeTokens();
        AuthenticationService service = withTokens(tokens, Duration.ofSeconds(60));
        for (int i = 1; i <= 3; i++) {
            assertEquals(ErrorKind.UNAUTHORIZED, assertThrows(MangroveException.class, () -> bearer(service, "forged"))
                    .kind());
            assertEquals(i, tokens.verifications.get());
        }
        assertEquals(0, service.cachedTokenCount());
    }

    @Test
    void aZeroCacheTtlVerifiesEveryToken() {
        FakeTokens tokens = new FakeTokens();
        AuthenticationService service = withTokens(tokens, Duration.ZERO);
        for (int i = 1; i <= 3; i++) {
            assertEquals("bob", bearer(service, "token-for-bob").username());
            assertEquals(i, tokens.verifications.get());
        }
        assertEquals(0, service.cachedTokenCount());
    }

    @Test
    void theTokenCacheIsBounded() {
        FakeTokens tokens = new FakeTokens();
        AuthenticationService service = withTokens(tokens, Duration.ofSeconds(60));
        realm.everyoneReads = true;
        tokens.expiries.put("token-for-first", clock.instant().plusSeconds(30));   // expires first: evicted first
        bearer(service, "token-for-first");
        for (int i = 0; i < 10_500; i++) {
            bearer(service, "token-for-user" + i);
            clock.advance(Duration.ofMillis(1));
        }
        assertTrue(service.cachedTokenCount() <= 10_000, "cached: " + service.cachedTokenCount());
        assertTrue(service.cachedTokenCount() >= 9_000, "cached: " + service.cachedTokenCount());
        int before = tokens.verifications.get();
        bearer(service, "token-for-user10499");   // the newest is still cached
        assertEquals(before, tokens.verifications.get());
        bearer(service, "token-for-first");        // the earliest-expiring was evicted
        assertEquals(before + 1, tokens.verifications.get());
        clock.advance(Duration.ofSeconds(61));     // all expired: the next insert clears them out
        for (int i = 0; i < 10_000; i++) {
            bearer(service, "token-for-later" + i);
        }
        assertTrue(service.cachedTokenCount() <= 10_000, "cached: " + service.cachedTokenCount());
        before = tokens.verifications.get();
        bearer(service, "token-for-later0");
        assertEquals(before, tokens.verifications.get());
    }

    @Test
    void loginWithoutTokensIs501AndBearerIs401() {
        AuthenticationService service = service(AuthenticationPolicy.DEFAULT);
        service.saveUser("bob", "pw-bob", List.of("reader"));
        MangroveException login = assertThrows(MangroveException.class, () -> service.login(
                new Credentials.Password("bob", "pw-bob"), "10.0.0.1"));
        assertEquals(ErrorKind.NOT_IMPLEMENTED, login.kind());
        MangroveException bearer = assertThrows(MangroveException.class, () -> service.authenticate(
                new Credentials.Token("abc"), "10.0.0.1"));
        assertEquals(ErrorKind.UNAUTHORIZED, bearer.kind());
    }

    @Test
    void adminIsBootstrappedOnlyIntoAnEmptyRealm() {
        AuthenticationService service = service(AuthenticationPolicy.DEFAULT);
        ManageUsersUseCase.AdminBootstrap first = service.bootstrapAdmin("admin", "admin", Optional.empty());
        assertTrue(first.created());
        String generated = first.generatedPassword().orElseThrow();
        assertTrue(generated.length() >= 16);
        assertEquals(List.of("admin"), service.authenticate(new Credentials.Password("admin", generated), "a").roles());
        ManageUsersUseCase.AdminBootstrap second = service.bootstrapAdmin("admin", "admin", Optional.of("other"));
        assertFalse(second.created());
        assertFalse(second.toString().contains(generated));
    }

    @Test
    void adminFromAGivenPassword() {
        AuthenticationService service = service(AuthenticationPolicy.DEFAULT);
        ManageUsersUseCase.AdminBootstrap result = service.bootstrapAdmin("admin", "admin", Optional.of("given-pw"));
        assertTrue(result.created());
        assertTrue(result.generatedPassword().isEmpty());
        assertEquals("admin", service.authenticate(new Credentials.Password("admin", "given-pw"), "a").username());
    }

    @Test
    void emptyNamesAndPasswordsAreRefused() {
        AuthenticationService service = service(AuthenticationPolicy.DEFAULT);
        assertEquals(ErrorKind.BAD_REQUEST, assertThrows(MangroveException.class, () -> service.saveUser("", "pw", List.of()))
                .kind());
        assertEquals(ErrorKind.BAD_REQUEST, assertThrows(MangroveException.class, () -> service.saveUser("bob", "", List.of()))
                .kind());
        assertEquals(0, realm.count());
    }

    @Test
    void credentialsNeverShowThePassword() {
        assertFalse(new Credentials.Password("bob", "pw-secret").toString().contains("pw-secret"));
        assertFalse(new StoredUser("bob", "hash:xyz", List.of()).toString().contains("hash:xyz"));
    }

    /** A fast stand-in for bcrypt that counts checks. */
    static final class CountingHasher implements PasswordHasher {
        final AtomicInteger verifications = new AtomicInteger();

        @Override
        public String hash(String password) {
            return "hash:" + new StringBuilder(password).reverse();
        }

        @Override
        public boolean verify(String password, String hash) {
            verifications.incrementAndGet();
            return hash.equals(hash(password));
        }
    }

    static final class MapRealm implements UserRealm {
        private final Map<String, StoredUser> users = new HashMap<>();
        /** Whether every name not saved is a reader (for many token users). */
        boolean everyoneReads;

        @Override
        public Optional<StoredUser> find(String username) {
            StoredUser user = users.get(username);
            return user != null || !everyoneReads ? Optional.ofNullable(user)
                    : Optional.of(new StoredUser(username, "hash:x", List.of("reader")));
        }

        @Override
        public void save(StoredUser user) {
            users.put(user.username(), user);
        }

        @Override
        public long count() {
            return users.size();
        }
    }

    /** Tokens "token-for-USER", expiring at {@link #expiries} (default far away), counting verifications. */
    final class FakeTokens implements TokenService {
        final Map<String, Instant> expiries = new HashMap<>();
        final AtomicInteger verifications = new AtomicInteger();

        @Override
        public boolean canIssue() {
            return true;
        }

        @Override
        public SignedToken issue(Principal principal) {
            return new SignedToken("token-for-" + principal.username(), Duration.ofMinutes(15));
        }

        @Override
        public VerifiedToken verifyToken(String token) {
            verifications.incrementAndGet();
            Instant expires = expiries.getOrDefault(token, Instant.parse("2100-01-01T00:00:00Z"));
            if (!token.startsWith("token-for-") || !clock.instant().isBefore(expires)) {
                throw MangroveException.of(ErrorKind.UNAUTHORIZED, "invalid-token", "bad");
            }
            return new VerifiedToken(new Principal(token.substring("token-for-".length()), List.of("reader")), expires,
                    clock.instant());
        }
    }

    static final class MutableClock extends Clock {
        private Instant now = Instant.parse("2026-01-01T00:00:00Z");

        void advance(Duration d) {
            now = now.plus(d);
        }

        @Override
        public java.time.ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }
}
