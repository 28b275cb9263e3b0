package dev.mangrove.plugin.spi.planted;

/** Planted violation (ArchitectureRulesBiteTest): the SPI showing a Jackson type. */
public interface PlantedSpiType {
    com.fasterxml.jackson.core.JsonGenerator generator();
}
