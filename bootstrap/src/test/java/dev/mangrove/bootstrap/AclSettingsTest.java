package dev.mangrove.bootstrap;

import dev.mangrove.domain.resource.Namespace;
import dev.mangrove.domain.resource.Verb;
import dev.mangrove.domain.security.AclFlag;
import dev.mangrove.domain.security.Permission;
import io.helidon.config.Config;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class AclSettingsTest {
    @TempDir
    Path dir;

    private Config yaml(String text) throws IOException {
        Path file = dir.resolve("mangrove.yaml");
        Files.writeString(file, text);
        return ConfigLoader.load(Optional.of(file), dir, Map.of(), Map.of());
    }

    /** As the composition root reads them: the users namespace from the security settings. */
    private static AclSettings read(Config config) {
        return AclSettings.read(config, SecuritySettings.read(config).usersNamespace());
    }

    @Test
    void defaults() throws IOException {
        AclSettings settings = read(yaml("server:\n  port: 0\n"));
        assertEquals(List.of(), settings.permissions());
        assertEquals("admin", settings.rootRole());
        assertEquals(Namespace.of("mangrove", "mangrove_users"), settings.users());
        assertEquals(Namespace.of("mangrove", "mangrove_acl"), settings.aclCollection());
        assertEquals(Duration.ofSeconds(1), settings.refresh());
    }

    @Test
    void theSpecExampleReadsWithTypedFilters() throws IOException {
        AclSettings settings = read(yaml("""
                mangrove:
                  security:
                    root-role: root
                    users-db: auth
                    users-collection: people
                    acl-collection: rules
                    acl-refresh: 2s
                    acl:
                      - {roles: [reader], methods: [GET], path: "/shop/**"}
                      - roles: [author]
                        path: "/blog/posts/**"
                        priority: -2
                        mongo:
                          readFilter:   {"$or": [{"published": true}, {"author": "@user.username"}]}
                          writeFilter:  {"author": "@user.username", "rank": {"$lte": 3}, "score": {"$gt": 1.5}}
                          mergeRequest: {"author": "@user.username"}
                          projectResponse: {"internalNotes": 0}
                          allowBulkPatch: true
                      - {roles: ["$unauthenticated"], methods: [GET], path: "/public/**"}
                      - roles: [exact]
                        path: /exact/**
                        mongo:
                          readFilter: '{"code": "42", "since": {"$gte": {"$date": "2026-01-01T00:00:00Z"}}}'
                """));
        assertEquals("root", settings.rootRole());
        assertEquals(Namespace.of("auth", "people"), settings.users());
        assertEquals(Namespace.of("auth", "rules"), settings.aclCollection());
        assertEquals(Duration.ofSeconds(2), settings.refresh());
        List<Permission> acl = settings.permissions();
        assertEquals(4, acl.size());
        assertEquals(Set.of(Verb.GET), acl.get(0).methods());
        assertEquals("mangrove.security.acl.0", acl.get(0).origin());
        Permission author = acl.get(1);
        assertEquals(-2, author.priority());
        assertEquals(List.of(Map.of("published", true), Map.of("author", "@user.username")),
                author.readFilter().get("$or"));
        assertEquals(Map.of("$lte", 3), author.writeFilter().get("rank"));
        assertEquals(Map.of("$gt", 1.5), author.writeFilter().get("score"));
        assertEquals(Map.of("internalNotes", 0), author.projectResponse());
        assertEquals(Set.of(AclFlag.BULK_PATCH), author.flags());
        assertEquals(Set.of("$unauthenticated"), acl.get(2).roles());
        Permission exact = acl.get(3);
        assertEquals("42", exact.readFilter().get("code"), "a JSON string keeps the exact types");
        assertEquals(Map.of("$gte", Instant.parse("2026-01-01T00:00:00Z")), exact.readFilter().get("since"));
    }

    @Test
    void theAclCollectionLivesInTheUsersDatabaseItIsGiven() throws IOException {
        AclSettings settings = AclSettings.read(yaml("mangrove:\n  security:\n    users-db: ignored\n"),
                Namespace.of("auth", "people"));
        assertEquals(Namespace.of("auth", "people"), settings.users());
        assertEquals(Namespace.of("auth", "mangrove_acl"), settings.aclCollection());
    }

    @Test
    void badValuesNameTheKey() throws IOException {
        assertBad("mangrove:\n  security:\n    acl: nope\n", "mangrove.security.acl", "list");
        assertBad("mangrove:\n  security:\n    acl:\n      - just-a-string\n", "mangrove.security.acl.0", "permission");
        assertBad("mangrove:\n  security:\n    acl:\n      - {roles: [r]}\n", "mangrove.security.acl.0.path", "required");
        assertBad("mangrove:\n  security:\n    acl:\n      - {roles: [r], path: /x}\n      - {path: /y}\n",
                "mangrove.security.acl.1.roles", "role");
        assertBad("mangrove:\n  security:\n    acl:\n      - {roles: [r], path: /x, methods: [FETCH]}\n",
                "mangrove.security.acl.0.methods", "FETCH");
        assertBad("mangrove:\n  security:\n    acl:\n      - {roles: [r], path: /x, priority: high}\n",
                "mangrove.security.acl.0.priority", "integer");
        assertBad("mangrove:\n  security:\n    acl:\n      - {roles: [r], path: /x, mongo: {allowBulkPatch: maybe}}\n",
                "mangrove.security.acl.0.mongo.allowBulkPatch", "true or false");
        assertBad("mangrove:\n  security:\n    acl:\n      - {roles: [r], path: /x, mongo: {readFilter: {a: \"@user.mail\"}}}\n",
                "mangrove.security.acl.0.mongo.readFilter", "@user.mail");
        assertBad("mangrove:\n  security:\n    acl:\n      - {roles: [r], path: /x, mongo: {readFilter: 'not json'}}\n",
                "mangrove.security.acl.0.mongo.readFilter", "document");
        assertBad("mangrove:\n  security:\n    acl:\n      - {roles: [r], path: /x, mongo: {allowAll: true}}\n",
                "mangrove.security.acl.0.mongo.allowAll", "unknown");
        assertBad("mangrove:\n  security:\n    acl-refresh: often\n", "mangrove.security.acl-refresh", "");
        assertBad("mangrove:\n  security:\n    root-role: ' '\n", "mangrove.security.root-role", "empty");
        assertBad("mangrove:\n  security:\n    users-collection: a$b\n", "mangrove.security.users-collection", "name");
        assertBad("mangrove:\n  security:\n    users-db: admin\n", "mangrove.security.users-db", "admin");
        assertBad("mangrove:\n  security:\n    users-db: a.b\n", "mangrove.security.users-db", "name");
        assertBad("mangrove:\n  security:\n    acl-collection: mangrove_users\n", "mangrove.security.acl-collection",
                "differ");
    }

    private void assertBad(String text, String key, String hint) throws IOException {
        Config config = yaml(text);
        ConfigurationException e = assertThrows(ConfigurationException.class, () -> read(config));
        assertTrue(e.getMessage().contains(key + ":"), e.getMessage());
        assertTrue(e.getMessage().contains(hint), e.getMessage());
    }
}
