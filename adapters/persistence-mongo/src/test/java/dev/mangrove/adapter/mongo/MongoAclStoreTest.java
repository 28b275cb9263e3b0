package dev.mangrove.adapter.mongo;

import dev.mangrove.application.port.out.AclStore;
import dev.mangrove.domain.document.Document;
import dev.mangrove.domain.error.MangroveException;
import dev.mangrove.domain.resource.Namespace;
import dev.mangrove.domain.security.Permission;
import org.bson.BsonDocument;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

@Timeout(value = 60, unit = TimeUnit.SECONDS)
class MongoAclStoreTest {
    private static InMemoryMongo mongo;

    @BeforeAll
    static void start() {
        mongo = new InMemoryMongo(true);
    }

    @AfterAll
    static void stop() {
        mongo.close();
    }

    @Test
    void readsEveryStoredPermissionByIdWithTypedValues() {
        Namespace namespace = Namespace.of("mangrove", "acl_typed");
        Blocking.single(mongo.backend.client().getDatabase("mangrove").getCollection("acl_typed", BsonDocument.class)
                .insertMany(List.of(
                        BsonDocument.parse("{_id: 2, roles: ['author'], path: '/blog/**', priority: -1,"
                                + " mongo: {readFilter: {$or: [{published: true}, {author: '@user.username'}]},"
                                + " writeFilter: {since: {$lte: {$date: '2026-01-01T00:00:00Z'}}},"
                                + " allowBulkPatch: true}}"),
                        BsonDocument.parse("{_id: 1, roles: ['reader'], methods: ['GET'], path: '/shop/**'}"),
                        BsonDocument.parse("{_id: 3, roles: 'nope', path: 7}"))));
        AclStore store = mongo.backend.acl(namespace);
        List<Document> documents = store.permissionDocuments();
        assertEquals(List.of(1, 2, 3), documents.stream().map(d -> d.get("_id")).toList(), "ascending _id");

        Permission blog = Permission.parse("stored", documents.get(1).fields());
        assertEquals(-1, blog.priority());
        assertEquals(List.of(Map.of("published", true), Map.of("author", "@user.username")),
                blog.readFilter().get("$or"));
        assertEquals(Map.of("$lte", Instant.parse("2026-01-01T00:00:00Z")), blog.writeFilter().get("since"));
        assertTrue(blog.allows(dev.mangrove.domain.security.AclFlag.BULK_PATCH));
        assertThrows(IllegalArgumentException.class, () -> Permission.parse("stored", documents.get(2).fields()),
                "broken documents are returned as stored; the caller skips them");
    }

    @Test
    void aMissingCollectionHasNoPermissions() {
        assertEquals(List.of(), mongo.backend.acl(Namespace.of("mangrove", "acl_none")).permissionDocuments());
    }

    @Test
    void anUnreachableBackendFailsWithAMangroveException() {
        MongoBackend down = MongoBackend.connect(new MongoBackendSettings("mongodb://127.0.0.1:1",
                Duration.ofMillis(300), Duration.ofSeconds(1), false, builder -> { }));
        try {
            assertThrows(MangroveException.class, () -> down.acl(Namespace.of("mangrove", "acl")).permissionDocuments());
        } finally {
            down.close();
        }
    }
}
