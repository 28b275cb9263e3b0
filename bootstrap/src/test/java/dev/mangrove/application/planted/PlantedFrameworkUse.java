package dev.mangrove.application.planted;

/** Planted violation (ArchitectureRulesBiteTest): the application using Helidon. */
public final class PlantedFrameworkUse {
    io.helidon.http.Status status;
}
