package dev.mangrove.domain.planted.query;

import dev.mangrove.domain.planted.error.PlantedError;

/** Planted violation (ArchitectureRulesBiteTest): the other half of the cycle, and a domain class using BSON. */
public final class PlantedQuery {
    PlantedError error;
    org.bson.types.ObjectId id;
}
