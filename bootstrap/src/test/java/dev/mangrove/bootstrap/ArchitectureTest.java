package dev.mangrove.bootstrap;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.Architectures.onionArchitecture;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

/** The hexagonal layering (STYLE.md), guarded in code as well as by the Maven enforcer. */
@AnalyzeClasses(packages = "dev.mangrove", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {
    @ArchTest
    static final ArchRule domainDependsOnJavaOnly = classes().that().resideInAPackage("dev.mangrove.domain..")
            .should().onlyDependOnClassesThat().resideInAnyPackage("java..", "dev.mangrove.domain..")
            .because("the domain is pure: records, sealed types and value objects over java.* only");

    @ArchTest
    static final ArchRule applicationDependsOnDomainOnly = classes().that().resideInAPackage("dev.mangrove.application..")
            .should().onlyDependOnClassesThat().resideInAnyPackage("java..", "dev.mangrove.domain..",
                    "dev.mangrove.application..", "dev.mangrove.plugin.spi..")
            .because("use cases and ports know nothing of frameworks; the application hosts what plugins contribute");

    @ArchTest
    static final ArchRule pluginSpiIsFrameworkFree = classes().that().resideInAPackage("dev.mangrove.plugin.spi..")
            .should().onlyDependOnClassesThat().resideInAnyPackage("java..", "dev.mangrove.domain..",
                    "dev.mangrove.plugin.spi..")
            .because("every type a plugin sees lives in the SPI: no Helidon, driver, BSON or Jackson types, "
                    + "and no application ports");

    @ArchTest
    static final ArchRule pluginsUseOnlyTheSpi = classes().that().resideInAPackage("dev.mangrove.plugin..")
            .and().resideOutsideOfPackage("dev.mangrove.plugin.spi..")
            .should().onlyDependOnClassesThat().resideInAnyPackage("java..", "dev.mangrove.domain..",
                    "dev.mangrove.plugin..")
            .because("plugins are written against the SPI and the domain only; the host gives them a typed context");

    @ArchTest
    static final ArchRule onion = onionArchitecture()
            .domainModels("dev.mangrove.domain..")
            .domainServices("dev.mangrove.application.port..")
            .applicationServices("dev.mangrove.application.service..")
            .adapter("http", "dev.mangrove.adapter.http..")
            .adapter("persistence", "dev.mangrove.adapter.mongo..")
            .adapter("security", "dev.mangrove.adapter.security..")
            .adapter("schema", "dev.mangrove.adapter.schema..")
            .withOptionalLayers(true)
            .ignoreDependency(JavaClass.Predicates.resideInAnyPackage("dev.mangrove.bootstrap..", "dev.mangrove.plugin.."),
                    DescribedPredicate.alwaysTrue())
            .because("adapters depend inward and never on each other");

    @ArchTest
    static final ArchRule adaptersDoNotUseServices = noClasses().that().resideInAPackage("dev.mangrove.adapter..")
            .should().dependOnClassesThat().resideInAPackage("dev.mangrove.application.service..")
            .because("adapters drive use-case ports; only bootstrap wires services");

    @ArchTest
    static final ArchRule httpAdapterKnowsNoDriver = noClasses().that().resideInAPackage("dev.mangrove.adapter.http..")
            .should().dependOnClassesThat().resideInAnyPackage("com.mongodb..", "org.bson..", "de.bwaldvogel..")
            .because("the HTTP adapter reaches MongoDB only through ports");

    @ArchTest
    static final ArchRule persistenceKnowsNoWeb = noClasses().that().resideInAPackage("dev.mangrove.adapter.mongo..")
            .should().dependOnClassesThat().resideInAnyPackage("io.helidon..", "com.fasterxml..")
            .because("the persistence adapter is independent of HTTP and JSON");

    @ArchTest
    static final ArchRule onlyBootstrapWires = noClasses().that().resideOutsideOfPackage("dev.mangrove.bootstrap..")
            .should().dependOnClassesThat().resideInAPackage("dev.mangrove.bootstrap..")
            .because("bootstrap is the composition root; nothing depends on it");

    @ArchTest
    static final ArchRule noCycles = slices().matching("dev.mangrove.(**)").should().beFreeOfCycles()
            .because("each package is a unit a reader can understand from its imports; a cycle between two "
                    + "packages (even inside one module) makes them one");

    @ArchTest
    static final ArchRule incomingPortsDoNotUseOutgoingPorts = noClasses()
            .that().resideInAPackage("dev.mangrove.application.port.in..")
            .should().dependOnClassesThat().resideInAPackage("dev.mangrove.application.port.out..")
            .because("incoming and outgoing ports do not depend on each other: a use case speaks its own types");

    @ArchTest
    static final ArchRule outgoingPortsDoNotUseIncomingPorts = noClasses()
            .that().resideInAPackage("dev.mangrove.application.port.out..")
            .should().dependOnClassesThat().resideInAPackage("dev.mangrove.application.port.in..")
            .because("incoming and outgoing ports do not depend on each other: a store knows no use case");

    @ArchTest
    static final ArchRule portsAreInterfacesOrRecords = classes().that().resideInAPackage("dev.mangrove.application.port..")
            .and().areTopLevelClasses()
            .should().beInterfaces().orShould().beRecords().orShould().beEnums()
            .because("ports are use-case interfaces and the commands/queries/results they exchange");
}
