package dev.mangrove.plugin.planted;

/** Planted violation (ArchitectureRulesBiteTest): a plugin using a service instead of the SPI. */
public final class PlantedPlugin {
    dev.mangrove.application.service.DocumentService service;
}
