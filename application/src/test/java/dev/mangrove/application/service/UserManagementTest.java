package dev.mangrove.application.service;

import dev.mangrove.application.port.in.Credentials;
import dev.mangrove.application.port.in.ManageUsersUseCase;
import dev.mangrove.application.port.out.StoredUser;
import dev.mangrove.domain.error.ErrorKind;
import dev.mangrove.domain.error.MangroveException;
import dev.mangrove.domain.security.Principal;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Changing, disabling, deleting and listing users (issue 21 item 5), audited without passwords. */
class UserManagementTest {
    private final AuthenticationServiceTest.MutableClock clock = new AuthenticationServiceTest.MutableClock();
    private final CredentialsCacheStampedeTest.CountingRealm realm = new CredentialsCacheStampedeTest.CountingRealm();
    private final AuthenticationService service = new AuthenticationService(realm,
            new AuthenticationServiceTest.CountingHasher(), Optional.empty(), AuthenticationPolicy.DEFAULT, clock);
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

    private Principal login(String user, String password) {
        return service.authenticate(new Credentials.Password(user, password), "10.0.0.1");
    }

    private static ErrorKind failure(Runnable call) {
        return assertThrows(MangroveException.class, call::run).kind();
    }

    @Test
    void passwdKeepsRolesRefusesTheOldPasswordAtOnceAndEarlierTokens() {
        service.saveUser("bob", "old-pw", List.of("reader"));
        login("bob", "old-pw");   // remembered
        clock.advance(Duration.ofSeconds(5));
        service.changePassword("bob", "new-pw");
        assertEquals(ErrorKind.UNAUTHORIZED, failure(() -> login("bob", "old-pw")));
        assertEquals(new Principal("bob", List.of("reader")), login("bob", "new-pw"));
        StoredUser stored = realm.users.get("bob");
        assertEquals(clock.instant(), stored.tokensValidAfter());
        assertFalse(stored.disabled());
        assertEquals(ErrorKind.NOT_FOUND, failure(() -> service.changePassword("nobody", "x")));
        assertEquals(ErrorKind.BAD_REQUEST, failure(() -> service.changePassword("bob", "")));
        assertTrue(audit.stream().anyMatch(m -> m.contains("'bob'") && m.contains("password changed")), audit.toString());
        assertTrue(audit.stream().noneMatch(m -> m.contains("new-pw") || m.contains("hash:")), audit.toString());
    }

    @Test
    void disableRefusesARememberedPasswordAtOnceAndEnableLetsItBackIn() {
        service.saveUser("bob", "pw-bob", List.of("reader"));
        login("bob", "pw-bob");
        clock.advance(Duration.ofSeconds(5));
        service.setDisabled("bob", true);
        assertTrue(realm.users.get("bob").disabled());
        assertEquals(clock.instant(), realm.users.get("bob").tokensValidAfter());
        assertEquals(ErrorKind.UNAUTHORIZED, failure(() -> login("bob", "pw-bob")));
        service.setDisabled("bob", false);
        assertEquals("bob", login("bob", "pw-bob").username());
        assertEquals(ErrorKind.NOT_FOUND, failure(() -> service.setDisabled("nobody", true)));
        assertTrue(audit.contains("User 'bob' disabled (earlier tokens refused)"), audit.toString());
        assertTrue(audit.contains("User 'bob' enabled (earlier tokens refused)"), audit.toString());
    }

    @Test
    void deleteRefusesARememberedPasswordAtOnceAndListShowsNoHash() {
        service.saveUser("bob", "pw-bob", List.of("reader"));
        service.saveUser("amy", "pw-amy", List.of("admin", "reader"));
        service.setDisabled("amy", true);
        assertEquals(List.of(new ManageUsersUseCase.UserSummary("amy", List.of("admin", "reader"), true),
                new ManageUsersUseCase.UserSummary("bob", List.of("reader"), false)), service.listUsers().stream()
                .map(u -> new ManageUsersUseCase.UserSummary(u.username(), u.roles(), u.disabled())).toList());
        assertTrue(service.listUsers().stream().allMatch(u -> u.created().equals(clock.instant())),
                service.listUsers().toString());
        assertFalse(service.listUsers().toString().contains("hash:"));
        login("bob", "pw-bob");
        service.deleteUser("bob");
        assertEquals(ErrorKind.UNAUTHORIZED, failure(() -> login("bob", "pw-bob")));
        assertEquals(List.of("amy"), service.listUsers().stream().map(ManageUsersUseCase.UserSummary::username).toList());
        assertEquals(ErrorKind.NOT_FOUND, failure(() -> service.deleteUser("bob")));
        assertTrue(audit.contains("User 'bob' deleted"), audit.toString());
    }

    @Test
    void aReadOnlyRealmRefusesChangesWith501() {
        AuthenticationService readOnly = new AuthenticationService(new CredentialsCacheStampedeTest.CountingRealm() {
            @Override
            public boolean writable() {
                return false;
            }
        }, new AuthenticationServiceTest.CountingHasher(), Optional.empty(), AuthenticationPolicy.DEFAULT, clock);
        assertEquals(ErrorKind.NOT_IMPLEMENTED, failure(() -> readOnly.deleteUser("bob")));
        assertEquals(ErrorKind.NOT_IMPLEMENTED, failure(() -> readOnly.setDisabled("bob", true)));
        assertEquals(ErrorKind.NOT_IMPLEMENTED, failure(() -> readOnly.changePassword("bob", "x")));
    }
}
