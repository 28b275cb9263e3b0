package dev.mangrove.adapter.security;

import dev.mangrove.domain.error.MangroveException;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class BcryptAndFileRealmTest {
    private final BcryptPasswordHasher hasher = new BcryptPasswordHasher(4);

    @Test
    void bcryptHashesAreSaltedAndVerify() {
        String a = hasher.hash("correct horse");
        String b = hasher.hash("correct horse");
        assertTrue(a.startsWith("$2a$04$"));
        assertFalse(a.equals(b), "salted");
        assertTrue(hasher.verify("correct horse", a));
        assertFalse(hasher.verify("correct horsf", a));
    }

    @Test
    void unknownOrMalformedHashesFailQuietly() {
        assertFalse(hasher.verify("pw", "pw"));
        assertFalse(hasher.verify("pw", "$2a$10$tooShort"));
        assertFalse(hasher.verify("pw", null));
    }

    @Test
    void fileRealmAcceptsBcryptAndPlainPasswords() {
        String hash = new BcryptPasswordHasher(4).hash("bob-pw");
        FileUserRealm realm = FileUserRealm.create(List.of(
                new FileUserRealm.Entry("bob", "{bcrypt}" + hash, List.of("reader")),
                new FileUserRealm.Entry("dev", "dev-pw", List.of("admin"))), hasher);
        assertEquals(2, realm.count());
        assertEquals(List.of("dev"), realm.plainPasswordUsers());
        assertTrue(hasher.verify("bob-pw", realm.find("bob").orElseThrow().passwordHash()));
        assertTrue(hasher.verify("dev-pw", realm.find("dev").orElseThrow().passwordHash()));
        assertFalse(realm.find("dev").orElseThrow().passwordHash().contains("dev-pw"));
        assertFalse(realm.writable());
        assertThrows(MangroveException.class, () -> realm.save(realm.find("bob").orElseThrow()));
    }

    @Test
    void fileRealmRefusesBadEntriesWithoutShowingThePassword() {
        IllegalArgumentException bad = assertThrows(IllegalArgumentException.class, () -> FileUserRealm.create(
                List.of(new FileUserRealm.Entry("bob", "{bcrypt}not-a-hash-secret", List.of())), hasher));
        assertTrue(bad.getMessage().startsWith("0.password"));
        assertFalse(bad.getMessage().contains("not-a-hash-secret"));
        assertThrows(IllegalArgumentException.class, () -> FileUserRealm.create(List.of(
                new FileUserRealm.Entry("bob", "a", List.of()), new FileUserRealm.Entry("bob", "b", List.of())), hasher));
    }
}
