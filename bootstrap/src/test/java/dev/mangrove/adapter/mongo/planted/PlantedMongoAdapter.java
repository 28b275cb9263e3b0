package dev.mangrove.adapter.mongo.planted;

/** Planted violation (ArchitectureRulesBiteTest): the persistence adapter using Helidon and bootstrap. */
public final class PlantedMongoAdapter {
    io.helidon.http.Status status;
    dev.mangrove.bootstrap.Main main;
}
