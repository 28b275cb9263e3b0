package dev.mangrove.application.port.in.planted;

/** Planted violation (ArchitectureRulesBiteTest): a use case returning an outbound port's type. */
public interface PlantedUseCase {
    dev.mangrove.application.port.out.DocumentCursor find();
}
