package dev.mangrove.application.service;

import dev.mangrove.application.port.in.Credentials;
import dev.mangrove.application.port.in.ManageApiKeysUseCase;
import dev.mangrove.application.port.in.ManageUsersUseCase;
import dev.mangrove.application.port.out.ApiKeyStore;
import dev.mangrove.application.port.out.StoredApiKey;
import dev.mangrove.domain.error.ErrorKind;
import dev.mangrove.domain.error.MangroveException;
import dev.mangrove.domain.security.Principal;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** API keys: created once, stored as a digest, authenticating as {@code key:<name>}, revoked within the interval. */
class ApiKeyAuthenticationTest {
    private final AuthenticationServiceTest.MutableClock clock = new AuthenticationServiceTest.MutableClock();
    private final MapKeyStore store = new MapKeyStore();
    private final AuthenticationService service = new AuthenticationService(
            new CredentialsCacheStampedeTest.CountingRealm(), new AuthenticationServiceTest.CountingHasher(),
            Optional.empty(), AuthenticationPolicy.DEFAULT, new InMemoryFailureCounters(), Optional.of(store), clock);
    private final List<String> audit = new CopyOnWriteArrayList<>();
    private final Logger auditLogger = Logger.getLogger(ManageUsersUseCase.AUDIT_LOGGER);
    private final Handler handler = new Handler() {
        @Override
        public void publish(LogRecord record) {
            audit.add(record.getMessage());
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    };

    @BeforeEach
    void listen() {
        auditLogger.setLevel(Level.INFO);
        auditLogger.addHandler(handler);
    }

    @AfterEach
    void stopListening() {
        auditLogger.removeHandler(handler);
    }

    @Test
    void aCreatedKeyAuthenticatesWithItsRolesAndIsStoredOnlyAsADigest() {
        ManageApiKeysUseCase.CreatedKey created = service.createKey("ingest", List.of("writer", "reader"));
        assertTrue(created.key().length() >= 40, created.key());
        assertFalse(created.toString().contains(created.key()));
        StoredApiKey stored = store.keys.get("ingest");
        assertNotEquals(created.key(), stored.hash());
        assertFalse(stored.hash().contains(created.key()));
        assertEquals(AuthenticationService.keyHash(created.key()), stored.hash());
        Principal principal = key(created.key());
        assertEquals("key:ingest", principal.username());
        assertEquals(List.of("writer", "reader"), principal.roles());
        assertTrue(audit.stream().anyMatch(line -> line.contains("API key 'ingest' created")), audit.toString());
        assertTrue(audit.stream().noneMatch(line -> line.contains(created.key())), audit.toString());
        assertEquals(ErrorKind.CONFLICT, failure(() -> service.createKey("ingest", List.of())));
        assertEquals(ErrorKind.BAD_REQUEST, failure(() -> service.createKey("bad name", List.of())));
        assertEquals(ErrorKind.BAD_REQUEST, failure(() -> service.createKey("ok", List.of(""))));
    }

    @Test
    void aValidKeyIsReadAgainOnlyAfterTheUserCheckIntervalAndItsLastUseIsRecorded() {
        String key = service.createKey("ingest", List.of("reader")).key();
        key(key);
        int reads = store.reads.get();
        key(key);
        key(key);
        assertEquals(reads, store.reads.get());
        clock.advance(AuthenticationPolicy.DEFAULT.userCheckInterval().plusMillis(1));
        key(key);
        assertEquals(reads + 1, store.reads.get());
        assertEquals(Optional.of(store.keys.get("ingest").lastUsed()),
                service.listKeys().get(0).lastUsed());
        assertFalse(service.listKeys().toString().contains(key));
    }

    @Test
    void aDeletedKeyIsRefusedAtOnceHereAndWithinTheIntervalElsewhere() {
        String key = service.createKey("ingest", List.of("reader")).key();
        AuthenticationService other = new AuthenticationService(new CredentialsCacheStampedeTest.CountingRealm(),
                new AuthenticationServiceTest.CountingHasher(), Optional.empty(), AuthenticationPolicy.DEFAULT,
                new InMemoryFailureCounters(), Optional.of(store), clock);
        key(key);
        other.authenticate(new Credentials.ApiKey(key), "10.0.0.2");
        service.deleteKey("ingest");
        assertEquals(ErrorKind.UNAUTHORIZED, failure(() -> key(key)));
        clock.advance(AuthenticationPolicy.DEFAULT.userCheckInterval().plusMillis(1));
        assertEquals(ErrorKind.UNAUTHORIZED, failure(() -> other.authenticate(new Credentials.ApiKey(key), "10.0.0.2")));
        assertEquals(ErrorKind.NOT_FOUND, failure(() -> service.deleteKey("ingest")));
        assertTrue(audit.stream().anyMatch(line -> line.contains("API key 'ingest' deleted")), audit.toString());
    }

    @Test
    void wrongKeysMeetTheBruteForceGuardPerAddressOnly() {
        String key = service.createKey("ingest", List.of("reader")).key();
        MangroveException wrong = assertThrows(MangroveException.class,
                () -> service.authenticate(new Credentials.ApiKey("mgk_wrong"), "10.0.0.9"));
        assertEquals("invalid-api-key", wrong.code());
        for (int i = 1; i < AuthenticationPolicy.DEFAULT.maxFailures(); i++) {
            assertEquals(ErrorKind.UNAUTHORIZED, failure(() ->
                    service.authenticate(new Credentials.ApiKey("mgk_wrong"), "10.0.0.9")));
        }
        MangroveException limited = assertThrows(MangroveException.class,
                () -> service.authenticate(new Credentials.ApiKey("mgk_wrong-again"), "10.0.0.9"));
        assertEquals(ErrorKind.TOO_MANY_REQUESTS, limited.kind());
        // another address, with the right key, is not slowed down
        assertEquals("key:ingest", service.authenticate(new Credentials.ApiKey(key), "10.0.0.10").username());
        clock.advance(AuthenticationPolicy.DEFAULT.failureWindow().plus(Duration.ofSeconds(1)));
        assertEquals("key:ingest", service.authenticate(new Credentials.ApiKey(key), "10.0.0.9").username());
    }

    @Test
    void withoutAKeyStoreKeysAreRefused() {
        AuthenticationService none = new AuthenticationService(new CredentialsCacheStampedeTest.CountingRealm(),
                new AuthenticationServiceTest.CountingHasher(), Optional.empty(), AuthenticationPolicy.DEFAULT, clock);
        assertEquals(ErrorKind.UNAUTHORIZED, failure(() -> none.authenticate(new Credentials.ApiKey("x"), "1.2.3.4")));
        assertEquals(ErrorKind.NOT_IMPLEMENTED, failure(() -> none.createKey("k", List.of())));
    }

    private Principal key(String key) {
        return service.authenticate(new Credentials.ApiKey(key), "10.0.0.1");
    }

    private static ErrorKind failure(Runnable action) {
        return assertThrows(MangroveException.class, action::run).kind();
    }

    /** Keys in a map, counting lookups. */
    static final class MapKeyStore implements ApiKeyStore {
        final Map<String, StoredApiKey> keys = new ConcurrentHashMap<>();
        final AtomicInteger reads = new AtomicInteger();

        @Override
        public boolean create(StoredApiKey key) {
            return keys.putIfAbsent(key.name(), key) == null;
        }

        @Override
        public Optional<StoredApiKey> findByHash(String hash) {
            reads.incrementAndGet();
            return keys.values().stream().filter(k -> k.hash().equals(hash)).findFirst();
        }

        @Override
        public List<StoredApiKey> list() {
            return keys.values().stream().sorted(Comparator.comparing(StoredApiKey::name)).toList();
        }

        @Override
        public boolean delete(String name) {
            return keys.remove(name) != null;
        }

        @Override
        public void touch(String name, Instant when) {
            keys.computeIfPresent(name, (n, k) -> new StoredApiKey(n, k.hash(), k.roles(), k.created(), when));
        }
    }
}
