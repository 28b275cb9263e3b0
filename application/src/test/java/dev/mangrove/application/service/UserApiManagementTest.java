package dev.mangrove.application.service;

import dev.mangrove.application.port.in.Credentials;
import dev.mangrove.application.port.in.ManageUsersUseCase;
import dev.mangrove.application.port.in.ManageUsersUseCase.UserChange;
import dev.mangrove.domain.error.ErrorKind;
import dev.mangrove.domain.error.MangroveException;
import dev.mangrove.domain.security.Principal;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The use cases behind {@code /_users}: create, find, change and rename users, bad input changing nothing. */
class UserApiManagementTest {
    private final AuthenticationServiceTest.MutableClock clock = new AuthenticationServiceTest.MutableClock();
    private final CredentialsCacheStampedeTest.CountingRealm realm = new CredentialsCacheStampedeTest.CountingRealm();
    private final AuthenticationService service = new AuthenticationService(realm,
            new AuthenticationServiceTest.CountingHasher(), Optional.empty(), AuthenticationPolicy.DEFAULT, clock);

    @Test
    void createsAUserOnceAndRefusesTheSameNameWith409() {
        ManageUsersUseCase.UserSummary created = service.createUser("carol", "carol-secret", List.of("reader"));
        assertEquals(new ManageUsersUseCase.UserSummary("carol", List.of("reader"), false, clock.instant()), created);
        assertEquals(Optional.of(created), service.findUser("carol"));
        assertEquals("carol", login("carol", "carol-secret").username());
        clock.advance(Duration.ofSeconds(5));
        assertEquals(ErrorKind.CONFLICT, failure(() -> service.createUser("carol", "other-secret", List.of())));
        assertEquals("carol", login("carol", "carol-secret").username());
        assertEquals(created.created(), service.findUser("carol").orElseThrow().created());
    }

    @Test
    void badInputIsA400AndChangesNothing() {
        assertEquals(ErrorKind.BAD_REQUEST, failure(() -> service.createUser("dave", "short", List.of())));
        assertEquals(ErrorKind.BAD_REQUEST, failure(() -> service.createUser("dave", "", List.of())));
        assertEquals(ErrorKind.BAD_REQUEST, failure(() -> service.createUser("", "long-enough", List.of())));
        assertEquals(ErrorKind.BAD_REQUEST, failure(() -> service.createUser("da:ve", "long-enough", List.of())));
        // no user can pass for an API key's principal (key:<name>), not even one made by createuser
        assertEquals(ErrorKind.BAD_REQUEST, failure(() -> service.saveUser("key:ingest", "long-enough", List.of())));
        assertEquals(ErrorKind.BAD_REQUEST, failure(() -> service.createUser("dave", "long-enough", List.of(" "))));
        assertTrue(realm.users.isEmpty());
        service.createUser("dave", "dave-secret", List.of("reader"));
        assertEquals(ErrorKind.BAD_REQUEST, failure(() -> service.updateUser("dave",
                new UserChange("short", List.of("admin"), null, null))));
        assertEquals(ErrorKind.BAD_REQUEST, failure(() -> service.updateUser("dave", new UserChange(null, null, null, null))));
        assertEquals(List.of("reader"), service.findUser("dave").orElseThrow().roles());
        assertEquals(ErrorKind.NOT_FOUND, failure(() -> service.updateUser("nobody",
                new UserChange(null, null, true, null))));
    }

    @Test
    void changesRolesPasswordAndDisabledTogether() {
        service.createUser("erin", "erin-secret", List.of("reader"));
        assertEquals(List.of("reader"), login("erin", "erin-secret").roles());
        clock.advance(Duration.ofSeconds(2));
        ManageUsersUseCase.UserSummary changed = service.updateUser("erin",
                new UserChange("erin-new-secret", List.of("writer"), null, null));
        assertEquals(List.of("writer"), changed.roles());
        assertEquals(ErrorKind.UNAUTHORIZED, failure(() -> login("erin", "erin-secret")));
        assertEquals(List.of("writer"), login("erin", "erin-new-secret").roles());
        service.updateUser("erin", new UserChange(null, null, true, null));
        assertTrue(service.findUser("erin").orElseThrow().disabled());
        assertEquals(ErrorKind.UNAUTHORIZED, failure(() -> login("erin", "erin-new-secret")));
    }

    @Test
    void aRenameMovesTheUserAndTheOldNameStopsWorking() {
        service.createUser("frank", "frank-secret", List.of("reader"));
        service.createUser("gina", "gina-secret", List.of("reader"));
        login("frank", "frank-secret");
        assertEquals(ErrorKind.CONFLICT, failure(() -> service.updateUser("frank",
                new UserChange(null, null, null, "gina"))));
        assertTrue(service.findUser("frank").isPresent());
        ManageUsersUseCase.UserSummary renamed = service.updateUser("frank", new UserChange(null, null, null, "frankie"));
        assertEquals("frankie", renamed.username());
        assertFalse(service.findUser("frank").isPresent());
        assertEquals(ErrorKind.UNAUTHORIZED, failure(() -> login("frank", "frank-secret")));
        assertEquals("frankie", login("frankie", "frank-secret").username());
    }

    @Test
    void aReadOnlyRealmRefusesCreationAndChangesWith501() {
        CredentialsCacheStampedeTest.CountingRealm fileLike = new CredentialsCacheStampedeTest.CountingRealm() {
            @Override
            public boolean writable() {
                return false;
            }
        };
        fileLike.save(new dev.mangrove.application.port.out.StoredUser("hank", "hash:terces-knah", List.of("reader")));
        AuthenticationService readOnly = new AuthenticationService(fileLike,
                new AuthenticationServiceTest.CountingHasher(), Optional.empty(), AuthenticationPolicy.DEFAULT, clock);
        assertEquals(ErrorKind.NOT_IMPLEMENTED, failure(() -> readOnly.createUser("ivy", "ivy-secret", List.of())));
        assertEquals(ErrorKind.NOT_IMPLEMENTED, failure(() -> readOnly.updateUser("hank",
                new UserChange(null, List.of("admin"), null, null))));
        assertEquals(List.of("reader"), readOnly.findUser("hank").orElseThrow().roles());
        assertEquals(1, fileLike.users.size());
    }

    private Principal login(String user, String password) {
        return service.authenticate(new Credentials.Password(user, password), "10.0.0.1");
    }

    private static ErrorKind failure(Runnable action) {
        return assertThrows(MangroveException.class, action::run).kind();
    }
}
