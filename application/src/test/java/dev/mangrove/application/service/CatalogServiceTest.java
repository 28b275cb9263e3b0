package dev.mangrove.application.service;

import dev.mangrove.domain.error.ErrorKind;
import dev.mangrove.domain.error.MangroveException;
import dev.mangrove.domain.resource.DatabaseName;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class CatalogServiceTest {

    @Test
    void listsServableDatabasesSorted() {
        InMemoryCatalogStore catalog = new InMemoryCatalogStore()
                .withDatabase("shop").withDatabase("admin").withDatabase("blog").withDatabase("local")
                .withDatabase("config").withDatabase("Zeta").withDatabase("my.db").withDatabase("a");
        assertEquals(List.of("Zeta", "a", "blog", "shop"), new CatalogService(catalog).databases());
    }

    @Test
    void listsUserCollectionsSorted() {
        InMemoryCatalogStore catalog = new InMemoryCatalogStore().withDatabase("shop",
                "orders", "system.views", "_properties", "items", "_hidden", "system.profile", "fs.files", "a$b",
                "Zebra", "fs.chunks");
        assertEquals(List.of("Zebra", "fs.chunks", "fs.files", "items", "orders"),
                new CatalogService(catalog).collections(new DatabaseName("shop")));
    }

    @Test
    void emptyCatalogsListNothing() {
        CatalogService service = new CatalogService(new InMemoryCatalogStore().withDatabase("admin", "x")
                .withDatabase("shop", "_properties"));
        assertEquals(List.of("shop"), service.databases());
        assertEquals(List.of(), service.collections(new DatabaseName("shop")));
    }

    @Test
    void aMissingDatabaseIsNotFound() {
        CatalogService service = new CatalogService(new InMemoryCatalogStore().withDatabase("admin", "x"));
        MangroveException e = assertThrows(MangroveException.class,
                () -> service.collections(new DatabaseName("shop")));
        assertEquals(ErrorKind.NOT_FOUND, e.kind());
        assertEquals("database-not-found", e.code());
    }
}
