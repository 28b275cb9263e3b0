package dev.mangrove.domain.planted.error;

import dev.mangrove.domain.planted.query.PlantedQuery;

/** Planted violation (ArchitectureRulesBiteTest): half of a cycle between two domain packages. */
public final class PlantedError {
    PlantedQuery query;
}
