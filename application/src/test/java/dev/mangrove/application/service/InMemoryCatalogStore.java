package dev.mangrove.application.service;

import dev.mangrove.application.port.out.CatalogStore;
import dev.mangrove.domain.resource.DatabaseName;
import dev.mangrove.domain.resource.Namespace;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** A {@link CatalogStore} over a map of raw database names to raw collection names, in insertion order. */
final class InMemoryCatalogStore implements CatalogStore {
    private final Map<String, List<String>> databases = new LinkedHashMap<>();
    private int existenceChecks;

    InMemoryCatalogStore withDatabase(String database, String... collections) {
        databases.computeIfAbsent(database, k -> new ArrayList<>()).addAll(List.of(collections));
        return this;
    }

    /** How many times {@link #collectionExists} was asked. */
    int existenceChecks() {
        return existenceChecks;
    }

    @Override
    public List<String> databaseNames() {
        return List.copyOf(databases.keySet());
    }

    @Override
    public List<String> collectionNames(DatabaseName database) {
        return List.copyOf(databases.getOrDefault(database.value(), List.of()));
    }

    @Override
    public boolean collectionExists(Namespace namespace) {
        existenceChecks++;
        return databases.getOrDefault(namespace.database().value(), List.of()).contains(namespace.collection().value());
    }
}
