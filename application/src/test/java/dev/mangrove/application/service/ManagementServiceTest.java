package dev.mangrove.application.service;

import dev.mangrove.application.port.out.AdminStore;
import dev.mangrove.application.port.out.IndexStore;
import dev.mangrove.domain.document.Document;
import dev.mangrove.domain.document.ETag;
import dev.mangrove.domain.error.ErrorKind;
import dev.mangrove.domain.error.MangroveException;
import dev.mangrove.domain.resource.DatabaseName;
import dev.mangrove.domain.resource.Namespace;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ManagementServiceTest {
    private static final Namespace PEOPLE = Namespace.of("shop", "people");

    private final InMemoryCatalogStore catalog = new InMemoryCatalogStore().withDatabase("shop", "people");
    private final FakeAdmin admin = new FakeAdmin();
    private final FakeIndexes indexes = new FakeIndexes();
    private final ManagementService service = new ManagementService(catalog, admin, indexes);

    @Test
    void putCreatesAMissingCollectionWithItsOptionsAndKeepsMetadataApart() {
        Namespace orders = Namespace.of("shop", "orders");
        assertTrue(service.putCollection(orders, doc("owner", "ada", "options", Map.of("capped", true))));
        assertEquals(List.of(orders), admin.created);
        assertEquals(Map.of("capped", true), admin.createdOptions.get(0).fields());
        assertEquals(Map.of("owner", "ada"), admin.metadata.get("shop/orders").fields());
    }

    @Test
    void putOnAnExistingCollectionOnlyReplacesMetadataAndRefusesOptions() {
        assertFalse(service.putCollection(PEOPLE, doc("owner", "grace")));
        assertTrue(admin.created.isEmpty());
        MangroveException e = assertThrows(MangroveException.class,
                () -> service.putCollection(PEOPLE, doc("options", Map.of("capped", true))));
        assertEquals("invalid-body", e.code());
    }

    @Test
    void refusesAnUnconfirmedDropAndAcceptsForceOrTheMetadataEtag() {
        admin.metadata.put("shop/people", doc("owner", "ada"));
        MangroveException e = assertThrows(MangroveException.class,
                () -> service.dropCollection(PEOPLE, false, Optional.empty()));
        assertEquals("confirmation-required", e.code());
        assertEquals(ErrorKind.CONFLICT, e.kind());
        assertThrows(MangroveException.class, () -> service.dropCollection(PEOPLE, false, Optional.of("\"x\"")));
        assertTrue(admin.dropped.isEmpty());

        service.dropCollection(PEOPLE, false, Optional.of(ETag.of(doc("owner", "ada")).quoted()));
        assertEquals(List.of(PEOPLE), admin.dropped);
        assertFalse(admin.metadata.containsKey("shop/people"), "the metadata goes with the collection");

        service.dropCollection(PEOPLE, true, Optional.empty());
        assertEquals(2, admin.dropped.size());
    }

    @Test
    void aMissingDatabaseHasNoMetadataAndCannotBeDropped() {
        DatabaseName ghost = new DatabaseName("ghost");
        assertEquals("database-not-found", assertThrows(MangroveException.class,
                () -> service.databaseMetadata(ghost)).code());
        assertEquals("database-not-found", assertThrows(MangroveException.class,
                () -> service.dropDatabase(ghost, true, Optional.empty())).code());
        assertTrue(service.putDatabase(ghost, doc("team", "core")));
        assertEquals(Map.of("team", "core"), admin.metadata.get("ghost/_db").fields());
    }

    @Test
    void patchMergesDatabaseMetadata() {
        admin.metadata.put("shop/_db", doc("team", "core"));
        Document merged = service.patchDatabase(new DatabaseName("shop"), doc("tier", 2));
        assertEquals(Map.of("team", "core", "tier", 2), merged.fields());
    }

    @Test
    void validatesIndexBodiesBeforeTouchingTheStore() {
        for (Document bad : List.of(doc(), doc("keys", Map.of()), doc("keys", Map.of("a", "up")),
                doc("keys", Map.of("a", 1), "ops", Map.of("uniq", true)),
                doc("keys", Map.of("a", 1), "ops", Map.of("unique", "yes")),
                doc("keys", Map.of("a", 1), "ops", 3), doc("keys", Map.of("a", 1), "other", 1))) {
            MangroveException e = assertThrows(MangroveException.class, () -> service.create(PEOPLE, "i", bad),
                    bad.toString());
            assertEquals("invalid-index", e.code());
        }
        assertTrue(indexes.created.isEmpty());
        service.create(PEOPLE, "i", doc("keys", Map.of("a", 1, "b", "text"), "ops", Map.of("unique", true)));
        assertEquals(List.of("i"), indexes.created);
    }

    @Test
    void neverDropsTheIdIndexAndReportsMissingIndexes() {
        assertEquals("cannot-drop-id-index", assertThrows(MangroveException.class,
                () -> service.drop(PEOPLE, "_id_")).code());
        assertEquals("index-not-found", assertThrows(MangroveException.class,
                () -> service.drop(PEOPLE, "nope")).code());
        assertEquals("collection-not-found", assertThrows(MangroveException.class,
                () -> service.indexes(Namespace.of("shop", "nope"))).code());
    }

    private static Document doc(Object... pairs) {
        Map<String, Object> fields = new LinkedHashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            fields.put((String) pairs[i], pairs[i + 1]);
        }
        return new Document(fields);
    }

    private static final class FakeAdmin implements AdminStore {
        final List<Namespace> created = new ArrayList<>();
        final List<Document> createdOptions = new ArrayList<>();
        final List<Namespace> dropped = new ArrayList<>();
        final Map<String, Document> metadata = new HashMap<>();

        @Override
        public void createCollection(Namespace namespace, Document options) {
            created.add(namespace);
            createdOptions.add(options);
        }

        @Override
        public void dropCollection(Namespace namespace) {
            dropped.add(namespace);
        }

        @Override
        public void dropDatabase(DatabaseName database) {
        }

        @Override
        public Optional<Document> metadata(DatabaseName database, String key) {
            return Optional.ofNullable(metadata.get(database.value() + "/" + key));
        }

        @Override
        public void saveMetadata(DatabaseName database, String key, Document value) {
            metadata.put(database.value() + "/" + key, value);
        }

        @Override
        public boolean saveMetadataIfUnchanged(DatabaseName database, String key, Document current, Document value) {
            if (!java.util.Objects.equals(metadata.get(database.value() + "/" + key), current)) {
                return false;
            }
            metadata.put(database.value() + "/" + key, value);
            return true;
        }

        @Override
        public void deleteMetadata(DatabaseName database, String key) {
            metadata.remove(database.value() + "/" + key);
        }
    }

    private static final class FakeIndexes implements IndexStore {
        final List<String> created = new ArrayList<>();

        @Override
        public List<Document> indexes(Namespace namespace) {
            List<Document> all = new ArrayList<>(List.of(doc("name", "_id_", "key", Map.of("_id", 1))));
            created.forEach(name -> all.add(doc("name", name)));
            return all;
        }

        @Override
        public void create(Namespace namespace, String name, Document keys, Document options) {
            created.add(name);
        }

        @Override
        public void drop(Namespace namespace, String name) {
            created.remove(name);
        }
    }
}
