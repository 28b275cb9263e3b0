package dev.mangrove.application.port.out.planted;

/** Planted violation (ArchitectureRulesBiteTest): an outbound port using a use case's type. */
public interface PlantedStore {
    dev.mangrove.application.port.in.IssuedToken issue();
}
