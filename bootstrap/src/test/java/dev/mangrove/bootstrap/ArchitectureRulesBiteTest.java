package dev.mangrove.bootstrap;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.lang.ArchRule;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.stream.Stream;

import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Each rule of {@link ArchitectureTest} fails on a planted violation: test-only classes in
 * {@code dev.mangrove.*.planted} packages (which the real rules do not see, as they import no tests).
 */
class ArchitectureRulesBiteTest {
    private static final JavaClasses PLANTED = new ClassFileImporter().importPackages(
            "dev.mangrove.domain.planted", "dev.mangrove.application.planted", "dev.mangrove.application.port.planted",
            "dev.mangrove.application.port.in.planted", "dev.mangrove.application.port.out.planted",
            "dev.mangrove.plugin.spi.planted", "dev.mangrove.plugin.planted", "dev.mangrove.adapter.http.planted",
            "dev.mangrove.adapter.mongo.planted");
    private static final JavaClasses DOMAIN_ONLY = new ClassFileImporter().importPackages("dev.mangrove.domain.planted");

    /** rule, the planted class its failure must name. */
    static Stream<Arguments> rules() {
        return Stream.of(
                Arguments.of("domainDependsOnJavaOnly", ArchitectureTest.domainDependsOnJavaOnly, "PlantedQuery"),
                Arguments.of("applicationDependsOnDomainOnly", ArchitectureTest.applicationDependsOnDomainOnly,
                        "PlantedFrameworkUse"),
                Arguments.of("pluginSpiIsFrameworkFree", ArchitectureTest.pluginSpiIsFrameworkFree, "PlantedSpiType"),
                Arguments.of("pluginsUseOnlyTheSpi", ArchitectureTest.pluginsUseOnlyTheSpi, "PlantedPlugin"),
                Arguments.of("onion", ArchitectureTest.onion, "PlantedHttpAdapter"),
                Arguments.of("adaptersDoNotUseServices", ArchitectureTest.adaptersDoNotUseServices, "PlantedHttpAdapter"),
                Arguments.of("httpAdapterKnowsNoDriver", ArchitectureTest.httpAdapterKnowsNoDriver, "PlantedHttpAdapter"),
                Arguments.of("persistenceKnowsNoWeb", ArchitectureTest.persistenceKnowsNoWeb, "PlantedMongoAdapter"),
                Arguments.of("onlyBootstrapWires", ArchitectureTest.onlyBootstrapWires, "PlantedMongoAdapter"),
                Arguments.of("noCycles", ArchitectureTest.noCycles, "PlantedError"),
                Arguments.of("incomingPortsDoNotUseOutgoingPorts", ArchitectureTest.incomingPortsDoNotUseOutgoingPorts,
                        "PlantedUseCase"),
                Arguments.of("outgoingPortsDoNotUseIncomingPorts", ArchitectureTest.outgoingPortsDoNotUseIncomingPorts,
                        "PlantedStore"),
                Arguments.of("portsAreInterfacesOrRecords", ArchitectureTest.portsAreInterfacesOrRecords,
                        "PlantedPortClass"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("rules")
    void everyRuleFailsOnItsPlantedViolation(String name, ArchRule rule, String planted) {
        AssertionError failure = assertThrows(AssertionError.class, () -> rule.check(PLANTED), name);
        assertTrue(failure.getMessage().contains(planted), failure.getMessage());
    }

    @Test
    void aCycleBetweenTwoPackagesOfOneModuleIsFoundThoughAModuleLevelRuleMissesIt() {
        assertDoesNotThrow(() -> slices().matching("dev.mangrove.(*)..").should().beFreeOfCycles().check(DOMAIN_ONLY));
        AssertionError failure = assertThrows(AssertionError.class, () -> ArchitectureTest.noCycles.check(DOMAIN_ONLY));
        assertTrue(failure.getMessage().contains("domain.planted.error"), failure.getMessage());
        assertTrue(failure.getMessage().contains("domain.planted.query"), failure.getMessage());
    }

    @Test
    void aRuleThatChecksNoClassesFailsSoARenamedPackageCannotPassSilently() {
        AssertionError failure = assertThrows(AssertionError.class,
                () -> ArchitectureTest.pluginsUseOnlyTheSpi.check(DOMAIN_ONLY));
        assertTrue(failure.getMessage().contains("failed to check any classes"), failure.getMessage());
        assertThrows(AssertionError.class, () -> ArchitectureTest.portsAreInterfacesOrRecords.check(DOMAIN_ONLY));
    }
}
