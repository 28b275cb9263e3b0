package dev.mangrove.application.service;

import dev.mangrove.application.port.in.Credentials;
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

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The credentials cache under concurrency (issue 18 item 1): when a remembered answer expires, the
 * requests in flight with those credentials must not each run a realm look-up and bcrypt.
 */
class CredentialsCacheStampedeTest {
    private static final int THREADS = 32;
    private static final Duration TTL = Duration.ofSeconds(60);

    private final AuthenticationServiceTest.MutableClock clock = new AuthenticationServiceTest.MutableClock();
    private final GatedHasher hasher = new GatedHasher();
    private final CountingRealm realm = new CountingRealm();

    private AuthenticationService service(Optional<TokenService> tokens) {
        // users re-read at most every 5 s, as a server does with a longer check interval
        return new AuthenticationService(realm, hasher, tokens, new AuthenticationPolicy(TTL, 10,
                Duration.ofMinutes(1), Duration.ofSeconds(5), 100, Duration.ofMinutes(1), Duration.ofMinutes(15)),
                clock);
    }

    @Test
    void concurrentRequestsAfterExpiryRunOneVerification() throws Exception {
        AuthenticationService service = service(Optional.empty());
        service.saveUser("bob", "pw-bob", List.of("reader"));
        Credentials.Password bob = new Credentials.Password("bob", "pw-bob");
        service.authenticate(bob, "10.0.0.1");
        clock.advance(TTL.plusSeconds(1));
        hasher.verifications.set(0);
        realm.finds.set(0);
        hasher.gate = new CountDownLatch(1);

        List<Object> results = concurrently(() -> service.authenticate(bob, "10.0.0.1"), hasher);

        assertEquals(THREADS, results.size());
        results.forEach(r -> assertEquals(new Principal("bob", List.of("reader")), r));
        assertEquals(1, hasher.verifications.get(), "one bcrypt for " + THREADS + " requests after expiry");
        assertEquals(1, realm.finds.get(), "one realm look-up for " + THREADS + " requests after expiry");
    }

    @Test
    void concurrentWrongPasswordsShareOneFailedCheck() throws Exception {
        AuthenticationService service = service(Optional.empty());
        service.saveUser("bob", "pw-bob", List.of("reader"));
        hasher.gate = new CountDownLatch(1);

        List<Object> results = concurrently(() -> service.authenticate(new Credentials.Password("bob", "guess"),
                "10.0.0.9"), hasher);

        results.forEach(r -> assertEquals(ErrorKind.UNAUTHORIZED, ((MangroveException) r).kind()));
        assertEquals(1, hasher.verifications.get(), "one check of the same wrong password for " + THREADS);
        // nothing was remembered: the right password is still checked, and works
        int before = hasher.verifications.get();
        assertEquals("bob", service.authenticate(new Credentials.Password("bob", "pw-bob"), "10.0.0.1").username());
        assertEquals(before + 1, hasher.verifications.get());
    }

    @Test
    void aHitInTheLastQuarterRefreshesOnceAndTheEntryLivesOn() throws Exception {
        AuthenticationService service = service(Optional.empty());
        service.saveUser("bob", "pw-bob", List.of("reader"));
        Credentials.Password bob = new Credentials.Password("bob", "pw-bob");
        service.authenticate(bob, "10.0.0.1");
        clock.advance(Duration.ofSeconds(44));
        service.authenticate(bob, "10.0.0.1");
        assertEquals(1, hasher.verifications.get(), "no refresh before the last quarter");

        clock.advance(Duration.ofSeconds(2));   // 46 s of 60: in the last quarter
        hasher.gate = new CountDownLatch(1);
        List<Object> results = concurrently(() -> service.authenticate(bob, "10.0.0.1"), hasher);
        results.forEach(r -> assertEquals("bob", ((Principal) r).username()));
        assertEquals(2, hasher.verifications.get(), "exactly one refresh among " + THREADS + " hits");

        clock.advance(Duration.ofSeconds(20));  // past the first entry's expiry: the refreshed one answers
        hasher.gate = null;
        service.authenticate(bob, "10.0.0.1");
        assertEquals(2, hasher.verifications.get());
    }

    @Test
    void aRefreshThatFindsThePasswordChangedRefusesIt() {
        AuthenticationService service = service(Optional.empty());
        service.saveUser("bob", "pw-bob", List.of("reader"));
        Credentials.Password bob = new Credentials.Password("bob", "pw-bob");
        service.authenticate(bob, "10.0.0.1");
        realm.save(new StoredUser("bob", hasher.hash("other"), List.of("reader"), false, clock.instant()));
        clock.advance(Duration.ofSeconds(50));
        MangroveException e = org.junit.jupiter.api.Assertions.assertThrows(MangroveException.class,
                () -> service.authenticate(bob, "10.0.0.1"));
        assertEquals(ErrorKind.UNAUTHORIZED, e.kind());
    }

    @Test
    void aRefreshThatMeetsABackendFailureKeepsTheRememberedAnswer() {
        java.util.concurrent.atomic.AtomicBoolean down = new java.util.concurrent.atomic.AtomicBoolean();
        CountingRealm flaky = new CountingRealm() {
            @Override
            public Optional<StoredUser> find(String username) {
                if (down.get()) {
                    throw MangroveException.of(ErrorKind.UNAVAILABLE, "backend-unavailable", "down");
                }
                return super.find(username);
            }
        };
        AuthenticationService service = new AuthenticationService(flaky, hasher, Optional.empty(),
                new AuthenticationPolicy(TTL, 10, Duration.ofMinutes(1), Duration.ofSeconds(60), 100,
                        Duration.ofMinutes(1), Duration.ofMinutes(15)), clock);
        service.saveUser("bob", "pw-bob", List.of("reader"));
        Credentials.Password bob = new Credentials.Password("bob", "pw-bob");
        service.authenticate(bob, "10.0.0.1");
        clock.advance(Duration.ofSeconds(50));   // in the refresh window; the user's last read still trusted
        down.set(true);
        assertEquals("bob", service.authenticate(bob, "10.0.0.1").username());
        down.set(false);
        service.authenticate(bob, "10.0.0.1");   // the refresh is tried again, and succeeds
        assertEquals(2, hasher.verifications.get());
        clock.advance(Duration.ofSeconds(30));   // past the first entry's expiry: the refreshed one answers
        service.authenticate(bob, "10.0.0.1");
        assertEquals(2, hasher.verifications.get());
    }

    @Test
    void concurrentBearerRequestsAfterExpiryRunOneTokenVerification() throws Exception {
        GatedTokens tokens = new GatedTokens();
        AuthenticationService service = service(Optional.of(tokens));
        service.saveUser("bob", "pw-bob", List.of("reader"));
        service.authenticate(new Credentials.Token("token-for-bob"), "10.0.0.1");
        clock.advance(TTL.plusSeconds(1));
        tokens.verifications.set(0);
        tokens.gate = new CountDownLatch(1);

        List<Object> results = concurrently(() -> service.authenticate(new Credentials.Token("token-for-bob"),
                "10.0.0.1"), tokens);

        results.forEach(r -> assertEquals(new Principal("bob", List.of("reader")), r));
        assertEquals(1, tokens.verifications.get(), "one token verification for " + THREADS + " requests");

        // refresh ahead: one of many hits in the last quarter verifies again
        clock.advance(Duration.ofSeconds(50));
        tokens.gate = new CountDownLatch(1);
        concurrently(() -> service.authenticate(new Credentials.Token("token-for-bob"), "10.0.0.1"), tokens);
        assertEquals(2, tokens.verifications.get());
    }

    /** Something that can hold its callers until the test opens the gate. */
    interface Gated {
        CountDownLatch gate();
    }

    /**
     * Runs {@code call} on {@link #THREADS} threads at once; opens the gate only when every thread is
     * waiting (in the gate or on another's verification), so all requests overlap the first check.
     * Returns each thread's result or exception.
     */
    private static List<Object> concurrently(Supplier<Object> call, Gated gated) throws Exception {
        List<Object> results = new CopyOnWriteArrayList<>();
        CountDownLatch ready = new CountDownLatch(THREADS);
        CountDownLatch go = new CountDownLatch(1);
        AtomicInteger entered = new AtomicInteger();
        List<Thread> threads = new ArrayList<>();
        for (int i = 0; i < THREADS; i++) {
            Thread thread = new Thread(() -> {
                ready.countDown();
                try {
                    go.await();
                    entered.incrementAndGet();
                    results.add(call.get());
                } catch (RuntimeException e) {
                    results.add(e);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
            thread.start();
            threads.add(thread);
        }
        assertTrue(ready.await(30, TimeUnit.SECONDS));
        go.countDown();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (System.nanoTime() < deadline && entered.get() < THREADS) {
            Thread.onSpinWait();
        }
        while (System.nanoTime() < deadline && !threads.stream().allMatch(t -> !t.isAlive()
                || t.getState() == Thread.State.WAITING || t.getState() == Thread.State.TIMED_WAITING)) {
            Thread.onSpinWait();
        }
        CountDownLatch gate = gated.gate();
        if (gate != null) {
            gate.countDown();
        }
        for (Thread thread : threads) {
            thread.join(TimeUnit.SECONDS.toMillis(30));
        }
        assertEquals(THREADS, results.size(), "every request answered");
        return results;
    }

    /** A stand-in for bcrypt that counts checks and holds them until the gate opens. */
    static final class GatedHasher implements PasswordHasher, Gated {
        final AtomicInteger verifications = new AtomicInteger();
        volatile CountDownLatch gate;

        @Override
        public CountDownLatch gate() {
            return gate;
        }

        @Override
        public String hash(String password) {
            return "hash:" + new StringBuilder(password).reverse();
        }

        @Override
        public boolean verify(String password, String hash) {
            verifications.incrementAndGet();
            await(gate);
            return hash.equals(hash(password));
        }
    }

    static class CountingRealm implements UserRealm {
        final Map<String, StoredUser> users = new ConcurrentHashMap<>();
        final AtomicInteger finds = new AtomicInteger();

        @Override
        public Optional<StoredUser> find(String username) {
            finds.incrementAndGet();
            return Optional.ofNullable(users.get(username));
        }

        @Override
        public void save(StoredUser user) {
            users.put(user.username(), user);
        }

        @Override
        public boolean delete(String username) {
            return users.remove(username) != null;
        }

        @Override
        public List<StoredUser> list() {
            return users.values().stream().sorted(java.util.Comparator.comparing(StoredUser::username)).toList();
        }

        @Override
        public long count() {
            return users.size();
        }
    }

    /** Tokens "token-for-USER" (valid for a day), counting verifications held until the gate opens. */
    final class GatedTokens implements TokenService, Gated {
        final AtomicInteger verifications = new AtomicInteger();
        volatile CountDownLatch gate;

        @Override
        public CountDownLatch gate() {
            return gate;
        }

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
            await(gate);
            return new VerifiedToken(new Principal(token.substring("token-for-".length()), List.of("reader")),
                    Instant.parse("2100-01-01T00:00:00Z"), Instant.parse("2026-01-01T00:00:00Z"));
        }
    }

    private static void await(CountDownLatch gate) {
        if (gate == null) {
            return;
        }
        try {
            if (!gate.await(30, TimeUnit.SECONDS)) {
                throw new IllegalStateException("the test never opened the gate");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
