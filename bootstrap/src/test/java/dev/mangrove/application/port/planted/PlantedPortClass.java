package dev.mangrove.application.port.planted;

/** Planted violation (ArchitectureRulesBiteTest): a port that is a class, not an interface or record. */
public class PlantedPortClass {
}
