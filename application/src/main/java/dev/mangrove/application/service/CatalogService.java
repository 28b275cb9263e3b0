package dev.mangrove.application.service;

import dev.mangrove.application.port.in.BrowseCatalogUseCase;
import dev.mangrove.application.port.out.CatalogStore;
import dev.mangrove.domain.resource.CollectionName;
import dev.mangrove.domain.resource.DatabaseName;

import java.util.List;
import java.util.Objects;

/** Lists servable databases and user collections. */
public final class CatalogService implements BrowseCatalogUseCase {
    private final CatalogStore catalog;

    /** A service over the given catalog. */
    public CatalogService(CatalogStore catalog) {
        this.catalog = Objects.requireNonNull(catalog, "catalog");
    }

    @Override
    public List<String> databases() {
        return catalog.databaseNames().stream().filter(DatabaseName::isServable).sorted().toList();
    }

    @Override
    public List<String> collections(DatabaseName database) {
        Existence.requireDatabase(catalog, database);
        return catalog.collectionNames(database).stream().filter(CollectionName::isUserCollection).sorted().toList();
    }
}
